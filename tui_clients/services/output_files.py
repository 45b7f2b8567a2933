"""Files the program writes for the operator (exports, error files, templates): written
only where asked.

A file is first written whole to a private temporary file (mode 0600, created exclusively,
never through a symlink) in the target's folder, then put in place in one step.  The
target itself is never opened: a symlink planted there (dangling or not) is refused, not
followed, and so are a FIFO, a device or a folder; an existing file is replaced only when
the operator asked for it (``overwrite``), else refused.  A failure midway leaves no
half-written file and the earlier one untouched.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from tui_clients.domain.files import special_kind
from tui_clients.domain.i18n import _

PRIVATE = 0o600  # files holding client data

EXISTS = "exists"
SYMLINK = "symlink"
NOT_A_FILE = "not_a_file"
NO_FOLDER = "no_folder"


class OutputRefused(OSError):
    """The target cannot be written as asked; :meth:`message` says why, translated.

    An :class:`OSError` (without an errno) whose ``strerror`` is that message, so a
    caller that only catches OSError still shows a sentence, never a traceback."""

    def __init__(self, code: str, path: Path, what: str = "") -> None:
        super().__init__(code, os.fsdecode(path))
        self.code, self.path, self.what = code, path, what
        self.errno = None  # OSError(a, b) took ``code`` for an errno
        self.strerror = self.message()

    def message(self) -> str:
        name = os.fsdecode(self.path)
        if self.code == EXISTS:
            return _("{path} already exists: choose another name, or say to replace it.").format(
                path=name
            )
        if self.code == SYMLINK:
            return _(
                "{path} is a symbolic link: nothing is written through a link; "
                "choose the real file's name."
            ).format(path=name)
        if self.code == NO_FOLDER:
            return _("The folder of {path} does not exist.").format(path=name)
        return _("{path} is {what}, not a file: choose a file name.").format(
            path=name, what=_(self.what)
        )

    def __str__(self) -> str:
        return self.message()


def kind_of(path: Path) -> str | None:
    """What ``path`` is when it is neither a regular file nor absent ("" for a symlink)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return ""
    return special_kind(mode)


def check_target(path: Path, *, overwrite: bool) -> None:
    """Refuse, before any work, what :func:`private_output` would refuse at the end."""
    if not path.parent.is_dir():
        raise OutputRefused(NO_FOLDER, path)
    kind = kind_of(path)
    if kind == "":
        raise OutputRefused(SYMLINK, path)
    if kind is not None:
        raise OutputRefused(NOT_A_FILE, path, kind)
    if not overwrite and os.path.lexists(path):
        raise OutputRefused(EXISTS, path)


@contextmanager
def private_output(
    path: str | os.PathLike[str], *, overwrite: bool = False, binary: bool = False, **options: Any
) -> Iterator[IO[Any]]:
    """An open file whose contents become ``path`` when the block ends without error.

    ``options`` go to :func:`open` (``encoding``, ``newline``…) for text.  Raises
    :class:`OutputRefused` (before writing anything, and again at the end if the target
    changed meanwhile) and any :class:`OSError` of the writing (a full disk); in every
    failure the temporary file is removed and the target is as it was.
    """
    target = Path(path)
    check_target(target, overwrite=overwrite)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{id(target):x}.part")
    fd = os.open(temporary, flags, PRIVATE)
    try:
        mode = "wb" if binary else "w"
        with os.fdopen(fd, mode, **({} if binary else options)) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _put_in_place(temporary, target, overwrite)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _put_in_place(temporary: Path, target: Path, overwrite: bool) -> None:
    kind = kind_of(target)  # planted while we wrote?
    if kind == "":
        raise OutputRefused(SYMLINK, target)
    if kind is not None:
        raise OutputRefused(NOT_A_FILE, target, kind)
    if overwrite:
        os.replace(temporary, target)  # a symlink planted now is replaced, never followed
        return
    try:
        os.link(temporary, target)  # fails if anything appeared there meanwhile
    except FileExistsError:
        raise OutputRefused(EXISTS, target) from None
    except OSError:  # a filesystem without hard links (FAT, some network shares)
        if os.path.lexists(target):
            raise OutputRefused(EXISTS, target) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


def copy_file(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, overwrite: bool = False
) -> bool:
    """Copy ``source``'s bytes to ``target`` by :func:`private_output` (0600, whole or not
    at all, never through a symlink nor into a FIFO, a device or a folder, over an
    existing file only if ``overwrite``).  False when ``target`` is ``source`` itself
    (nothing to copy); raises :class:`OutputRefused` or the OSError of the copy."""
    target = Path(target)
    if kind_of(target) is None and os.path.exists(target) and os.path.samefile(source, target):
        return False
    with open(source, "rb") as src, private_output(target, overwrite=overwrite, binary=True) as out:
        shutil.copyfileobj(src, out)
    return True
