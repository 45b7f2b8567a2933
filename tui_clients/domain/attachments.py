"""Files attached to a client (its signature, its photo): which are accepted, by content.

The type is read from the file's first bytes (its "magic"), never from its name:
PNG, JPEG, GIF and WebP images, and PDF documents.  Anything else is refused with a
message that says what the file seems to be instead (text, a ZIP archive, a program…).
A file is at most :data:`MAX_BYTES` and never empty.  Its name is kept for display
and export only: without any folder, without control or invisible characters, at
most 255 characters (the extension kept).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_, translate
from tui_clients.domain.text import forbidden_char

MAX_BYTES = 5 * 1024 * 1024  # 5 MiB
HEAD_BYTES = 64  # bytes enough to recognise every accepted type
KINDS = ("signature", "photo")
NAME_MAX = 255


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str  # what the operator reads: "PNG image", "PDF document"
    extension: str


PNG = FileType("image/png", N_("PNG image"), ".png")
JPEG = FileType("image/jpeg", N_("JPEG image"), ".jpg")
GIF = FileType("image/gif", N_("GIF image"), ".gif")
WEBP = FileType("image/webp", N_("WebP image"), ".webp")
PDF = FileType("application/pdf", N_("PDF document"), ".pdf")
TYPES = {t.mime: t for t in (PNG, JPEG, GIF, WEBP, PDF)}

# What a refused file seems to be, by its first bytes (for the message only).
_OTHERS = (
    (b"PK\x03\x04", N_("a ZIP archive (or a Word, Excel or OpenDocument file)")),
    (b"\xd0\xcf\x11\xe0", N_("an old Office document")),
    (b"\x7fELF", N_("a program (ELF)")),
    (b"MZ", N_("a Windows program")),
    (b"\xca\xfe\xba\xbe", N_("a program (Mach-O or Java)")),
    (b"\xcf\xfa\xed\xfe", N_("a program (Mach-O)")),
    (b"#!", N_("a script")),
    (b"BM", N_("a BMP image")),
    (b"II*\x00", N_("a TIFF image")),
    (b"MM\x00*", N_("a TIFF image")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf", N_("a 7-Zip archive")),
)
_MARKUP = re.compile(rb"\s*<(\?xml|svg|!doctype|html)", re.I)

NOT_ACCEPTED = N_(
    "“{value}” is not a PNG, JPEG, GIF or WebP image nor a PDF document: its content is "
    "{what}. Its name does not count; only its content."
)
TOO_BIG = N_("“{value}” is {size}; a file may be at most {max}.")
EMPTY = N_("“{value}” is empty.")
TRUNCATED = N_("“{value}” begins as a {type} but is cut short or damaged.")


def size_text(size: int) -> str:
    """1234567 -> "1.2 MB"; small sizes in bytes or KB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def detect_type(head: bytes) -> FileType | None:
    """The accepted type the first bytes say, if any."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def what_it_is(head: bytes) -> str:
    """What refused content seems to be, in words (a msgid to translate)."""
    for magic, label in _OTHERS:
        if head.startswith(magic):
            return label
    if _MARKUP.match(head):
        return N_("markup text (HTML, XML or SVG)")
    if not head:
        return N_("empty")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not only a character cut by the sample's end
            return N_("of an unknown kind")
    return N_("plain text")


def check_content(name: str, data: bytes) -> FileType:
    """The file's type, or ValidationError (field "file") saying what is wrong."""
    if not data:
        raise ValidationError(FieldError("file", "empty", EMPTY, shown(name)))
    if len(data) > MAX_BYTES:
        params = {"size": size_text(len(data)), "max": size_text(MAX_BYTES)}
        raise ValidationError(FieldError("file", "too_big", TOO_BIG, shown(name), params))
    found = detect_type(data[:HEAD_BYTES])
    if found is None:
        what = {"what": translate(what_it_is(data[:HEAD_BYTES]))}
        raise ValidationError(FieldError("file", "not_accepted", NOT_ACCEPTED, shown(name), what))
    if not _whole(found, data):
        params = {"type": translate(found.label)}
        raise ValidationError(FieldError("file", "truncated", TRUNCATED, shown(name), params))
    return found


def _whole(found: FileType, data: bytes) -> bool:
    """A light look at the structure: a PNG's header chunk and end, a PDF's end mark."""
    if found is PNG:
        return data[12:16] == b"IHDR" and b"IEND" in data[-16:]
    if found is PDF:
        return b"%%EOF" in data[-2048:]
    if found is JPEG:
        return len(data) > 4
    if found is WEBP:
        return len(data) >= 16
    return len(data) > 13  # GIF: header and screen descriptor


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_name(name: str, found: FileType | None = None) -> str:
    """A file's name fit to show and to export under: no folder, no control or
    invisible character, at most 255 characters (keeping the extension)."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    while (bad := forbidden_char(base)) is not None:
        base = base.replace(bad, "")
    base = _CONTROLS.sub("", base).strip().lstrip(".").strip()
    if not base:
        base = "archivo" + (found.extension if found else "")
    if len(base) > NAME_MAX:
        _stem, dot, ext = base.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        base = base[: NAME_MAX - len(ext)] + ext
    return base
