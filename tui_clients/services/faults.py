"""Faults of the storage, not of the data: a full disk, a read-only database, a lock held
too long by another operator, a database server gone.  One rule turns the driver's
exception (SQLite or PostgreSQL, often several chained: a failed write, then a failed
rollback) into one :class:`StorageFault` that says, in the operator's language, what
happened and what to do.  Front ends show :meth:`StorageFault.message`; nothing here
decides whether to retry.
"""

from __future__ import annotations

import errno

from tui_clients.domain.i18n import N_, _

FULL = "full"
READ_ONLY = "read_only"
LOCKED = "locked"
CONNECTION = "connection"
DISK = "disk"

MESSAGES = {
    FULL: N_(
        "The disk is full: nothing was saved. Free some space on the disk of the database "
        "(or of the file being written) and try again."
    ),
    READ_ONLY: N_(
        "The database cannot be written (read-only, or no permission on the file or its "
        "folder): nothing was saved. Ask for write permission, or open a copy you may write."
    ),
    LOCKED: N_(
        "Another operator's work kept the database busy for too long: nothing was saved. "
        "Try again in a moment."
    ),
    CONNECTION: N_(
        "The connection to the database server was lost: nothing was saved. Check that the "
        "server is running and reachable, then try again."
    ),
    DISK: N_(
        "The disk reported an error while writing: nothing was saved. Check the disk, then "
        "try again."
    ),
}

# The same, for a long task that stored part of its work before the fault
PROBLEMS = {
    FULL: N_("the disk is full (free some space on the disk of the database)."),
    READ_ONLY: N_("the database cannot be written (read-only, or no permission)."),
    LOCKED: N_("another operator's work kept the database busy for too long."),
    CONNECTION: N_("the connection to the database server was lost."),
    DISK: N_("the disk reported an error while writing."),
}

# Words of SQLite's messages (sqlite3.OperationalError and peewee's copy of it)
_SQLITE = (
    ("database or disk is full", FULL),
    ("attempt to write a readonly database", READ_ONLY),
    ("readonly database", READ_ONLY),
    ("unable to open database file", READ_ONLY),
    ("database is locked", LOCKED),
    ("database table is locked", LOCKED),
    ("disk i/o error", DISK),
)
# PostgreSQL SQLSTATE classes and codes (psycopg2's pgcode)
_PGCODES = {
    "53100": FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction
    "42501": READ_ONLY,  # insufficient_privilege
    "55P03": LOCKED,  # lock_not_available
    "57014": LOCKED,  # query_canceled (statement or lock timeout)
    "40P01": LOCKED,  # deadlock_detected
    "57P01": CONNECTION,  # admin_shutdown
    "57P02": CONNECTION,  # crash_shutdown
    "57P03": CONNECTION,  # cannot_connect_now
}
_PG_CONNECTION_WORDS = (
    "server closed the connection",
    "connection already closed",
    "terminating connection",
    "could not connect",
    "connection refused",
    "could not receive data",
    "could not send data",
    "timeout expired",
    "no connection to the server",
    "ssl syscall error",
)
_ERRNOS = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.EIO: DISK,
}


class StorageFault(Exception):
    """The storage refused a write (or a read) for a reason outside the data."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail  # the driver's words, for a log or a "details" line

    def message(self) -> str:
        return _(MESSAGES[self.kind])

    def problem(self) -> str:
        """What happened, for a task that had stored part of its work before it."""
        return _(PROBLEMS[self.kind])

    def __str__(self) -> str:
        return self.message()


def _kind(exc: BaseException) -> str | None:
    if isinstance(exc, StorageFault):
        return exc.kind
    module = type(exc).__module__.split(".")[0]
    text = str(exc).lower()
    if module in ("sqlite3", "peewee"):
        for words, kind in _SQLITE:
            if words in text:
                return kind
    if module in ("psycopg2", "peewee"):
        code = getattr(exc, "pgcode", None) or getattr(getattr(exc, "orig", None), "pgcode", None)
        if code in _PGCODES:
            return _PGCODES[code]
        if type(exc).__name__ in ("OperationalError", "InterfaceError") and any(
            words in text for words in _PG_CONNECTION_WORDS
        ):
            return CONNECTION
    if isinstance(exc, OSError) and exc.errno in _ERRNOS:
        return _ERRNOS[exc.errno]
    return None


def storage_fault(exc: BaseException) -> StorageFault | None:
    """The storage fault behind ``exc`` (looking through the chain of exceptions it was
    raised from or during), or None when ``exc`` is not one."""
    seen: set[int] = set()
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    # the earliest cause first: "cannot rollback" is only the echo of a full disk
    for item in reversed(chain):
        kind = _kind(item)
        if kind is not None:
            return StorageFault(kind, str(item))
    return None


_FILE_ERRORS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EACCES: N_("no permission"),
    errno.EPERM: N_("no permission"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOENT: N_("it does not exist"),
    errno.EIO: N_("the disk reported an error"),
    errno.EISDIR: N_("it is a folder"),
}


def file_error(exc: OSError) -> str:
    """Why a file could not be read or written, in the operator's language (the
    system's own words for a reason not listed)."""
    known = _FILE_ERRORS.get(exc.errno) if exc.errno is not None else None
    return _(known) if known else (exc.strerror or str(exc))
