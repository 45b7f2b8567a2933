"""A client's signature file and photo: attach from a path, replace, remove, export.

Files are kept in the database (``Attachment``: the bytes, their sha256, the name, the
type read from the content), never opened, run or interpreted here.  Attaching the
same file (same content and name) again reuses its row: the bytes are stored once.  A
row no client and no import uses any more is deleted.  Each change is in the client's
history (name, type and size, before and after).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from tui_clients.db import models as m
from tui_clients.domain.attachments import (
    KINDS,
    MAX_BYTES,
    TOO_BIG,
    TYPES,
    FileType,
    check_content,
    safe_name,
    size_text,
)
from tui_clients.domain.dates import local_time
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.services.clients.history import record
from tui_clients.services.session import current_user

NO_FILE = N_("There is no file at {value}.")
A_FOLDER = N_("{value} is a folder; choose a file in it.")
NOT_REGULAR = N_("{value} is not a regular file (a device, a pipe…).")
UNREADABLE = N_("{value} cannot be read: {error}.")
IN_TRASH = N_("Client {value} is in the trash; restore it before changing its files.")
NOTHING = N_("This client has no such file to export.")
EXISTS = N_("{value} exists already; choose another name or allow replacing it.")
NO_FOLDER = N_("The folder of {value} does not exist.")
UNWRITABLE = N_("{value} cannot be written: {error}.")


@dataclass(frozen=True)
class AttachmentRecord:
    kind: str  # signature | photo
    id: int
    name: str
    mime: str
    size: int
    sha256: str
    attached_at: dt.datetime  # local
    attached_by: str

    @property
    def type(self) -> FileType | None:
        return TYPES.get(self.mime)


def _error(field: str, code: str, template: str, value: str, **params) -> ValidationError:
    return ValidationError(FieldError(field, code, template, shown(value, 200), params))


def read_file(path: str | Path) -> tuple[str, bytes]:
    """(name, bytes) of a regular file of at most MAX_BYTES; a pipe or device is never
    waited on, and a file is never read past the limit."""
    path = Path(path).expanduser()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _error("path", "not_found", NO_FILE, str(path)) from None
    except IsADirectoryError:
        raise _error("path", "folder", A_FOLDER, str(path)) from None
    except OSError as exc:
        raise _error(
            "path", "unreadable", UNREADABLE, str(path), error=exc.strerror or str(exc)
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _error("path", "folder", A_FOLDER, str(path))
        raise _error("path", "not_regular", NOT_REGULAR, str(path))
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > MAX_BYTES:
            raise _error(
                "file",
                "too_big",
                TOO_BIG,
                path.name,
                size=size_text(info.st_size),
                max=size_text(MAX_BYTES),
            )
        try:
            data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _error(
                "path", "unreadable", UNREADABLE, str(path), error=exc.strerror or str(exc)
            ) from None
    return path.name, data


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    return kind


@overload
def describe(row: m.Attachment) -> str: ...
@overload
def describe(row: None) -> None: ...
@overload
def describe(row: m.Attachment | None) -> str | None: ...
def describe(row: m.Attachment | None) -> str | None:
    """An attachment as the history keeps it: "firma.png (image/png, 12.3 KB)"."""
    return None if row is None else f"{row.name} ({row.mime}, {size_text(row.size)})"


def _meta(attachment_id: int | None) -> m.Attachment | None:
    """An attachment's facts, without its bytes."""
    if attachment_id is None:
        return None
    A = m.Attachment
    return (
        A.select(A.id, A.sha256, A.name, A.mime, A.size, A.created_at, A.created_by)
        .where(A.id == attachment_id)
        .first()
    )


def client_files(client_id: int) -> dict[str, AttachmentRecord | None]:
    """The client's signature and photo (None where there is none), each with when and by
    whom it was attached to this client (its history, else the file's own record)."""
    client = m.Client.get_by_id(client_id)
    entries = (
        m.ClientHistory.select(m.ClientHistory.at, m.ClientHistory.user, m.ClientHistory.changes)
        .where(m.ClientHistory.client == client_id)
        .order_by(m.ClientHistory.at.desc(), m.ClientHistory.id.desc())
    )
    found: dict[str, AttachmentRecord | None] = {}
    for kind in KINDS:
        row = _meta(getattr(client, f"{kind}_id"))
        if row is None:
            found[kind] = None
            continue
        at, by = row.created_at, row.created_by
        for entry in entries:
            if f'"{kind}"' in entry.changes and describe(row) in entry.changes:
                at, by = entry.at, entry.user
                break
        found[kind] = AttachmentRecord(
            kind, row.id, row.name, row.mime, row.size, row.sha256, local_time(at), by
        )
    return found


def _client(client_id: int) -> m.Client:
    client = m.Client.get_by_id(client_id)
    if client.deleted_at is not None:
        raise _error("path", "in_trash", IN_TRASH, client.code)
    return client


def attach(client_id: int, kind: str, path: str | Path, *, user: str | None = None) -> bool:
    """Attach (or replace) the client's ``kind`` file with the one at ``path``; False when
    that very file was attached already (nothing changes).  ValidationError says why a
    file is refused: missing, unreadable, too big, empty, not an accepted type."""
    kind, user = _kind(kind), user or current_user()
    name, data = read_file(path)
    found = check_content(name, data)
    name = safe_name(name, found)
    digest = hashlib.sha256(data).hexdigest()
    with m.database.atomic():
        client = _client(client_id)
        old_id = getattr(client, f"{kind}_id")
        A = m.Attachment
        same = A.select(A.id).where(A.sha256 == digest, A.name == name, A.size == len(data)).first()
        if same is not None and same.id == old_id:
            return False
        if same is None:
            same = A.create(
                sha256=digest,
                name=name,
                mime=found.mime,
                size=len(data),
                data=data,
                created_by=user,
            )
        old = _meta(old_id)
        m.Client.update({getattr(m.Client, kind): same.id}).where(
            m.Client.id == client_id
        ).execute()
        record(client_id, "updated", user, {kind: [describe(old), describe(_meta(same.id))]})
        if old_id is not None:
            _drop_if_unused(old_id)
    return True


def remove(client_id: int, kind: str, *, user: str | None = None) -> bool:
    """Take the client's ``kind`` file away (the history keeps its name and size); False
    when there was none."""
    kind = _kind(kind)
    with m.database.atomic():
        client = _client(client_id)
        old_id = getattr(client, f"{kind}_id")
        if old_id is None:
            return False
        old = _meta(old_id)
        m.Client.update({getattr(m.Client, kind): None}).where(m.Client.id == client_id).execute()
        record(client_id, "updated", user or current_user(), {kind: [describe(old), None]})
        _drop_if_unused(old_id)
    return True


def drop_unused(attachment_ids: list[int]) -> None:
    """Delete those of these attachments that no client and no import uses any more."""
    for attachment_id in attachment_ids:
        _drop_if_unused(attachment_id)


def _drop_if_unused(attachment_id: int) -> None:
    C = m.Client
    used = (
        C.select().where((C.photo == attachment_id) | (C.signature == attachment_id)).exists()
        or m.ImportJob.select().where(m.ImportJob.error_file == attachment_id).exists()
    )
    if not used:
        m.Attachment.delete().where(m.Attachment.id == attachment_id).execute()


def export_file(client_id: int, kind: str, target: str | Path, *, overwrite: bool = False) -> Path:
    """Write the client's ``kind`` file to ``target`` (a file name, or a folder: then under
    the stored name), whole or not at all: written beside it under a temporary name, then
    put in place.  An existing file is replaced only with ``overwrite``.  The file is
    readable by its owner only (a signature and a photo are personal data)."""
    kind = _kind(kind)
    client = m.Client.get_by_id(client_id)
    attachment_id = getattr(client, f"{kind}_id")
    if attachment_id is None:
        raise _error("target", "nothing", NOTHING, "")
    row = m.Attachment.get_by_id(attachment_id)
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / row.name
    if not target.parent.is_dir():
        raise _error("target", "no_folder", NO_FOLDER, str(target))
    if target.is_dir() or (target.exists() and not overwrite):
        raise _error("target", "exists", EXISTS, str(target))
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(bytes(row.data))
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            _put_new(temporary, target)
    except FileExistsError:
        temporary.unlink(missing_ok=True)
        raise _error("target", "exists", EXISTS, str(target)) from None
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _error(
            "target", "unwritable", UNWRITABLE, str(target), error=exc.strerror or str(exc)
        ) from None
    return target


def _put_new(temporary: Path, target: Path) -> None:
    """Give the written file its name unless a file took it meanwhile (a hard link fails
    then; where a disk has none, the name is checked just before)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this disk (FAT, some network shares)
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)
    else:
        os.unlink(temporary)
