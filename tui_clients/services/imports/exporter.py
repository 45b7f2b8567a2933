"""CSV export in the import template's columns, so export → import gives the same clients;
a workbook instead when the file's name ends with .xlsx (:func:`export_xlsx`).

Clients are read in id order, a chunk at a time (a handful of queries per chunk, no
per-client reads), and written as they come: memory stays flat at any size.  A file is
written only where asked (services/output_files): whole or not at all, private (0600),
never through a symlink nor into a FIFO, a device or a folder, and over an existing file
only when the caller says ``overwrite``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, cast

from peewee import JOIN, SqliteDatabase

from tui_clients.db import models as m
from tui_clients.db.connection import open_database
from tui_clients.domain.csv.read import COLUMNS
from tui_clients.domain.csv.rows import OTHER_SYSTEMS
from tui_clients.domain.csv.write import write_csv
from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.documents import display_document
from tui_clients.domain.i18n import _
from tui_clients.domain.places import coordinates_text
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.clients.listing import (
    ClientFilter,
    id_bounds,
    ids_after,
    ordered_ids,
    with_filter,
)
from tui_clients.services.imports import xlsx_out
from tui_clients.services.output_files import check_target, private_output
from tui_clients.services.processes import worker_pool

HEADER = [c.key for c in COLUMNS if c.key not in OTHER_SYSTEMS]
CHUNK = 2000


def _by_client(rows) -> dict[int, list]:
    """(client id, value) rows as {client id: [values…]}."""
    grouped: dict[int, list] = {}
    for cid, value in rows:
        grouped.setdefault(cid, []).append(value)
    return grouped


def _chunk_rows(
    lo: int,
    hi: int,
    where: ClientFilter,
    wanted: set[int] | None,
    custom: tuple[FieldDef, ...],
    order: list[int] | None = None,
) -> Iterator[list[str]]:
    """The rows of the clients with ids ``lo``..``hi`` (in order) that match ``where``, or
    that are in ``wanted`` when given.  Every query reads the id range, which the indexes
    answer at once (an IN list of thousands of ids costs more to build than to run).
    ``order``: these clients (already matched), in this order, read by id instead."""

    def span(column):
        return column.in_(order) if order is not None else column.between(lo, hi)

    C, D, T, K, P = m.Client, m.DocumentType, m.CompanyType, m.Category, m.Company
    PD = D.alias()
    clients = (
        C.select(
            C.id,
            C.legal_name,
            C.trade_name,
            C.internal_code,
            C.document_number,
            C.active,
            C.company,
            D.code.alias("doc_type"),
            D.country.alias("doc_country"),
            T.code.alias("type_code"),
            K.code.alias("category_code"),
            P.code.alias("company_code"),
            P.document_number.alias("company_doc"),
            PD.code.alias("company_doc_type"),
        )
        .join(D, on=(C.document_type == D.id))
        .switch(C)
        .join(T, JOIN.LEFT_OUTER, on=(C.company_type == T.id))
        .switch(C)
        .join(K, JOIN.LEFT_OUTER, on=(C.category == K.id))
        .switch(C)
        .join(P, JOIN.LEFT_OUTER, on=(C.company == P.id))
        .join(PD, JOIN.LEFT_OUTER, on=(P.document_type == PD.id))
        .where(span(C.id))
        .order_by(C.id)
    )
    clients = clients if wanted is not None or order is not None else with_filter(clients, where)
    emails = _by_client(
        _raw(
            m.ClientEmail.select(m.ClientEmail.client, m.ClientEmail.email)
            .where(span(m.ClientEmail.client))
            .order_by(m.ClientEmail.position)
        )
    )
    phones = _by_client(
        _raw(
            m.ClientPhone.select(m.ClientPhone.client, m.ClientPhone.number)
            .where(span(m.ClientPhone.client))
            .order_by(m.ClientPhone.position)
        )
    )
    A, F = m.Address, m.FiscalDataMx
    # "+ 0" keeps SQLite on the client's index: a bare position = 0 lets it read every
    # main address of the registry through the (position, country, region) index, once
    # a part (a million clients exported in 91 s instead of 10)
    main = A.position + 0
    addresses = {
        a[0]: a
        for a in _raw(
            A.select(
                A.client,
                A.line,
                A.detail,
                A.country,
                A.region,
                A.province,
                A.district,
                A.postal_code,
                A.latitude,
                A.longitude,
            ).where(span(A.client), main == 0)
        )
    }
    fiscal = {
        f[0]: f for f in _raw(F.select(F.client, F.regimen, F.uso_cfdi).where(span(F.client)))
    }
    CS, S = m.ClientService, m.Service
    services = _by_client(
        _raw(
            CS.select(CS.client, S.code).join(S).where(span(CS.client), CS.active).order_by(S.code)
        )
    )
    V = m.CustomValue
    values = (
        {
            (cid, fid): value
            for cid, fid, value in _raw(
                V.select(V.client, V.field, V.value).where(
                    span(V.client), V.field.in_([f.id for f in custom])
                )
            )
        }
        if custom
        else {}
    )
    found: dict[int, list[str]] | None = {} if order is not None else None
    for (
        cid,
        legal_name,
        trade_name,
        internal_code,
        number,
        active,
        company_id,
        doc_type,
        doc_country,
        type_code,
        category_code,
        company_code,
        company_doc,
        company_doc_type,
    ) in _raw(clients):
        if wanted is not None and cid not in wanted:
            continue
        mail = emails.get(cid, ())
        tel = phones.get(cid, ())
        a = addresses.get(cid)
        f = fiscal.get(cid)
        own = company_doc == number and company_doc_type == doc_type
        company = (
            ""
            if company_id is None or own
            else (display_document(company_doc_type, company_doc) if company_doc else company_code)
        )
        # _, line, detail, country, region, province, district, postal_code, latitude, longitude
        coordinates = coordinates_text(a[8], a[9]) if a and a[8] is not None else ""
        row = [
            legal_name,
            mail[0] if mail else "",
            tel[0] if tel else "",
            company,
            coordinates,
            a[1] if a else "",
            a[2] if a else "",
            "1" if active else "0",
            display_document(doc_type, number),
            doc_type,
            trade_name,
            internal_code,
            type_code or "",
            category_code or "",
            doc_country or (a[3] if a else ""),
            a[4] if a else "",
            a[5] if a else "",
            a[6] if a else "",
            a[7] if a else "",
            f[1] if f else "",
            f[2] if f else "",
            "; ".join(mail[1:]),
            tel[1] if len(tel) > 1 else "",
            "; ".join(services.get(cid, ())),
            *(values.get((cid, f.id), "") for f in custom),
        ]
        if found is None:
            yield row
        else:
            found[cid] = row
    if found is not None and order is not None:  # in the list's order
        yield from (found[i] for i in order if i in found)


def _raw(query) -> Iterator[tuple]:
    """A query's rows as the driver returns them (peewee's row conversion costs more than
    the query at a million rows; every column here is text, a number or NULL)."""
    return m.database.execute(query)


def export_columns() -> tuple[list[str], tuple[FieldDef, ...]]:
    """The export's header: the template's columns, then each active custom field by its
    key (as the import reads it); and those fields."""
    custom = tuple(definitions(active_only=True))
    return HEADER + [f.key for f in custom], custom


def export_rows(
    where: ClientFilter | None = None,
    bounds: tuple[int, int] | None = None,
    custom: tuple[FieldDef, ...] | None = None,
) -> Iterator[list[str]]:
    """Every matching client (not the trash unless asked) as a row of HEADER's columns, then
    a column per ``custom`` field (default: the active ones); ``bounds`` limits the walk to
    an id range."""
    where = where or ClientFilter()
    if custom is None:
        custom = tuple(definitions(active_only=True))
    if where.text.strip():  # the search index finds the matches; read them in id ranges
        after = 0
        while ids := ids_after(where, after, CHUNK):
            yield from _chunk_rows(ids[0], ids[-1], where, set(ids), custom)
            after = ids[-1]
        return
    low, high = bounds or id_bounds()  # walk the ids in ranges; other filters are conditions
    for lo in range(low, high + 1, CHUNK):
        yield from _chunk_rows(lo, min(lo + CHUNK - 1, high), where, None, custom)


def list_rows(
    where: ClientFilter, sort: str, descending: bool, custom: tuple[FieldDef, ...]
) -> Iterator[list[str]]:
    """The rows of the list as the operator sees it: its matches in its order (the ids
    from the list's own query, a chunk at a time, each chunk's clients read by id)."""
    for ids in ordered_ids(where, sort=sort, descending=descending, chunk=CHUNK):
        yield from _chunk_rows(0, -1, where, None, custom, ids)


def export_csv(
    target: str | Path | TextIO,
    where: ClientFilter | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write the export (UTF-8 with BOM, formula cells neutralised); returns the row count.

    A path is refused (:class:`OutputRefused`, before any row is read) when it is a
    symlink, not a file, or a file that exists and ``overwrite`` is not said; it is
    written whole or not at all.  A large SQLite registry exported to a file is read and
    written by ``workers`` processes (default: one per core), each taking blocks of ids
    into a part file that is appended to the target in order: the same bytes as one
    process writes."""
    where = where or ClientFilter()
    if isinstance(target, str | os.PathLike) and xlsx_out.is_xlsx(target):
        return export_xlsx(target, where, progress, overwrite=overwrite)
    if isinstance(target, str | os.PathLike):
        check_target(Path(target), overwrite=overwrite)
    header, custom = export_columns()
    db = m.database.obj
    low, high = id_bounds()
    if workers is None:
        workers = os.cpu_count() or 1
    if (
        isinstance(target, str | os.PathLike)
        and isinstance(db, SqliteDatabase)
        and not where.text.strip()
        and workers > 1
        and high - low >= PARALLEL_MIN
    ):
        return _export_in_parts(
            Path(target),
            where,
            (low, high),
            workers,
            f"sqlite:///{db.database}",
            progress,
            header,
            custom,
            overwrite,
        )

    def counted() -> Iterator[list[str]]:
        for n, row in enumerate(export_rows(where, custom=custom), 1):
            if progress is not None and n % CHUNK == 0:
                progress(n)
            yield row

    if isinstance(target, str | os.PathLike):
        with private_output(target, overwrite=overwrite, encoding="utf-8", newline="") as out:
            return write_csv(cast("TextIO", out), header, counted())
    return write_csv(target, header, counted())


def export_xlsx(
    target: str | os.PathLike[str],
    where: ClientFilter | None = None,
    progress: Callable[[int], None] | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write the export as a workbook: the CSV's columns and values, every cell a text
    string (services/imports/xlsx_out), streamed (one row in memory) by one process;
    returns the row count.  Refused as :func:`export_csv` refuses; more clients than a
    sheet holds is :class:`~xlsx_out.SheetFull`, and no file."""
    check_target(Path(target), overwrite=overwrite)
    header, custom = export_columns()
    with (
        private_output(target, overwrite=overwrite, binary=True) as out,
        xlsx_out.workbook(out, streaming=True, folder=Path(target).parent) as book,
    ):
        return write_xlsx_rows(book, header, export_rows(where, custom=custom), progress)


def write_xlsx_rows(
    book, header: list[str], rows: Iterator[list[str]], progress: Callable[[int], None] | None
) -> int:
    """The export's sheet in ``book``: ``header``, then ``rows``; their count."""
    sheet = xlsx_out.TextSheet(book, _("Clients"), header)
    n = 0
    for n, row in enumerate(rows, 1):
        sheet.add_row(row)
        if progress is not None and n % CHUNK == 0:
            progress(n)
    return n


PARALLEL_MIN = 100_000  # ids: smaller registries are exported by one process
BLOCK = 50_000  # ids per part


def _export_in_parts(
    target: Path,
    where: ClientFilter,
    bounds: tuple[int, int],
    workers: int,
    url: str,
    progress: Callable[[int], None] | None,
    header: list[str],
    custom: tuple[FieldDef, ...],
    overwrite: bool,
) -> int:
    low, high = bounds
    blocks = [(lo, min(lo + BLOCK - 1, high)) for lo in range(low, high + 1, BLOCK)]
    total = 0
    with (
        tempfile.TemporaryDirectory(prefix=".export-", dir=target.parent) as parts,
        worker_pool(workers) as pool,
    ):
        names = [str(Path(parts) / f"{i:05d}.csv") for i in range(len(blocks))]
        n = len(blocks)
        done = pool.map(_export_part, [url] * n, [where] * n, blocks, names, [custom] * n)
        with private_output(target, overwrite=overwrite, encoding="utf-8", newline="") as fh:
            out = cast("TextIO", fh)
            write_csv(out, header, [])
            out.flush()
            for name, rows in zip(names, done, strict=True):
                with open(name, "rb") as part:
                    shutil.copyfileobj(part, out.buffer)
                os.unlink(name)
                total += rows
                if progress is not None:
                    progress(total)
    return total


_part_db: str | None = None


def _export_part(
    url: str, where: ClientFilter, bounds: tuple[int, int], name: str, custom: tuple[FieldDef, ...]
) -> int:
    """A worker: the rows of one block of ids, without header, into ``name``."""
    global _part_db
    if _part_db != url:
        open_database(url)
        _part_db = url
    with open(name, "w", encoding="utf-8", newline="") as fh:
        return write_csv(fh, None, export_rows(where, bounds, custom), bom=False)
