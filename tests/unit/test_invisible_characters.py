"""Which invisible characters a stored text may hold: decided by Unicode category.

Every Cc and Cf character is refused, except the joiners, variation selectors and tag
characters that emoji and scripts need, where they join something (domain/text.py).
"""

import sys
import unicodedata

import pytest

from tui_clients.domain.errors import ValidationError
from tui_clients.domain.text import NAME_MAX, clean_name, clean_text, forbidden_char, printable

ZWJ, ZWNJ = "\u200d", "\u200c"
VS15, VS16 = "\ufe0e", "\ufe0f"
CANCEL_TAG = "\U000e007f"


def tag_flag(region: str) -> str:
    """An emoji tag sequence flag: 🏴 + tag letters + CANCEL TAG (UTS #51)."""
    return "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in region) + CANCEL_TAG


def refused_char(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_name(value)
    error = caught.value.errors[0]
    assert error.code == "control_character"
    return error.params["char"]


def every_char(categories: tuple[str, ...]) -> list[str]:
    return [
        chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) in categories
    ]


# --- the issue's examples -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "char"),
    [
        ("Ana\U000e0041na", "U+E0041"),  # TAG LATIN CAPITAL LETTER A, invisible
        ("Ana\U000e0041", "U+E0041"),
        ("a\u2062b", "U+2062"),  # INVISIBLE TIMES
        ("Ana\u180eMaría", "U+180E"),  # MONGOLIAN VOWEL SEPARATOR (Cf since Unicode 6.3)
        ("Ana\ufff9María", "U+FFF9"),  # INTERLINEAR ANNOTATION ANCHOR
    ],
)
def test_invisible_characters_the_issue_found_passing_are_refused(value, char):
    assert refused_char(value) == char


def test_a_zero_width_joiner_inside_an_emoji_sequence_is_kept():
    assert clean_name("María 👩\u200d💻 Ruiz") == "María 👩\u200d💻 Ruiz"


@pytest.mark.parametrize(
    "value",
    [
        "Equipo 👨\u200d👩\u200d👧",  # family
        "Orgullo 🏳\ufe0f\u200d🌈",  # VS16 between the flag and the joiner
        "Ana 👩🏽\u200d💻",  # skin tone modifier before the joiner
        "Pasión ❤\ufe0f\u200d🔥",
        "Línea #\ufe0f\u20e3 1\ufe0f\u20e3",  # keycaps
        "Tel ☎\ufe0e",  # text presentation selector
        "Fans " + tag_flag("gbeng") + " " + tag_flag("gbsct") + " " + tag_flag("gbwls"),
        "क्\u200dष",  # Devanagari: ZWJ after the virama (half form)
        "ക്\u200dക",  # Malayalam
        "می\u200cخواهم",  # Persian: ZWNJ between Arabic letters
        "क्\u200cष",  # Devanagari with ZWNJ (explicit virama)
        "葛\U000e0100城",  # ideographic variation selector after a Han character
    ],
)
def test_joiners_and_selectors_that_join_something_are_kept(value):
    assert clean_name(value) == unicodedata.normalize("NFC", value)
    assert forbidden_char(value) is None
    assert printable(value) == value


@pytest.mark.parametrize(
    ("value", "char"),
    [
        ("An\u200dna", "U+200D"),  # between Latin letters it changes nothing visible
        ("An\u200cna", "U+200C"),
        ("\u200d👩 Ruiz", "U+200D"),  # joins nothing on the left
        ("Ruiz 👩\u200d", "U+200D"),  # nor on the right (trailing, before the trim)
        ("👩\u200d Ruiz", "U+200D"),
        ("👩\u200da", "U+200D"),  # emoji + Latin letter
        ("👩\u200c💻", "U+200C"),  # ZWNJ does not join emoji
        ("\ufe0fAna", "U+FE0F"),  # a variation selector with nothing to vary
        ("Ana \ufe0f", "U+FE0F"),
        ("Ana\ufe0f\ufe0f", "U+FE0F"),
        ("\U000e0100Ana", "U+E0100"),
        ("Ana\U000e0067\U000e0062\U000e007f", "U+E0067"),  # tags without the black flag
        ("\U0001f3f4\U000e0067\U000e0062 Ana", "U+E0067"),  # no CANCEL TAG
        ("Ana" + CANCEL_TAG, "U+E007F"),
        ("\U000e0001Ana", "U+E0001"),  # LANGUAGE TAG, deprecated
        ("\U0001f3f4\U000e0001\U000e007f", "U+E0001"),
    ],
)
def test_joiners_selectors_and_tags_that_join_nothing_are_refused(value, char):
    assert refused_char(value) == char


# --- a systematic sweep -----------------------------------------------------------------


def test_every_format_and_control_character_is_refused_between_latin_letters():
    characters = every_char(("Cf", "Cc"))
    assert len(characters) > 200  # all of them, not a hand-kept list
    for ch in characters:
        if ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85":
            continue  # whitespace: checked below, as spaces would be
        value = f"Ana{ch}María"
        assert forbidden_char(value) == ch, f"U+{ord(ch):04X}"
        assert refused_char(value) == f"U+{ord(ch):04X}"
        assert ch not in printable(value)


def test_whitespace_controls_are_refused_in_a_name():
    for ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85":
        assert refused_char(f"Ana{ch}María") == f"U+{ord(ch):04X}"


def test_every_format_character_is_refused_inside_each_context_that_allows_others():
    """An emoji sequence, an Indic word and a tag flag keep their own joiners only."""
    allowed_somewhere = {ZWJ, ZWNJ} | {chr(cp) for cp in range(0xE0020, 0xE0080)}
    for ch in every_char(("Cf",)):
        if ch in allowed_somewhere:
            continue
        for value in (f"👩{ch}💻", f"क्{ch}ष", f"\U0001f3f4\U000e0067{ch}\U000e007f"):
            assert ch not in printable(value), f"U+{ord(ch):04X} in {value!r}"


def test_no_visible_character_is_refused():
    """Letters, marks, numbers, punctuation, symbols and spaces of every script pass."""
    selectors = {*range(0x180B, 0x180E), 0x180F, *range(0xFE00, 0xFE10)}
    selectors |= set(range(0xE0100, 0xE01F0))
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category[0] in "LMNPSZ" and cp not in selectors:
            assert forbidden_char(f"a{ch}a") is None, f"U+{cp:04X}"


def test_ordinary_text_keeps_its_rules():
    assert clean_name("  Jose\u0301   Nu\u0301n\u0303ez\u00a0 ") == "José Núñez"
    assert clean_name("x" * NAME_MAX) == "x" * NAME_MAX
    with pytest.raises(ValidationError):
        clean_name("x" * (NAME_MAX + 1))
    assert clean_text("línea 1\nlínea 2", "notes", multiline=True) == "línea 1\nlínea 2"
    assert refused_char("Ana\u200bMaría") == "U+200B"
    assert refused_char("Ana\u00adMaría") == "U+00AD"
    assert refused_char("\ufeffAna") == "U+FEFF"


def test_printable_escapes_exactly_what_is_refused():
    assert printable("Ana\u200bMaría") == "Ana\\u200bMaría"
    assert printable("Ana\U000e0041") == "Ana\\U000e0041"
    assert printable("María 👩\u200d💻 \u202eRuiz") == "María 👩\u200d💻 \\u202eRuiz"
    assert printable("\x1b[31mrojo") == "\\x1b[31mrojo"
