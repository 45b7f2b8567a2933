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
from tui_clients.services.client_list import ClientFilter, ids_after

HEADER = [c.key for c in COLUMNS]
CHUNK = 2000


def _by_client(query, key) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in query:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def _chunk_rows(ids: list[int]) -> Iterator[list[str]]:
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
        .where(C.id.in_(ids)).order_by(C.id).dicts()
    )  # fmt: skip
    emails = _by_client(
        m.ClientEmail.select(m.ClientEmail.client, m.ClientEmail.email)
        .where(m.ClientEmail.client.in_(ids)).order_by(m.ClientEmail.position).tuples(),
        lambda r: r[0],
    )  # fmt: skip
    phones = _by_client(
        m.ClientPhone.select(m.ClientPhone.client, m.ClientPhone.number)
        .where(m.ClientPhone.client.in_(ids)).order_by(m.ClientPhone.position).tuples(),
        lambda r: r[0],
    )  # fmt: skip
    addresses = {
        a.client_id: a
        for a in m.Address.select().where(m.Address.client.in_(ids), m.Address.position == 0)
    }
    fiscal = {f.client_id: f for f in m.FiscalDataMx.select().where(m.FiscalDataMx.client.in_(ids))}
    for c in clients:
        cid = c["id"]
        mail = [e for _i, e in emails.get(cid, [])]
        tel = [n for _i, n in phones.get(cid, [])]
        a = addresses.get(cid)
        f = fiscal.get(cid)
        own = c["company_doc"] == c["document_number"] and c["company_doc_type"] == c["doc_type"]
        company = "" if c["company"] is None or own else (
            display_document(c["company_doc_type"], c["company_doc"]) if c["company_doc"]
            else c["company_code"])  # fmt: skip
        coordinates = f"{a.latitude},{a.longitude}" if a and a.latitude is not None else ""
        values = {
            "Name": c["legal_name"], "Email": mail[0] if mail else "",
            "Telephone": tel[0] if tel else "", "CompanyId": company,
            "Latitude-Longitude": coordinates, "Address": a.line if a else "",
            "AddressDetail": a.detail if a else "", "State": "1" if c["active"] else "0",
            "UniqueReference": display_document(c["doc_type"], c["document_number"]),
            "DocumentType": c["doc_type"],
            "TradeName": c["trade_name"], "InternalCode": c["internal_code"],
            "CompanyType": c["type_code"] or "", "Category": c["category_code"] or "",
            "Country": c["doc_country"] or (a.country if a else ""),
            "Region": a.region if a else "", "PostalCode": a.postal_code if a else "",
            "RegimenFiscal": f.regimen_id if f else "", "UsoCFDI": f.uso_cfdi_id if f else "",
            "ExtraEmails": "; ".join(mail[1:]), "Mobile": tel[1] if len(tel) > 1 else "",
        }  # fmt: skip
        yield [str(values[key]) for key in HEADER]


def export_rows(where: ClientFilter | None = None) -> Iterator[list[str]]:
    """Every matching client (not the trash unless asked) as a row of HEADER's columns."""
    where = where or ClientFilter()
    after = 0
    while ids := ids_after(where, after, CHUNK):
        yield from _chunk_rows(ids)
        after = ids[-1]


def export_csv(target: str | Path | TextIO, where: ClientFilter | None = None,
               progress: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Write the export (UTF-8 with BOM, formula cells neutralised); returns the row count."""

    def counted() -> Iterator[list[str]]:
        for n, row in enumerate(export_rows(where), 1):
            if progress is not None and n % CHUNK == 0:
                progress(n)
            yield row

    return write_csv(target, HEADER, counted())
