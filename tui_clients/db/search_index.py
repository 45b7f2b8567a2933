"""The client search index, kept in step with every write path.

SQLite: an FTS5 table with the trigram tokenizer (rowid = client id).
PostgreSQL: a plain table with a pg_trgm GIN index (LIKE '%term%' uses it).
What is indexed, and how a query is read, is decided in ``domain.search``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import cast

from peewee import JOIN, SQL, Database, Expression, SqliteDatabase

from tui_clients.db import models as m
from tui_clients.domain.search import MIN_INDEXED, search_text

TABLE = "client_search"
CHUNK = 2_000


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def create(db: Database) -> None:
    if is_sqlite(db):
        db.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(text, tokenize='trigram')"
        )
        return
    db.execute_sql(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (client_id INTEGER PRIMARY KEY "
        "REFERENCES client (id) ON DELETE CASCADE, text TEXT NOT NULL)"
    )
    try:  # the trigram index needs the pg_trgm extension; without it LIKE scans
        with db.atomic():
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            db.execute_sql(
                f"CREATE INDEX IF NOT EXISTS idx_{TABLE}_trgm ON {TABLE} USING gin (text gin_trgm_ops)"
            )
    except Exception:
        pass


def _grouped(column, ids: list[int]) -> dict[int, list[str]]:
    """One column of a client's child rows (e-mails, phones, addresses), by client id."""
    model = column.model
    found: dict[int, list[str]] = defaultdict(list)
    for cid, value in model.select(model.client, column).where(model.client.in_(ids)).tuples():
        found[cid].append(value)
    return found


def texts(client_ids: Sequence[int]) -> dict[int, str]:
    """The indexed text of each client (its searchable fields, see domain.search)."""
    ids = list(client_ids)
    emails = _grouped(m.ClientEmail.email, ids)
    phones = _grouped(m.ClientPhone.number, ids)
    postal = _grouped(m.Address.postal_code, ids)
    query = (
        m.Client.select(
            m.Client.id,
            m.Client.code,
            m.Client.internal_code,
            m.Client.legal_name,
            m.Client.trade_name,
            m.Client.document_number,
            m.Company.legal_name,
        )
        .join(m.Company, JOIN.LEFT_OUTER)
        .where(m.Client.id.in_(ids))
        .tuples()
    )
    rows = cast("Iterable[tuple[int, str, str, str, str, str, str | None]]", query)
    return {
        cid: client_text(
            code, internal, legal, trade, company, number, emails[cid], phones[cid], postal[cid]
        )
        for cid, code, internal, legal, trade, number, company in rows
    }


def client_text(
    code: str,
    internal: str,
    legal: str,
    trade: str,
    company: str | None,
    number: str,
    emails: list[str],
    phones: list[str],
    postal: list[str],
) -> str:
    """The indexed text of one client, from its stored values."""
    return search_text([code, internal, legal, trade, company, number, *emails, *phones, *postal])


def write(db: Database, entries: dict[int, str]) -> None:
    """Insert the texts of new clients (no existing index row)."""
    if not entries:
        return
    column = "rowid" if is_sqlite(db) else "client_id"
    marks = f"({db.param}, {db.param})"
    items = list(entries.items())
    for start in range(0, len(items), 500):
        part = items[start : start + 500]
        db.execute_sql(
            f"INSERT INTO {TABLE} ({column}, text) VALUES {', '.join([marks] * len(part))}",
            [v for pair in part for v in pair],
        )


def remove(db: Database, client_ids: Iterable[int]) -> None:
    ids = list(client_ids)
    column = "rowid" if is_sqlite(db) else "client_id"
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        db.execute_sql(
            f"DELETE FROM {TABLE} WHERE {column} IN ({', '.join([db.param] * len(part))})", part
        )


def refresh(db: Database, client_ids: Iterable[int]) -> None:
    """Re-index these clients from what is stored now (call inside the writing transaction)."""
    ids = list(client_ids)
    remove(db, ids)
    write(db, texts(ids))


def rebuild(db: Database) -> int:
    """Index every client again; returns how many."""
    db.execute_sql(f"DELETE FROM {TABLE}")
    last, total = 0, 0
    while True:
        query = (
            m.Client.select(m.Client.id)
            .where(m.Client.id > last)
            .order_by(m.Client.id)
            .limit(CHUNK)
            .tuples()
        )
        ids = [cid for (cid,) in cast("Iterable[tuple[int]]", query)]
        if not ids:
            return total
        write(db, texts(ids))
        last, total = ids[-1], total + len(ids)


def fts_query(terms: list[str]) -> str:
    """The FTS5 MATCH expression: every indexable term as a phrase (terms are [a-z0-9] only)."""
    return " ".join(f'"{t}"' for t in terms if len(t) >= MIN_INDEXED)


def short_terms(terms: list[str]) -> list[str]:
    """Terms too short for the trigram index, checked with LIKE on the matches."""
    return [t for t in terms if len(t) < MIN_INDEXED]


def _match_sql(terms: list[str]) -> tuple[str, list[str]]:
    """SQLite: rowids whose text holds every term."""
    sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?"
    params: list[str] = [fts_query(terms)]
    for term in short_terms(terms):
        sql += " AND text LIKE ?"
        params.append(f"%{term}%")
    return sql, params


def match_count(db: Database, terms: list[str], limit: int | None = None) -> int:
    """How many clients' texts hold every term (counting stops at ``limit``), trash included."""
    if is_sqlite(db):
        sql, params = _match_sql(terms)
    else:
        sql = f"SELECT client_id FROM {TABLE} WHERE " + " AND ".join("text LIKE %s" for _ in terms)
        params = [f"%{t}%" for t in terms]
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return db.execute_sql(f"SELECT count(*) FROM ({sql}) AS matches", params).fetchone()[0]


def first_matches(db: Database, terms: list[str], limit: int) -> list[int]:
    """Ids of some clients (at most ``limit``, trash included) whose text holds every term;
    the index stops at the limit instead of listing every match."""
    if is_sqlite(db):
        sql, params = _match_sql(terms)
    else:
        sql = f"SELECT client_id FROM {TABLE} WHERE " + " AND ".join("text LIKE %s" for _ in terms)
        params = [f"%{t}%" for t in terms]
    return [row[0] for row in db.execute_sql(f"{sql} LIMIT {int(limit)}", params)]


def matching(db: Database, terms: list[str]) -> Expression:
    """A condition on clients whose indexed text holds every term (at least one indexable)."""
    if is_sqlite(db):
        sql, params = _match_sql(terms)
        return m.Client.id.in_(SQL(f"({sql})", params))
    sql = f"SELECT client_id FROM {TABLE} WHERE " + " AND ".join("text LIKE %s" for _ in terms)
    return m.Client.id.in_(SQL(f"({sql})", [f"%{t}%" for t in terms]))
