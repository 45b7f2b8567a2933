"""Bulk import of the client template: every row through the client rules, rejected rows
to an error file with their reasons, each run recorded as an import job.

Rows are written in batches, each batch one transaction (IMMEDIATE on SQLite) and
each row a savepoint inside it, so a rejected row never leaves half a client and a
crash leaves whole batches only.  ``--dry-run`` runs everything and rolls back.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tui_clients.db import models as m
from tui_clients.domain.csv.read import RawRow, open_csv
from tui_clients.domain.csv.rows import CompanyRef, ImportRow, key_of, row_input
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import _
from tui_clients.domain.text import fold
from tui_clients.services.clients.queries import get_client, input_from_detail
from tui_clients.services.clients.writing import (
    company_code,
    create_client,
    update_client,
)
from tui_clients.services.geo.geocoding import fill_missing, last_address_id, missing_count, online
from tui_clients.services.imports.errors import (
    ErrorFile,
    default_error_path,
    reason_text,
    stopped_by_file_problems,
)
from tui_clients.services.imports.jobs import earlier_run, file_digest, job_status, start_job
from tui_clients.services.imports.prepare import (
    Checked,
    Rules,
    check_chunk,
    load_rules,
    start_worker,
)
from tui_clients.services.imports.writer import ChunkWriter, unknown_company
from tui_clients.services.processes import worker_pool
from tui_clients.services.session import current_user

CHUNK = 1000  # rows checked together and written in one transaction
POOL_MIN_BYTES = 1_000_000  # files this large are checked on worker processes


@dataclass
class ImportProgress:
    rows: int  # rows read so far
    fraction: float | None  # of the file, when its size is known
    imported: int
    updated: int
    rejected: int


@dataclass
class ImportReport:
    job_id: int
    file: str
    status: str  # done | with_errors | refused | cancelled | failed
    rows: int = 0
    imported: int = 0
    updated: int = 0
    rejected: int = 0
    companies_created: int = 0
    warnings: int = 0
    error_path: str = ""
    refused: str = ""  # the whole-file problem, in the user's language
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    resumed_after: int = 0  # an interrupted run of this file was continued after this line
    geocoded: int = 0  # addresses given coordinates by the geocoder after the rows
    not_geocoded: int = 0  # addresses it could not place (kept, marked)
    to_geocode: int = 0  # addresses left to an online geocoder (placed in the background)


class _OneByOne:
    """One row through ``create_client``/``update_client``: the path for updates, and for
    rows the chunk writer leaves aside.  Counts go into the import's ``counts``."""

    def __init__(self, *, update: bool, rules: Rules, user: str, origin: str, counts: dict) -> None:
        self.update, self.rules, self.user, self.origin = update, rules, user, origin
        self.counts = counts

    def __call__(self, line: int, values: dict[str, str]) -> None:
        """Store one row (a savepoint), or raise ValidationError with its columns named."""
        row = row_input(
            values, default_country=self.rules.default_country, type_kinds=self.rules.type_kinds
        )
        with m.database.atomic():
            created_company = False
            if row.company is not None:
                row.data.company_id, created_company = self._company(row.company)
            try:
                self._store(row)
            except ValidationError as exc:
                raise ValidationError(row.in_columns(exc.errors)) from None
            self.counts["companies"] += created_company

    def _store(self, row: ImportRow) -> None:
        kw = {
            "default_country": row.country or self.rules.default_country,
            "user": self.user,
            "origin": self.origin,
        }
        try:
            create_client(row.data, **kw)
            self.counts["imported"] += 1
        except ValidationError as exc:
            existing = next(
                (
                    e.params["client_id"]
                    for e in exc.errors
                    if e.code == "duplicate" and "client_id" in e.params
                ),
                None,
            )
            if existing is None or not self.update:
                raise
            current = get_client(existing)
            update_client(
                existing,
                merged(input_from_detail(current), row),
                expected_version=current.version,
                **kw,
            )
            self.counts["updated"] += 1

    def _company(self, ref: CompanyRef) -> tuple[int, bool]:
        """The company a row names; one named by a tax ID not yet registered is created."""
        if ref.code:
            company = m.Company.get_or_none(
                m.Company.code == ref.code, m.Company.deleted_at.is_null()
            )
            if company is None:
                raise ValidationError(unknown_company(ref.code))
            return company.id, False
        doc = m.DocumentType.get(
            m.DocumentType.country == ref.country, m.DocumentType.code == ref.document_type
        )
        company = m.Company.get_or_none(
            m.Company.document_type == doc.id, m.Company.document_number == ref.document_number
        )
        if company is not None:
            return company.id, False
        name = f"{ref.document_type} {ref.document_number}"  # renamed when its client comes
        company = m.Company.create(
            code=uuid.uuid4().hex[:20],
            legal_name=name,
            sort_name=fold(name),
            document_type=doc.id,
            document_number=ref.document_number,
        )
        m.Company.update(code=company_code(company.id)).where(m.Company.id == company.id).execute()
        return company.id, True


def merged(current, row: ImportRow):
    """An update from a row: what the row says replaces, what it leaves empty is kept
    (contacts, server data and any second address are never touched by an import)."""
    new = row.data
    for attr in (
        "person_kind",
        "document_country",
        "document_type",
        "document_number",
        "first_name",
        "last_name",
        "legal_name",
        "trade_name",
        "internal_code",
        "company_type",
        "category",
        "company_id",
    ):
        value = getattr(new, attr)
        if value not in ("", None):
            setattr(current, attr, value)
    current.active = new.active
    if new.emails:
        current.emails = new.emails
    if new.phones:
        current.phones = new.phones
    if new.addresses:
        current.addresses = [new.addresses[0], *current.addresses[1:]]
    if new.fiscal is not None:
        current.fiscal = new.fiscal
    return current


def run_import(
    path: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    default_country: str = "MX",
    user: str | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import a template CSV; the report says what happened (never raises for bad data).

    ``workers``: processes that check rows (default: one per core for files of a
    megabyte or more, none for smaller ones, which are checked in this process)."""
    started = time.monotonic()
    path = Path(path)
    user = user or current_user()
    counts = {"imported": 0, "updated": 0, "rejected": 0, "companies": 0, "warnings": 0}
    fingerprint = "" if dry_run or not path.is_file() else file_digest(path)
    earlier = earlier_run(fingerprint, update)
    if earlier is not None and job_status(earlier) == "running":
        return _busy(earlier, path, started, counts, dry_run)
    job = start_job(path, fingerprint, user, update, dry_run, earlier, counts)
    report = ImportReport(
        job.id, str(path), "running", dry_run=dry_run, rows=job.total, resumed_after=job.checkpoint
    )
    origin = _("import #{job} ({file})").format(job=job.id, file=path.name)
    size = path.stat().st_size if path.is_file() else 0
    target = Path(errors_path) if errors_path else None
    if target is not None and (target.is_dir() or not target.parent.is_dir()):
        report.status = "refused"
        report.refused = _(
            "The error file cannot be written at {path}: choose a file name in an existing folder."
        ).format(path=target)
        _finish(job, report, counts, started)
        return report
    first_address = last_address_id()
    rules = load_rules(default_country)
    one = _OneByOne(update=update, rules=rules, user=user, origin=origin, counts=counts)
    writer = ChunkWriter(
        user=user, origin=origin, update=update, rules=rules, one_by_one=one, counts=counts
    )
    errors = ErrorFile(target or default_error_path(path), report)
    if job.checkpoint and job.error_offset:
        errors.continue_from(Path(job.error_path), job.error_offset)
    if workers is None:
        workers = max(1, (os.cpu_count() or 1) - 1) if size >= POOL_MIN_BYTES else 0
    try:
        with (
            stopped_by_file_problems(report),
            open_csv(path, extra=tuple(f.key for f in rules.custom_fields)) as source,
            _Checker(rules, workers) as checker,
        ):
            report.ignored_columns = list(source.ignored)
            errors.header, errors.delimiter = source.header, source.delimiter
            rows = source.rows()
            if job.checkpoint:
                rows = _after(rows, job.checkpoint, writer.keys, default_country)
            for raws, checked in checker.chunks(rows):
                _batch(job, writer, raws, checked, errors, report, dry_run)
                _progress(progress, report, counts, source, size)
                if cancel is not None and cancel.is_set():
                    report.status = "cancelled"
                    break
    except BaseException as exc:
        _abandon(job, exc)  # never left "running" by a process that goes on living
        raise
    finally:
        errors.close()
        writer.close()
    if report.status == "running":
        report.status = "with_errors" if counts["rejected"] else "done"
    if not dry_run and report.status in ("done", "with_errors", "cancelled") and not online():
        # the addresses stored without coordinates, after the rows (a resumed run: all);
        # an online geocoder is asked later (`tui-clients geocode`), not a row a second
        placed = fill_missing(after_address=0 if report.resumed_after else first_address)
        report.geocoded, report.not_geocoded = placed.placed, placed.addresses - placed.placed
    elif not dry_run and report.status in ("done", "with_errors", "cancelled"):
        report.to_geocode = missing_count(
            after_address=0 if report.resumed_after else first_address
        )
    _finish(job, report, counts, started)
    return report


class _Checker:
    """Reads rows in chunks and checks them, on worker processes when ``workers`` > 0
    (a few chunks ahead, so memory stays bounded whatever the file's size)."""

    def __init__(self, rules: Rules, workers: int) -> None:
        self.rules, self.workers = rules, workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Checker:
        if self.workers > 0:
            self.pool = worker_pool(self.workers, start_worker, (self.rules,))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def chunks(self, rows: Iterator[RawRow]) -> Iterator[tuple[list[RawRow], list[Checked]]]:
        pending: deque = deque()
        for raws in _chunked(rows, CHUNK):
            todo = [(r.line, r.values) for r in raws if not r.problems]
            if self.pool is None:
                yield raws, check_chunk(todo, self.rules)
                continue
            pending.append((raws, self.pool.submit(check_chunk, todo)))
            if len(pending) > 2 * self.workers:
                raws, future = pending.popleft()
                yield raws, future.result()
        while pending:
            raws, future = pending.popleft()
            yield raws, future.result()


def _chunked(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for raw in rows:
        chunk.append(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _batch(
    job,
    writer: ChunkWriter,
    raws: list[RawRow],
    checked: list[Checked],
    errors: ErrorFile,
    report: ImportReport,
    dry_run: bool,
) -> None:
    """One transaction for a chunk of rows; rejected ones go to the error file."""
    by_line = {c.line: c for c in checked}
    with m.database.atomic() as txn:
        rejected = writer.write([(r.values, by_line[r.line]) for r in raws if not r.problems])
        for raw in raws:
            report.rows += 1
            problems = raw.problems or rejected.get(raw.line)
            if raw.problems:
                writer.counts["rejected"] += 1
            if problems:
                errors.write(raw.cells, reason_text(raw.line, problems))
        # in the chunk's transaction: a crash keeps rows, counts and checkpoint together
        m.ImportJob.update(
            total=report.rows,
            imported=writer.counts["imported"],
            updated=writer.counts["updated"],
            rejected=writer.counts["rejected"],
            companies_created=writer.counts["companies"],
            warnings=writer.counts["warnings"],
            error_path=report.error_path[:1000],
            checkpoint=raws[-1].line,
            error_offset=errors.mark(),
        ).where(m.ImportJob.id == job.id).execute()
        if dry_run:
            txn.rollback()


def _busy(job: m.ImportJob, path: Path, started: float, counts: dict, dry_run: bool):
    """The same file is being imported right now by another process: say so, do nothing."""
    report = ImportReport(job.id, str(path), "refused", dry_run=dry_run)
    report.refused = _(
        "This file is being imported right now (import #{job}, by {user}); wait for it to finish."
    ).format(job=job.id, user=job.user)
    report.seconds = time.monotonic() - started
    return report


def _after(rows: Iterator[RawRow], checkpoint: int, keys, country: str) -> Iterator[RawRow]:
    """The rows after ``checkpoint``; the UniqueReferences before it are remembered so a
    later repeat is still named as one."""
    seen: list[tuple[str, int]] = []
    for raw in rows:
        if raw.line > checkpoint:
            if seen:
                keys.first_lines(seen)
                seen = []
            yield raw
        elif not raw.problems and (key := key_of(raw.values, country)):
            seen.append((key, raw.line))
            if len(seen) >= CHUNK:
                keys.first_lines(seen)
                seen = []
    if seen:
        keys.first_lines(seen)


def _progress(callback, report: ImportReport, c: dict, source, size: int) -> None:
    if callback is None:
        return
    position = getattr(source, "position", None)
    fraction = min(1.0, position / size) if position is not None and size else None
    callback(ImportProgress(report.rows, fraction, c["imported"], c["updated"], c["rejected"]))


def _abandon(job: m.ImportJob, exc: BaseException) -> None:
    """The run stopped on an unexpected error: its job ends as failed, with the reason."""
    with contextlib.suppress(Exception):  # the database itself may be what failed
        m.ImportJob.update(
            status="failed", finished_at=m.utcnow(), message=str(exc)[:1000] or type(exc).__name__
        ).where(m.ImportJob.id == job.id).execute()


def _finish(job: m.ImportJob, report: ImportReport, c: dict, started: float) -> None:
    report.imported, report.updated, report.rejected = c["imported"], c["updated"], c["rejected"]
    report.companies_created, report.warnings = c["companies"], c["warnings"]
    report.seconds = time.monotonic() - started
    m.ImportJob.update(
        status=report.status,
        finished_at=m.utcnow(),
        total=report.rows,
        imported=report.imported,
        updated=report.updated,
        rejected=report.rejected,
        companies_created=report.companies_created,
        warnings=report.warnings,
        error_path=report.error_path[:1000],
        message=report.refused,
    ).where(m.ImportJob.id == job.id).execute()
