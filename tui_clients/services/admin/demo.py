"""Realistic demo clients of Mexico, Peru and Colombia, fast enough for a million.

Identity numbers are real-shaped and carry correct check digits (python-stdnum
computes them); numbers come from bijective permutations of the client index,
so they never collide.  Rows go in with ``executemany`` in large transactions.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from peewee import Database, SqliteDatabase, fn
from stdnum.co import nit
from stdnum.mx import rfc
from stdnum.pe import ruc

from tui_clients.db import models as m
from tui_clients.db.bulk import insert_rows, page_cache, sync_sequence
from tui_clients.domain.text import compact_key, fold
from tui_clients.services.admin.catalogs import read_rows
from tui_clients.services.clients.writing import client_code, company_code

CHUNK = 5_000
BULK_CACHE_KB = 400_000  # SQLite page cache during a demo load
BULK_MIN = 50_000  # loads this large build their indexes at the end
HOMO1 = "123456789ABCDEFGHIJKLMNOPQRSTUV"
HOMO2 = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SUFFIX = {"MX": "S.A. de C.V.", "PE": "S.A.C.", "CO": "S.A.S."}
CENTER = {"MX": (19.43, -99.13), "PE": (-12.05, -77.04), "CO": (4.61, -74.08)}
CO_MOBILE = (*range(300, 306), *range(310, 324), 350, 351)  # valid with any 7 digits after
MAIL = ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com")
BLACKLIST = set(getattr(rfc, "_name_blacklist", ()))


_fold = lru_cache(maxsize=8192)(fold)  # demo names repeat: fold each piece once
_key = lru_cache(maxsize=8192)(compact_key)
CREATED = json.dumps({"origin": [None, "demo"]})


AWAY = 10_000_019  # a demo number's id moved this far when another client has its number


def _perm(n: int, size: int, mult: int = 7_654_321) -> int:
    """A bijection of range(size) (mult is coprime to 2, 3 and 5, hence to size)."""
    return (n * mult + 12_345) % size


@dataclass
class _Catalog:
    doc_ids: dict[tuple[str, str], int]
    type_ids: dict[str, int]
    cat_ids: dict[str, int]
    regions: dict[str, list[tuple[str, str, str]]]  # country -> (region, province, district)
    names: dict[str, list[str]]


def _catalog() -> _Catalog:
    doc_ids = {(d.country, d.code): d.id for d in m.DocumentType.select()}
    regions: dict[str, list[tuple[str, str, str]]] = {"MX": [], "CO": [], "PE": []}
    for a in m.AdminArea.select().where(m.AdminArea.level == 1, m.AdminArea.country != "PE"):
        regions[a.country].append((a.code, "", ""))
    for code in (r["ubigeo"] for r in read_rows("pe_ubigeo.csv")):
        regions["PE"].append((code[:2], code[:4], code))
    names: dict[str, list[str]] = {}
    for row in read_rows("demo_names.csv"):
        names.setdefault(row["kind"], []).append(row["value"])
    type_ids = m.CompanyType.select(m.CompanyType.code, m.CompanyType.id).tuples()
    cat_ids = m.Category.select(m.Category.code, m.Category.id).tuples()
    return _Catalog(
        doc_ids=doc_ids,
        type_ids=dict(cast("Iterable[tuple[str, int]]", type_ids)),
        cat_ids=dict(cast("Iterable[tuple[str, int]]", cat_ids)),
        regions=regions,
        names=names,
    )


def _rfc_letters(first: str, last: str, last2: str) -> str:
    a, b, c = _fold(last).replace(" ", ""), _fold(last2).replace(" ", ""), _fold(first)
    vowel = next((ch for ch in a[1:] if ch in "aeiou"), "x")
    letters = (a[0] + vowel + b[0] + c[0]).upper()
    return "XXXX" if letters in BLACKLIST else letters


def _rfc(prefix: str, n: int) -> str:
    day = dt.date(1955, 1, 1) + dt.timedelta(days=n // 1000)
    h = n % 1000
    base = f"{prefix}{day:%y%m%d}{HOMO1[h // 35]}{HOMO2[h % 35]}"
    return base + rfc.calc_check_digit(base)


def _document(country: str, moral: bool, n: int, letters: str) -> tuple[str, str]:
    if country == "MX":
        return "RFC", _rfc(letters[:3] if moral else letters, n)
    if country == "PE":
        if moral:
            base = f"20{_perm(n, 10**8):08d}"
            return "RUC", base + ruc.calc_check_digit(base)
        return "DNI", f"{10_000_000 + _perm(n, 90_000_000):08d}"
    if moral:
        base = f"{900_000_000 + _perm(n, 10**8)}"
        return "NIT", base + nit.calc_check_digit(base)
    return "CC", f"{10_000_000 + _perm(n, 90_000_000)}"


def _phone(country: str, rnd: random.Random) -> str:
    if country == "MX":
        return f"+5255{rnd.randrange(10**8):08d}"
    if country == "PE":
        return f"+519{rnd.randrange(10**8):08d}"
    return f"+57{rnd.choice(CO_MOBILE)}{rnd.randrange(10**7):07d}"


def _postal(country: str, rnd: random.Random) -> str:
    if country == "MX":
        return f"{rnd.randrange(1000, 99999):05d}"
    if country == "PE":
        return f"{rnd.choice((15, 4, 8, 13, 14, 20)) * 1000 + rnd.randrange(1, 99):05d}"
    return f"{rnd.choice((11, 5, 76, 8, 68, 13)) * 10000 + rnd.randrange(1, 999):06d}"


class _Batch:
    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {}

    def add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)


COLUMNS = {
    "company": (
        "id",
        "code",
        "person_kind",
        "legal_name",
        "trade_name",
        "sort_name",
        "document_type_id",
        "document_number",
        "company_type_id",
        "website",
        "active",
        "created_at",
        "updated_at",
    ),
    "client": (
        "id",
        "code",
        "internal_code",
        "person_kind",
        "first_name",
        "last_name",
        "legal_name",
        "trade_name",
        "sort_name",
        "document_type_id",
        "document_number",
        "company_type_id",
        "category_id",
        "company_id",
        "active",
        "gender",
        "website",
        "language",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "deleted_by",
        "version",
        "country",
        "email",
        "phone",
    ),
    "client_search": ("rowid", "text"),  # client_id on PostgreSQL
    "client_email": ("client_id", "email", "email_key", "position"),
    "client_phone": ("client_id", "number", "country", "verified", "kind", "position"),
    "contact": ("id", "email", "email_key", "first_name", "last_name", "phone", "created_at"),
    "client_contact": ("client_id", "contact_id", "is_primary", "role"),
    "address": (
        "client_id",
        "kind",
        "country",
        "region",
        "province",
        "district",
        "postal_code",
        "line",
        "detail",
        "latitude",
        "longitude",
        "coord_source",
        "geocode_level",
        "position",
    ),
    "fiscal_data_mx": ("client_id", "regimen", "uso_cfdi", "postal_code"),
    "client_history": ("client_id", "at", "user", "action", "changes"),
}


def _next_id(model) -> int:
    return (model.select(fn.MAX(model.id)).scalar() or 0) + 1


def _taken() -> set[tuple[int, str]]:
    """The documents the registry holds already (clients' and companies'): a demo client
    given one of them could not be stored (its number follows from its id, and an
    imported client may have that number)."""
    taken: set[tuple[int, str]] = set()
    for model in (m.Client, m.Company):
        rows = model.select(model.document_type, model.document_number).tuples()
        taken.update(cast("Iterable[tuple[int, str]]", rows.iterator()))
    return taken


def _clients(
    cat: _Catalog,
    rnd: random.Random,
    start: int,
    company_start: int,
    contact_start: int,
    count: int,
    taken: set[tuple[int, str]],
) -> Iterator[_Batch]:
    names = cat.names
    now = m.utcnow()
    companies: list[tuple[int, str]] = []
    batch = _Batch()
    company_id, contact_id = company_start, contact_start
    for i in range(count):
        cid = start + i
        code = client_code(cid)
        country = ("MX", "PE", "CO")[rnd.randrange(3)]
        moral = rnd.random() < 0.6
        first, last, last2 = (
            rnd.choice(names["first"]),
            rnd.choice(names["last"]),
            rnd.choice(names["last"]),
        )
        created = now - dt.timedelta(seconds=rnd.randrange(3 * 365 * 86400))
        letters = _rfc_letters(first, last, last2)
        if moral:
            trade = f"{rnd.choice(names['company'])} {rnd.choice(names['place'])}"
            legal = f"{trade} {last} {SUFFIX[country]}"
            domain = f"{_key(trade)}{cid}.com"
            sort_name = f"{_fold(trade)} {_fold(last)} {_fold(SUFFIX[country])}"
            legal_key = f"{_key(trade)}{_key(last)}{_key(SUFFIX[country])}"
            email = f"contacto@{domain}"
            ctype = "PM" if rnd.random() < 0.9 else rnd.choice(("GOB", "ONG"))
        else:
            trade, legal = "", f"{first} {last} {last2}"
            domain = rnd.choice(MAIL)
            email = f"{_key(first)}.{_key(last)}{cid}@{domain}"
            sort_name = f"{_fold(first)} {_fold(last)} {_fold(last2)}"
            legal_key = f"{_key(first)}{_key(last)}{_key(last2)}"
            ctype = "PF"
        doc_code, number = _document(country, moral, cid, letters)
        doc_id = cat.doc_ids[(country, doc_code)]
        step = 0
        while (doc_id, number) in taken:  # a client or company already has it: another one
            step += 1
            doc_code, number = _document(country, moral, cid + step * AWAY, letters)
        if step:
            taken.add((doc_id, number))  # out of this run's own numbers: kept apart from them
        company, company_key = None, ""
        category = rnd.choice(("GEN", "GEN", "SAAS", "FACT-MX" if country == "MX" else "GEN"))
        if ctype == "PM" and rnd.random() < 0.2:
            category = "DIST"
        if moral:
            company, company_key = company_id, legal_key
            company_id += 1
            batch.add(
                "company",
                (
                    company,
                    company_code(company),
                    "moral",
                    legal,
                    trade,
                    sort_name,
                    doc_id,
                    number,
                    cat.type_ids[ctype],
                    f"https://{domain}",
                    True,
                    created,
                    created,
                ),
            )
            companies.append((company, legal_key))
        elif companies and rnd.random() < 0.3:
            company, company_key = rnd.choice(companies)
        internal = f"INT{cid}" if rnd.random() < 0.2 else ""
        phone = _phone(country, rnd)
        postal = _postal(country, rnd)
        batch.add(
            "client",
            (
                cid,
                code,
                internal,
                "moral" if moral else "fisica",
                "" if moral else first,
                "" if moral else f"{last} {last2}",
                legal,
                trade,
                sort_name,
                doc_id,
                number,
                cat.type_ids[ctype],
                cat.cat_ids[category],
                company,
                rnd.random() < 0.9,
                "" if moral else rnd.choice("FMX"),
                f"https://{domain}" if moral else "",
                "",
                created,
                "demo",
                created,
                "demo",
                "",
                1,
                country,
                email,
                phone,
            ),
        )
        # the same text search_index.texts() builds, from pieces folded once (see tests)
        batch.add(
            "client_search",
            (
                cid,
                " ".join(
                    filter(
                        None,
                        (
                            compact_key(code),
                            compact_key(internal),
                            legal_key,
                            _key(trade),
                            company_key,
                            compact_key(number),
                            compact_key(email),
                            phone[1:],
                            postal,
                        ),
                    )
                ),
            ),
        )
        batch.add("client_email", (cid, email, email.lower(), 0))
        batch.add("client_phone", (cid, phone, country, True, "main", 0))
        if moral or rnd.random() < 0.3:
            cfirst, clast = rnd.choice(names["first"]), rnd.choice(names["last"])
            cmail = f"{_key(cfirst)}.{_key(clast)}.{cid}@{domain}"
            batch.add(
                "contact",
                (contact_id, cmail, cmail.lower(), cfirst, clast, _phone(country, rnd), created),
            )
            batch.add("client_contact", (cid, contact_id, True, ""))
            contact_id += 1
        region, province, district = rnd.choice(cat.regions[country])
        lat, lng = CENTER[country]
        batch.add(
            "address",
            (
                cid,
                "main",
                country,
                region,
                province,
                district,
                postal,
                f"{rnd.choice(names['street'])} {rnd.randrange(1, 3000)}",
                rnd.choice(("", "Piso 2", "Oficina 301", "Casa B")),
                round(lat + rnd.uniform(-2, 2), 6),
                round(lng + rnd.uniform(-2, 2), 6),
                "demo",
                "",
                0,
            ),
        )
        if category == "FACT-MX":
            batch.add("fiscal_data_mx", (cid, "601" if moral else "612", "G03", _postal("MX", rnd)))
        batch.add("client_history", (cid, created, "demo", "created", CREATED))
        if (i + 1) % CHUNK == 0:
            yield batch
            batch = _Batch()
    yield batch


def _insert(db: Database, batch: _Batch) -> None:
    for table, cols in COLUMNS.items():  # parents before children
        if table == "client_search" and not _is_sqlite(db):
            cols = ("client_id", "text")
        insert_rows(db, table, cols, batch.rows.get(table, []))


@contextmanager
def _bulk_load(db: Database, count: int) -> Iterator[None]:
    """SQLite settings for a large load: a big page cache and, when the load is at least as
    large as what is stored, secondary indexes built once at the end instead of row by row.
    Then the whole load is one transaction: dropping the indexes, the rows and building
    the indexes again commit together, so a failure (a full disk) leaves the registry as
    it was, unique indexes included."""
    if not _is_sqlite(db):
        yield
        return
    with page_cache(db, BULK_CACHE_KB):
        if count < max(BULK_MIN, m.Client.select().count()):
            yield
            return
        tables = ", ".join(f"'{t}'" for t in COLUMNS if t != "client_search")
        with db.atomic():
            deferred = db.execute_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({tables})"
            ).fetchall()
            for name, _sql in deferred:
                db.execute_sql(f'DROP INDEX "{name}"')
            yield
            for _name, sql in deferred:
                db.execute_sql(sql)


def generate(
    db: Database,
    count: int,
    *,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Add ``count`` demo clients (with companies, contacts, addresses, phones, history)."""
    rnd = random.Random(seed)
    cat = _catalog()
    done = 0
    start = _next_id(m.Client)
    batches = _clients(cat, rnd, start, _next_id(m.Company), _next_id(m.Contact), count, _taken())
    with _bulk_load(db, count):
        for batch in batches:
            if not batch.rows:
                continue
            with db.atomic():
                _insert(db, batch)
            done += len(batch.rows.get("client", ()))
            if progress:
                progress(done)
    for table in ("company", "client", "contact"):
        sync_sequence(db, table)


def _is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)
