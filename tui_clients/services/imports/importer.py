"""Bulk import of the client template: every row through the client rules, rejected rows
to an error file with their reasons, each run recorded as an import job.

Rows are written in batches, each batch one transaction (IMMEDIATE on SQLite) and
each row a savepoint inside it, so a rejected row never leaves half a client and a
crash leaves whole batches only.  ``--dry-run`` runs everything and rolls back.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui_clients.db import models as m
from tui_clients.db.bulk import page_cache
from tui_clients.domain.csv.read import RawRow
from tui_clients.domain.csv.rows import CompanyRef, ImportRow, key_of, row_input
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import _
from tui_clients.domain.mapping import ColumnMapping
from tui_clients.domain.text import fold
from tui_clients.services.clients.queries import get_client, input_from_detail
from tui_clients.services.clients.writing import (
    company_code,
    create_client,
    update_client,
)
from tui_clients.services.faults import StorageFault, storage_fault
from tui_clients.services.geo.geocoding import fill_missing, last_address_id, missing_count, online
from tui_clients.services.imports.checking import CHUNK, Checker
from tui_clients.services.imports.errors import (
    ErrorFile,
    default_error_path,
    reason_text,
    stopped_by_file_problems,
)
from tui_clients.services.imports.jobs import claim_job, end_unrecorded, file_digest
from tui_clients.services.imports.mappings import open_clients
from tui_clients.services.imports.pace import Pace
from tui_clients.services.imports.prepare import (
    Checked,
    Rules,
    load_rules,
)
from tui_clients.services.imports.updates import merged
from tui_clients.services.imports.writer import ChunkWriter, company_named, unknown_company
from tui_clients.services.session import current_user

CACHE_KIB = 48_000  # SQLite's page cache while importing: a large registry's indexes
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
    mapping: str = ""  # the column mapping the file was read through ("": the template)
    mapping_found_by: str = ""  # "given", "saved" or "layout"
    sheet: str = ""  # the workbook's sheet read
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
            if current.in_trash:  # the error says so: it is restored before it is updated
                raise
            update_client(
                existing,
                merged(input_from_detail(current), row),
                expected_version=current.version,
                **kw,
            )
            self.counts["updated"] += 1

    def _company(self, ref: CompanyRef) -> tuple[int, bool]:
        """The company a row names; one named by a tax ID not yet registered is created,
        and so is one named only by a name no registered company has."""
        if ref.name:
            company_id, _code, created = company_named(ref.name)
            return company_id, created
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


def run_import(
    path: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    replace_errors: bool = False,
    default_country: str = "MX",
    user: str | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Import a template CSV, a workbook's ``sheet``, or another system's file through
    ``mapping`` (or the one :func:`.mappings.open_clients` finds); the report says what
    happened.  It never raises for bad
    data, nor for a fault of the storage: a full disk, a read-only database or a lost
    server end the run as "failed" with what to do, the rows before it stored.

    ``errors_path``: the error file (default: beside the input, named with the time);
    an existing one is refused unless ``replace_errors``.  ``workers``: processes that
    check rows (default: one per core for files of a megabyte or more, none for smaller
    ones, which are checked in this process)."""
    started = time.monotonic()
    path = Path(path).absolute()  # the job names the file wherever it is read from later
    user = user or current_user()
    counts = {"imported": 0, "updated": 0, "rejected": 0, "companies": 0, "warnings": 0}
    try:
        fingerprint = "" if dry_run or not path.is_file() else file_digest(path)
    except OSError:
        fingerprint = ""  # unreadable: reading it says why
    try:
        job, ours = claim_job(path, fingerprint, user, update, dry_run, counts)
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is None:
            raise
        return ImportReport(0, str(path), "failed", dry_run=dry_run, refused=fault.message())
    if not ours:
        return _busy(job, path, started, dry_run)
    report = ImportReport(
        job.id, str(path), "running", dry_run=dry_run, rows=job.total, resumed_after=job.checkpoint
    )
    run = _Run(job, path, report, counts, user, update, dry_run, default_country, started)
    run.mapping, run.sheet = mapping, sheet
    # a resumed run goes on with its error file (continuing it is not replacing it)
    earlier = Path(job.error_path).absolute() if job.checkpoint and job.error_path else None
    if errors_path:
        target = Path(errors_path).absolute()
        errors = ErrorFile(target, report, replace=replace_errors or target == earlier)
    elif earlier is not None:
        errors = ErrorFile(earlier, report, replace=True)
    else:
        errors = ErrorFile(default_error_path(path), report, chosen=False)
    try:
        with stopped_by_file_problems(report, run.stopped):
            errors.check()
            if earlier is not None and (job.error_offset or job.pending_errors):
                pending = bytes(job.pending_errors or b"")
                errors.continue_from(earlier, job.error_offset, pending)
            run.rows(errors, progress, cancel, workers)
    except BaseException as exc:
        _abandon(job, exc)  # never left "running" by a process that goes on living
        raise
    finally:
        with stopped_by_file_problems(report, run.stopped):
            errors.close()
        run.close()
    if report.status == "running":
        report.status = "with_errors" if counts["rejected"] else "done"
    try:
        run.geocode()
        _finish(job, report, counts, started, errors)
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is None:
            raise
        if report.status != "failed":  # else it says already where the rows stopped
            report.status, report.refused = "failed", fault.message()
        _abandon(job, report.refused)
    return report


class _Run:
    """One import's reading, checking and storing of rows."""

    def __init__(
        self,
        job: m.ImportJob,
        path: Path,
        report: ImportReport,
        counts: dict,
        user: str,
        update: bool,
        dry_run: bool,
        country: str,
        started: float,  # time.monotonic() when the run began
    ) -> None:
        self.job, self.path, self.report, self.counts = job, path, report, counts
        self.user, self.update, self.dry_run, self.country = user, update, dry_run, country
        self.started = started
        self.writer: ChunkWriter | None = None
        self.mapping: ColumnMapping | None = None
        self.sheet: str | None = None
        self.first_address = 0
        self.line = 0  # the first line of the rows being stored
        self.read = 0  # the line of the last row read

    def rows(self, errors: ErrorFile, progress, cancel, workers: int | None) -> None:
        report, path = self.report, self.path
        origin = _("import #{job} ({file})").format(job=self.job.id, file=path.name)
        self.first_address = last_address_id()
        rules = load_rules(self.country)
        one = _OneByOne(
            update=self.update, rules=rules, user=self.user, origin=origin, counts=self.counts
        )
        writer = self.writer = ChunkWriter(
            user=self.user,
            origin=origin,
            update=self.update,
            rules=rules,
            one_by_one=one,
            counts=self.counts,
        )
        source = open_clients(path, mapping=self.mapping, sheet=self.sheet)
        size = source.size
        if workers is None:
            workers = max(1, (os.cpu_count() or 1) - 1) if size >= POOL_MIN_BYTES else 0
        pace = Pace()
        cache = page_cache(m.database.obj, CACHE_KIB)
        with cache, source, Checker(rules, workers) as checker:
            report.mapping = source.mapping.name if source.mapping is not None else ""
            report.mapping_found_by, report.sheet = source.found_by, source.sheet
            report.ignored_columns = list(source.ignored)
            errors.header, errors.delimiter = source.header, source.delimiter
            errors.header_of = source.header_of  # reasons name the file's own columns
            rows = source.rows()
            if self.job.checkpoint:
                rows = _after(rows, self.job.checkpoint, writer.keys, self.country)
            feed = _Feed(checker.rows(self._reading(rows)))
            for part in pace.batches(feed):
                self.line = part[0][0].line
                seconds = self.job.seconds + time.monotonic() - self.started  # runs before too
                done = _transaction(self.job, writer, part, errors, report, self.dry_run, seconds)
                feed.again(part[done:])  # rows the transaction left for the next one
                errors.flush()  # after the commit: no file is written under the lock
                written = part[done - 1][0].line if done else self.line
                _progress(progress, report, self.counts, source, size, (written, self.read))
                if cancel is not None and cancel.is_set():
                    report.status = "cancelled"
                    break

    def _reading(self, rows: Iterator[RawRow]) -> Iterator[RawRow]:
        """``rows``, noting the line of the last one read (for the progress)."""
        for raw in rows:
            self.read = raw.line
            yield raw

    def stopped(self, fault: StorageFault) -> str:
        """What the operator reads when the storage failed in the middle of the rows."""
        if not self.line:
            return fault.message()
        return _(
            "The import stopped at line {line}: {problem} The rows before it are stored; "
            "once that is fixed, import the same file again and it goes on from there."
        ).format(line=self.line, problem=fault.problem())

    def geocode(self) -> None:
        """Coordinates for the addresses stored without them, after the rows (all of them
        for a resumed run); an online geocoder is asked later (`tui-clients geocode`), not
        a row a second."""
        report = self.report
        if self.dry_run or report.status not in ("done", "with_errors", "cancelled"):
            return
        after = 0 if report.resumed_after else self.first_address
        if not online():
            placed = fill_missing(after_address=after)
            report.geocoded, report.not_geocoded = placed.placed, placed.addresses - placed.placed
        else:
            report.to_geocode = missing_count(after_address=after)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _transaction(
    job,
    writer: ChunkWriter,
    part: Sequence[tuple[RawRow, Checked | None]],
    errors: ErrorFile,
    report: ImportReport,
    dry_run: bool,
    seconds: float,
) -> int:
    """One transaction for the first rows of ``part`` (how many it took: the writer may
    leave the last ones to the next transaction); rejected ones are kept for the error
    file.  When it fails, the counts and the error rows are as they were before it.
    ``seconds``: the job's runs' time so far, recorded with the checkpoint."""
    counts, rows = dict(writer.counts), report.rows
    try:
        with m.database.atomic() as txn:
            rejected, cut = writer.write([(r.values, c) for r, c in part if c is not None])
            raws = [raw for raw, _checked in part if cut is None or raw.line < cut]
            for raw in raws:
                report.rows += 1
                problems = raw.problems or rejected.get(raw.line)
                if raw.problems:
                    writer.counts["rejected"] += 1
                if problems:
                    errors.write(raw.cells, reason_text(raw.line, problems, errors.header_of))
            # in the rows' transaction: a crash keeps rows, counts, checkpoint and the error
            # rows together (the error rows reach the file after the commit)
            m.ImportJob.update(
                total=report.rows,
                imported=writer.counts["imported"],
                updated=writer.counts["updated"],
                rejected=writer.counts["rejected"],
                companies_created=writer.counts["companies"],
                warnings=writer.counts["warnings"],
                error_path=str(errors.target)[:1000],
                checkpoint=raws[-1].line,
                seconds=seconds,
                error_offset=errors.size(),
                pending_errors=errors.pending() or None,
            ).where(m.ImportJob.id == job.id).execute()
            if dry_run:
                txn.rollback()
    except BaseException:
        writer.counts.update(counts)
        report.rows = rows
        errors.discard()
        raise
    return len(raws)


class _Feed:
    """The rows to write, in order: those a transaction left come again first."""

    def __init__(self, rows: Iterator[tuple[RawRow, Checked | None]]) -> None:
        self.rows, self.left = rows, deque[tuple[RawRow, Checked | None]]()

    def again(self, rows: Sequence[tuple[RawRow, Checked | None]]) -> None:
        self.left.extendleft(reversed(rows))

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> tuple[RawRow, Checked | None]:
        return self.left.popleft() if self.left else next(self.rows)


def _busy(job: m.ImportJob, path: Path, started: float, dry_run: bool) -> ImportReport:
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


def _progress(
    callback, report: ImportReport, c: dict, source, size: int, lines: tuple[int, int]
) -> None:
    """Tell ``callback`` how far the import is: of the file read so far (the reader's
    position), the part written (``lines``: the last line written, the last read; rows
    are read ahead of those written)."""
    if callback is None:
        return
    position = getattr(source, "position", None)
    written, read = lines
    fraction = None
    if position is not None and size and read:
        fraction = min(1.0, position / size * min(1.0, written / read))
    callback(ImportProgress(report.rows, fraction, c["imported"], c["updated"], c["rejected"]))


def _abandon(job: m.ImportJob, reason: BaseException | str) -> None:
    """The run stopped on an error: its job ends as failed, with the reason (remembered
    by this process when the database itself is what failed)."""
    text = (reason if isinstance(reason, str) else str(reason)) or type(reason).__name__
    # Ctrl+C pressed twice: stopped in the middle of a batch, which was rolled back
    status, text = ("cancelled", "") if isinstance(reason, KeyboardInterrupt) else ("failed", text)
    try:
        m.ImportJob.update(status=status, finished_at=m.utcnow(), message=text[:1000]).where(
            m.ImportJob.id == job.id
        ).execute()
    except Exception:
        end_unrecorded(job, text)


def _finish(
    job: m.ImportJob, report: ImportReport, c: dict, started: float, errors: ErrorFile
) -> None:
    report.imported, report.updated, report.rejected = c["imported"], c["updated"], c["rejected"]
    report.companies_created, report.warnings = c["companies"], c["warnings"]
    report.seconds = time.monotonic() - started
    fields: dict = {"status": report.status, "finished_at": m.utcnow(), "message": report.refused}
    fields["seconds"] = job.seconds + report.seconds  # this run and those it continues
    if report.status == "refused":
        if job.checkpoint:  # a resumed run that could not go on: still to be resumed
            fields["status"] = "failed"
    else:
        pending = errors.pending()  # what a full disk kept out of the file, if anything
        fields.update(
            total=report.rows,
            imported=report.imported,
            updated=report.updated,
            rejected=report.rejected,
            companies_created=report.companies_created,
            warnings=report.warnings,
            error_path=(report.error_path or (str(errors.target) if pending else ""))[:1000],
            error_offset=errors.size(),
            pending_errors=pending or None,
        )
    m.ImportJob.update(**fields).where(m.ImportJob.id == job.id).execute()
