"""What a path names when it is not a regular file, for the messages that refuse it.

An input opened to be read, or an output about to be written, must be a regular file:
opening a FIFO blocks until someone writes to it, a device may be a terminal or a disk,
and a folder or a socket is no file at all.  :func:`special_kind` names the kind from a
``st_mode`` (of :func:`os.stat` for an input, :func:`os.lstat` for an output, which also
refuses symbolic links).
"""

from __future__ import annotations

import stat

from tui_clients.domain.i18n import N_

FIFO = N_("a FIFO (named pipe)")
CHARACTER_DEVICE = N_("a character device")
BLOCK_DEVICE = N_("a block device")
SOCKET = N_("a socket")
FOLDER = N_("a folder")
SPECIAL = N_("a special file")

_KINDS = {
    stat.S_IFIFO: FIFO,
    stat.S_IFCHR: CHARACTER_DEVICE,
    stat.S_IFBLK: BLOCK_DEVICE,
    stat.S_IFSOCK: SOCKET,
    stat.S_IFDIR: FOLDER,
}


def special_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file (one of the
    msgids above: translate it to show it); None for a regular file.  A symbolic link
    (from lstat) is "a special file": a caller that refuses links checks for it first."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), SPECIAL)
