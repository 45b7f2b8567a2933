"""The command line's one rule for what reaches a terminal (tui_clients.cli.terminal):
control characters escaped, line feeds and tabs kept, --json valid and exact."""

from __future__ import annotations

import io
import json
import sys

from tui_clients.cli.terminal import EscapedStream, escaped, escaped_output, json_text
from tui_clients.domain.text import printable

HOSTILE = (
    [chr(c) for c in range(0x20)]  # C0, ESC and BEL included
    + ["\x7f"]  # DEL
    + [chr(c) for c in range(0x80, 0xA0)]  # C1: CSI 0x9b, OSC 0x9d …
    + ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad"]  # format characters
    + ["\ufe0f", "\U000e0100", "\U000e0041", "\U000e007f"]  # stray selectors, tags
    + ["\udc9b", "\ud800"]  # lone surrogates: an undecodable byte of a file name
)


def test_printable_escapes_c1_del_lone_esc_and_surrogates():
    assert printable("a\x9b31mb") == "a\\x9b31mb"
    assert printable("\x7f") == "\\x7f" and printable("\x1b") == "\\x1b"
    assert printable("nombre\udc9b.csv") == "nombre\\udc9b.csv"
    assert printable("Núñez 👩‍💻") == "Núñez 👩‍💻"  # letters and a joined emoji stay


def test_every_hostile_character_is_escaped_but_layout_is_kept():
    for ch in HOSTILE:
        shown = escaped(f"a {ch}b")  # after a space: no selector or joiner is at home there
        if ch in "\n\t":
            assert shown == f"a {ch}b"
        else:
            assert shown.isprintable() and shown.startswith("a \\") and shown.endswith("b"), ch
    assert escaped("uno\n\tdos\r\n") == "uno\n\tdos\\r\n"  # a carriage return could hide a line


def test_json_text_is_valid_gives_the_values_back_and_the_filter_leaves_it_alone():
    value = {"names": [f"x{ch}y" for ch in HOSTILE], "plain": "Núñez · “CSV” 👩‍💻"}
    text = json_text(value)
    assert json.loads(text) == value
    assert escaped(text) == text  # nothing for the terminal filter to change
    assert "Núñez · “CSV”" in text  # letters stay readable
    assert json_text({"a": 1}) == json.dumps({"a": 1}, indent=2)


def test_the_streams_are_wrapped_for_a_command_and_given_back():
    saved = sys.stdout, sys.stderr
    target = io.StringIO()
    sys.stdout = target
    try:
        with escaped_output():
            assert isinstance(sys.stdout, EscapedStream)
            print("título\x1b]0;pwned\x07", "\x9b31m")
            sys.stdout.writelines(["a\x07\n"])
        assert sys.stdout is target
    finally:
        sys.stdout, sys.stderr = saved
    assert target.getvalue() == "título\\x1b]0;pwned\\x07 \\x9b31m\na\\x07\n"
