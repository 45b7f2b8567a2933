"""Import jobs: the record of each run (who, when, counts, status), how an interrupted
one is recognised, and taking it up again where it stopped."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from tui_clients.db import models as m
from tui_clients.domain.dates import local_time


def file_digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def earlier_run(fingerprint: str, update: bool) -> m.ImportJob | None:
    """The last run of the same file (same bytes) with the same options, if any."""
    if not fingerprint:
        return None
    return (
        m.ImportJob.select()
        .where(
            m.ImportJob.fingerprint == fingerprint,
            m.ImportJob.dry_run == False,  # noqa: E712
            m.ImportJob.update_existing == update,
        )
        .order_by(m.ImportJob.id.desc())
        .first()
    )


RESUMABLE = ("interrupted", "cancelled", "failed")

# Jobs this process ended as failed without being able to record it (the database itself
# had failed): (database, id, start) -> reason.  Shown as failed here, not running.
_ENDED_UNRECORDED: dict[tuple, str] = {}


def claim_job(
    path: Path, fingerprint: str, user: str, update: bool, dry_run: bool, counts: dict
) -> tuple[m.ImportJob, bool]:
    """(the job this run is, True) — new, or an interrupted run of the same file taken up
    — or (the job another process is running on this file now, False).

    Looking and claiming are one write transaction (on PostgreSQL under a lock on the
    file's digest), so of two runs started at the same moment only one gets the job."""
    with m.database.atomic():
        if fingerprint and not isinstance(m.database.obj, SqliteDatabase):
            m.database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_lock_key(fingerprint),))
        earlier = earlier_run(fingerprint, update)
        if earlier is not None and job_status(earlier) == "running":
            return earlier, False
        return start_job(path, fingerprint, user, update, dry_run, earlier, counts), True


def _lock_key(fingerprint: str) -> int:
    """A signed 64-bit number from the digest (PostgreSQL's advisory lock key)."""
    return int(fingerprint[:16], 16) - (1 << 63)


def end_unrecorded(job: m.ImportJob, reason: str) -> None:
    """Remember that this process ended ``job`` as failed, when it could not record it."""
    _ENDED_UNRECORDED[_key(job)] = reason


def _key(job: m.ImportJob) -> tuple:
    """A job in this process's memory: ids start again in every database."""
    return (id(m.database.obj), job.id, job.started_at)


def start_job(
    path: Path,
    fingerprint: str,
    user: str,
    update: bool,
    dry_run: bool,
    earlier: m.ImportJob | None,
    counts: dict,
) -> m.ImportJob:
    """A new job, or the interrupted run of this same file taken up where it stopped."""
    here = {"host": socket.gethostname()[:255], "pid": os.getpid()}
    if earlier is None or job_status(earlier) not in RESUMABLE or not earlier.checkpoint:
        return m.ImportJob.create(
            file_name=str(path)[-255:],
            user=user,
            update_existing=update,
            dry_run=dry_run,
            fingerprint=fingerprint,
            **here,
        )
    m.ImportJob.update(
        status="running", finished_at=None, message="", resumed=m.ImportJob.resumed + 1, **here
    ).where(m.ImportJob.id == earlier.id).execute()
    counts.update(
        imported=earlier.imported,
        updated=earlier.updated,
        rejected=earlier.rejected,
        companies=earlier.companies_created,
        warnings=earlier.warnings,
    )
    return m.ImportJob.get_by_id(earlier.id)


@dataclass(frozen=True)
class ImportJobRecord:
    id: int
    file: str
    user: str
    status: str  # running | done | with_errors | refused | cancelled | interrupted
    started_at: dt.datetime
    finished_at: dt.datetime | None
    rows: int
    imported: int
    updated: int
    rejected: int
    companies_created: int
    error_path: str
    message: str
    dry_run: bool
    resumed: int = 0  # times it was continued after an interruption
    seconds: float = 0.0  # what its runs took, summed (0: recorded before version 19)


def job_status(job: m.ImportJob) -> str:
    """A job's status; a running one whose process is gone was interrupted."""
    if job.status == "running" and _key(job) in _ENDED_UNRECORDED:
        return "failed"
    return (
        "interrupted" if job.status == "running" and not _alive(job.host, job.pid) else job.status
    )


def _alive(host: str, pid: int) -> bool:
    """Whether the process that started a job still runs (only knowable on its own host)."""
    if host != socket.gethostname()[:255]:
        return True  # another machine's job: trust its status
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def list_jobs(limit: int = 200) -> list[ImportJobRecord]:
    """Past and running imports, newest first; a running job whose process is gone is
    reported as interrupted (a crash or a kill mid-import)."""
    jobs = m.ImportJob.select().order_by(m.ImportJob.id.desc()).limit(limit)
    return [
        ImportJobRecord(
            j.id,
            j.file_name,
            j.user,
            job_status(j),
            local_time(j.started_at),  # local, as shown (stored in UTC)
            local_time(j.finished_at),
            j.total,
            j.imported,
            j.updated,
            j.rejected,
            j.companies_created,
            j.error_path,
            _ENDED_UNRECORDED.get(_key(j), j.message) if j.status == "running" else j.message,
            j.dry_run,
            j.resumed,
            j.seconds,
        )
        for j in jobs
    ]
