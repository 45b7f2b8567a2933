"""Text rules: names and free text are trimmed, NFC, free of control characters."""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify

from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_

# Bidirectional overrides/isolates can make a name display as something else.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_SPACES = re.compile(r"\s+")

NAME_MAX = 200
TEXT_MAX = 500


# Category Cc is exactly U+0000-U+001F and U+007F-U+009F; plus the bidi controls and the
# invisible characters (a name that looks the same as another must be the same).
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(_BIDI | _INVISIBLE)) + "]")


def forbidden_char(text: str) -> str | None:
    """The first character a stored text may not hold (C0/C1 controls, NUL, bidi,
    zero-width and other invisible ones), if any."""
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def clean_text(
    value: str | None,
    field: str,
    *,
    required: bool = False,
    max_length: int = TEXT_MAX,
    multiline: bool = False,
) -> str:
    """Trim, NFC-normalise and check one free-text value; '' when empty and optional."""
    raw = "" if value is None else str(value)
    # Printable ASCII is already NFC and holds no control or invisible character.
    plain = raw.isascii() and raw.isprintable()
    text = raw if plain else unicodedata.normalize("NFC", raw)
    bad = None if plain else forbidden_char(text.replace("\n", "") if multiline else text)
    if bad is not None:
        raise ValidationError(
            FieldError(
                field,
                "control_character",
                N_("“{value}” contains a control or invisible character ({char})."),
                shown(raw),
                {"char": f"U+{ord(bad):04X}"},
            )
        )
    if multiline:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.strip().splitlines())
    else:
        text = _SPACES.sub(" ", text).strip()
    if not text:
        if required:
            raise ValidationError(FieldError(field, "required", N_("This field is required.")))
        return ""
    if len(text) > max_length:
        raise ValidationError(
            FieldError(
                field,
                "too_long",
                N_("“{value}” is too long: {length} characters, at most {max}."),
                shown(text),
                {"length": len(text), "max": max_length},
            )
        )
    return text


def clean_name(value: str | None, field: str = "name", *, required: bool = True) -> str:
    return clean_text(value, field, required=required, max_length=NAME_MAX)


_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_ASCII_OTHER = re.compile(r"[^a-z0-9]+")
_MARKS = re.compile("[\u0300-\u036f]")  # combining diacritical marks


def fold(text: str) -> str:
    """Accent-, case- and punctuation-folded form for search and sort keys (python-slugify).

    Plain ASCII without HTML entities takes a fast path that gives slugify's result
    (a test holds the two together); it matters at a million clients.
    """
    text = text or ""
    if not text.isascii():  # "Logística" -> "Logistica" when only accents made it non-ASCII
        bare = _MARKS.sub("", unicodedata.normalize("NFD", text))
        text = bare if bare.isascii() else text
    if text.isascii() and "&" not in text:
        text = _DIGIT_COMMA.sub("", text.lower())
        return _ASCII_OTHER.sub(" ", text).strip()
    # text-unidecode is slugify's own dependency; naming it skips a failed import per call.
    return slugify(text, separator=" ", lowercase=True, backend="text-unidecode")


def compact_key(text: str) -> str:
    """Folded form without any separator: 'GODE-561231-GR8' -> 'gode561231gr8'."""
    return fold(text).replace(" ", "")


def printable(text: str) -> str:
    """Text safe to write to a terminal: what ``forbidden_char`` finds, shown escaped."""
    return _FORBIDDEN.sub(lambda found: found.group().encode("unicode_escape").decode(), text)
