"""Text rules: names and free text are trimmed, NFC, free of control characters.

What a stored text may not hold is decided by Unicode category in one place,
:func:`_refused`: every character of category Cc (C0/C1 controls, NUL, ESC) and
Cf (format characters: bidi overrides and marks, zero-width space, soft hyphen,
BOM, invisible operators, TAG characters, U+180E, interlinear annotation …) is
refused, and so are variation selectors that follow no base character.  The only
format characters allowed are the ones writing needs, where they join something:

* ZWJ U+200D between two emoji (``👩‍💻``, ``🏳️‍🌈``, skin tones included) or
  between letters/marks of a script whose shaping uses it (Arabic, Syriac,
  Indic, Sinhala, Tibetan, Myanmar, Khmer, Mongolian …);
* ZWNJ U+200C between letters/marks of those scripts (Persian, Hindi, Malayalam);
* TAG characters U+E0020–E007E only inside an emoji flag tag sequence
  (U+1F3F4, tags, CANCEL TAG U+E007F: the flags of England, Scotland, Wales).

Between Latin, Greek or Cyrillic letters a joiner changes nothing visible (``Anna``
with a ZWJ inside looks like ``Anna``), so it is refused there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from slugify import slugify

from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_

_SPACES = re.compile(r"\s+")

NAME_MAX = 200
TEXT_MAX = 500

ZWJ, ZWNJ = "\u200d", "\u200c"
# Variation selectors (category Mn, invisible): standard, ideographic, Mongolian free ones.
_VARIATION = re.compile("[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# An emoji flag tag sequence: black flag, tag letters/digits, CANCEL TAG (UTS #51).
_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_TAGS = ("\U000e0000", "\U000e007f")
_EMOJI_MODIFIERS = ("\U0001f3fb", "\U0001f3ff")  # skin tones (category Sk)
# Blocks of the scripts whose shaping uses ZWJ/ZWNJ (The Unicode Standard, 23.2):
# Arabic, Syriac, Thaana, NKo …; the Indic (Brahmic) scripts and Sinhala; Tibetan;
# Myanmar; Khmer and Mongolian; Limbu … Tai Tham; Balinese … Lepcha; Syloti Nagri …
# Cham/Myanmar extensions; Meetei Mayek; Arabic presentation forms; Kharoshthi; the
# historic Brahmic scripts; Adlam.
_JOINING_BLOCKS = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0F00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x18AF),
    (0x1900, 0x1AAF),
    (0x1B00, 0x1C4F),
    (0xA800, 0xAAFF),
    (0xABC0, 0xABFF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10A00, 0x10A5F),
    (0x11000, 0x11FFF),
    (0x1E900, 0x1E95F),
)


def _script_letter(ch: str) -> bool:
    """A letter or mark of a script that uses the joiners."""
    if unicodedata.category(ch)[0] not in "LM":
        return False
    cp = ord(ch)
    return any(low <= cp <= high for low, high in _JOINING_BLOCKS)


def _emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or _EMOJI_MODIFIERS[0] <= ch <= _EMOJI_MODIFIERS[1]


def _joins(text: str, i: int) -> bool:
    """Whether the joiner at ``text[i]`` stands between two characters it can join
    (variation selectors after the left one are skipped: ``🏳️‍🌈``)."""
    left = i - 1
    while left >= 0 and _VARIATION.match(text[left]):
        left -= 1
    if left < 0 or i + 1 >= len(text):
        return False
    before, after = text[left], text[i + 1]
    if _script_letter(before) and _script_letter(after):
        return True
    return text[i] == ZWJ and _emoji(before) and _emoji(after)


def _after_base(text: str, i: int) -> bool:
    """Whether the variation selector at ``text[i]`` follows a character it can vary."""
    if i == 0:
        return False
    prev = text[i - 1]
    return unicodedata.category(prev)[0] not in "CZ" and not _VARIATION.match(prev)


def _refused(text: str) -> Iterator[int]:
    """The positions of the characters a stored text may not hold: the one place that
    decides it (see the module's docstring)."""
    tagged: set[int] | None = None
    for i, ch in enumerate(text):
        if ch.isprintable() and not _VARIATION.match(ch):
            continue  # letters, marks, symbols, space: never Cc or Cf
        if _VARIATION.match(ch):
            if not _after_base(text, i):
                yield i
            continue
        if unicodedata.category(ch) not in ("Cc", "Cf"):
            continue  # no-break and other spaces, line separators: collapsed like spaces
        if ch in (ZWJ, ZWNJ):
            if not _joins(text, i):
                yield i
        elif _TAGS[0] <= ch <= _TAGS[1]:
            if tagged is None:
                tagged = {
                    k for m in _TAG_SEQUENCE.finditer(text) for k in range(m.start() + 1, m.end())
                }
            if i not in tagged:
                yield i
        else:
            yield i


def _clean_fast(text: str) -> bool:
    """True when ``text`` certainly holds nothing :func:`_refused` finds (nearly all text)."""
    return text.isprintable() and (text.isascii() or not _VARIATION.search(text))


def forbidden_char(text: str) -> str | None:
    """The first character a stored text may not hold (C0/C1 controls, NUL, bidi,
    zero-width and other invisible format characters, stray variation selectors), if any."""
    if _clean_fast(text):
        return None
    return next((text[i] for i in _refused(text)), None)


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


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Accent-, case- and punctuation-folded form for search and sort keys (python-slugify).

    Plain ASCII without HTML entities takes a fast path that gives slugify's result
    (a test holds the two together); it matters at a million clients, and so does
    remembering the last few thousand (a row's name is folded for its sort key, its
    company's and its search words).
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


def printable(text: str, keep: str = "") -> str:
    """Text safe to write to a terminal: what ``forbidden_char`` finds (C0 and C1 controls,
    ESC, DEL, carriage return, line feed, tab, invisible format characters), shown escaped;
    and lone surrogates (an undecodable byte of a file name, ``\\udc9b`` for 0x9b), which
    would reach the terminal as that raw byte or fail to be written at all.  ``keep``
    names the layout characters left as they are: ``"\\n"`` for a text of several lines."""
    if _clean_fast(text):
        return text
    bad = {i for i in _refused(text) if text[i] not in keep}
    bad.update(i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff")
    return "".join(
        ch.encode("unicode_escape").decode() if i in bad else ch for i, ch in enumerate(text)
    )
