"""CSV export in the import template's columns, so export → import gives the same clients.

Clients are read in id order, a chunk at a time (a handful of queries per chunk, no
per-client reads), and written as they come: memory stays flat at any size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from peewee import JOIN

from tui_clients.db import models as m
from tui_clients.domain.csv_files import COLUMNS
from tui_clients.domain.csv_write import write_csv
from tui_clients.domain.documents import display_document
from tui_clients.services.client_list import ClientFilter, id_bounds, ids_after, with_filter

HEADER = [c.key for c in COLUMNS]
CHUNK = 2000


def _by_client(query, key) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in query:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def _chunk_rows(
    lo: int, hi: int, where: ClientFilter, wanted: set[int] | None
) -> Iterator[list[str]]:
    """The rows of the clients with ids ``lo``..``hi`` (in order) that match ``where``, or
    that are in ``wanted`` when given.  Every query reads the id range, which the indexes
    answer at once (an IN list of thousands of ids costs more to build than to run)."""
    C, D, T, K, P = m.Client, m.DocumentType, m.CompanyType, m.Category, m.Company
    PD = D.alias()
    clients = (
        C.select(C.id, C.legal_name, C.trade_name, C.internal_code, C.document_number,
                 C.active, C.company, D.code.alias("doc_type"), D.country.alias("doc_country"),
                 T.code.alias("type_code"), K.code.alias("category_code"),
                 P.code.alias("company_code"), P.document_number.alias("company_doc"),
                 PD.code.alias("company_doc_type"))
        .join(D, on=(C.document_type == D.id))
        .switch(C).join(T, JOIN.LEFT_OUTER, on=(C.company_type == T.id))
        .switch(C).join(K, JOIN.LEFT_OUTER, on=(C.category == K.id))
        .switch(C).join(P, JOIN.LEFT_OUTER, on=(C.company == P.id))
        .join(PD, JOIN.LEFT_OUTER, on=(P.document_type == PD.id))
        .where(C.id.between(lo, hi)).order_by(C.id)
    )  # fmt: skip
    clients = (clients if wanted is not None else with_filter(clients, where)).dicts()
    emails = _by_client(
        m.ClientEmail.select(m.ClientEmail.client, m.ClientEmail.email)
        .where(m.ClientEmail.client.between(lo, hi)).order_by(m.ClientEmail.position).tuples(),
        lambda r: r[0],
    )  # fmt: skip
    phones = _by_client(
        m.ClientPhone.select(m.ClientPhone.client, m.ClientPhone.number)
        .where(m.ClientPhone.client.between(lo, hi)).order_by(m.ClientPhone.position).tuples(),
        lambda r: r[0],
    )  # fmt: skip
    A, F = m.Address, m.FiscalDataMx
    addresses = {
        a["client"]: a
        for a in A.select(A.client, A.line, A.detail, A.country, A.region, A.postal_code,
                          A.latitude, A.longitude)
        .where(A.client.between(lo, hi), A.position == 0).dicts()
    }  # fmt: skip
    fiscal = {
        f["client"]: f
        for f in F.select(F.client, F.regimen, F.uso_cfdi).where(F.client.between(lo, hi)).dicts()
    }
    for c in clients:
        cid = c["id"]
        if wanted is not None and cid not in wanted:
            continue
        mail = [e for _i, e in emails.get(cid, [])]
        tel = [n for _i, n in phones.get(cid, [])]
        a = addresses.get(cid)
        f = fiscal.get(cid)
        own = c["company_doc"] == c["document_number"] and c["company_doc_type"] == c["doc_type"]
        company = "" if c["company"] is None or own else (
            display_document(c["company_doc_type"], c["company_doc"]) if c["company_doc"]
            else c["company_code"])  # fmt: skip
        coordinates = f"{a['latitude']},{a['longitude']}" if a and a["latitude"] is not None else ""
        values = {
            "Name": c["legal_name"], "Email": mail[0] if mail else "",
            "Telephone": tel[0] if tel else "", "CompanyId": company,
            "Latitude-Longitude": coordinates, "Address": a["line"] if a else "",
            "AddressDetail": a["detail"] if a else "", "State": "1" if c["active"] else "0",
            "UniqueReference": display_document(c["doc_type"], c["document_number"]),
            "DocumentType": c["doc_type"],
            "TradeName": c["trade_name"], "InternalCode": c["internal_code"],
            "CompanyType": c["type_code"] or "", "Category": c["category_code"] or "",
            "Country": c["doc_country"] or (a["country"] if a else ""),
            "Region": a["region"] if a else "", "PostalCode": a["postal_code"] if a else "",
            "RegimenFiscal": f["regimen"] if f else "", "UsoCFDI": f["uso_cfdi"] if f else "",
            "ExtraEmails": "; ".join(mail[1:]), "Mobile": tel[1] if len(tel) > 1 else "",
        }  # fmt: skip
        yield [str(values[key]) for key in HEADER]


def export_rows(where: ClientFilter | None = None) -> Iterator[list[str]]:
    """Every matching client (not the trash unless asked) as a row of HEADER's columns."""
    where = where or ClientFilter()
    if where.text.strip():  # the search index finds the matches; read them in id ranges
        after = 0
        while ids := ids_after(where, after, CHUNK):
            yield from _chunk_rows(ids[0], ids[-1], where, set(ids))
            after = ids[-1]
        return
    low, high = id_bounds()  # walk the ids in ranges; the other filters are cheap conditions
    for lo in range(low, high + 1, CHUNK):
        yield from _chunk_rows(lo, min(lo + CHUNK - 1, high), where, None)


def export_csv(target: str | Path | TextIO, where: ClientFilter | None = None,
               progress: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Write the export (UTF-8 with BOM, formula cells neutralised); returns the row count."""

    def counted() -> Iterator[list[str]]:
        for n, row in enumerate(export_rows(where), 1):
            if progress is not None and n % CHUNK == 0:
                progress(n)
            yield row

    return write_csv(target, HEADER, counted())
