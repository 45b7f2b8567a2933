"""Attachment rules (pure domain): the type by content, never by name; safe names."""

import pytest

from tui_clients.domain.attachments import PDF, PNG, WEBP, detect_type, safe_name, size_text


@pytest.mark.parametrize(
    ("head", "found"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", WEBP),
        (b"%PDF-1.7\n", PDF),
        (b"PNG image", None),
        (b"RIFF\x10\x00\x00\x00WAVEfmt ", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(head, found):
    assert detect_type(head) is found


def test_names_lose_folders_controls_and_invisible_characters():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\ana\\firma.png") == "firma.png"
    assert safe_name("fir\x1b[31mma\u202e\u200b.png") == "fir[31mma.png"
    assert safe_name(".bashrc") == "bashrc"
    assert safe_name("\x00", PNG) == "archivo.png"
    long = safe_name("a" * 300 + ".jpeg")
    assert len(long) == 255 and long.endswith(".jpeg")


def test_sizes_read_as_people_say_them():
    assert [size_text(n) for n in (512, 2048, 5 * 1024 * 1024)] == ["512 B", "2.0 KB", "5.0 MB"]
