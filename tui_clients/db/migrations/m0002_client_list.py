"""The client list at scale: denormalised main e-mail, phone and country, sort indexes,
and the accent-folded search index (SQLite FTS5 trigram; PostgreSQL pg_trgm).

The search index is as version 2 made it: on SQLite an FTS5 table with the trigram
tokenizer (rowid = client id); on PostgreSQL a plain table with a pg_trgm GIN index
(LIKE '%term%' uses it).  It is filled here from the stored rows, read in plain SQL;
each client's text is folded by ``domain.search`` (the rule the queries fold by).
"""

from peewee import SQL, CharField, SqliteDatabase

from tui_clients.db.migrations import add_column_if_missing
from tui_clients.domain.search import search_text

VERSION = 2
NAME = "client list and search index"

# Named explicitly: peewee's default names (e.g. "client_email") collide with table names.
INDEXES = {
    "idx_client_list_document": "client (deleted_at, document_number)",
    "idx_client_list_email": "client (deleted_at, email)",
    "idx_client_list_phone": "client (deleted_at, phone)",
    "idx_client_list_active": "client (deleted_at, active, sort_name)",
    "idx_client_list_category": "client (deleted_at, category_id, sort_name)",
    "idx_client_list_country": "client (deleted_at, country, sort_name)",
    "idx_client_list_company": "client (company_id)",
}
SEARCH_TABLE = "client_search"
CHUNK = 2_000


def apply(db, migrator) -> None:
    added = [
        add_column_if_missing(
            db,
            migrator,
            "client",
            name,
            CharField(max_length=size, default="", constraints=[SQL("DEFAULT ''")]),
        )
        for name, size in (("country", 2), ("email", 254), ("phone", 40))
    ]
    if any(added):  # an existing database: fill the new columns from the child tables
        db.execute_sql(
            "UPDATE client SET "
            "email = COALESCE((SELECT e.email FROM client_email e WHERE e.client_id = client.id"
            " AND e.position = 0), ''), "
            "phone = COALESCE((SELECT p.number FROM client_phone p WHERE p.client_id = client.id"
            " AND p.position = 0), ''), "
            "country = COALESCE((SELECT d.country FROM document_type d"
            " WHERE d.id = client.document_type_id), '')"
        )
    for name, target in INDEXES.items():
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    create_search_index(db)
    fill_search_index(db)


def create_search_index(db) -> None:
    if isinstance(db, SqliteDatabase):
        db.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(text, tokenize='trigram')"
        )
        return
    db.execute_sql(
        f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (client_id INTEGER PRIMARY KEY "
        "REFERENCES client (id) ON DELETE CASCADE, text TEXT NOT NULL)"
    )
    try:  # the trigram index needs the pg_trgm extension; without it LIKE scans
        with db.atomic():
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            db.execute_sql(
                f"CREATE INDEX IF NOT EXISTS idx_{SEARCH_TABLE}_trgm ON {SEARCH_TABLE} "
                "USING gin (text gin_trgm_ops)"
            )
    except Exception:
        pass


def _by_client(db, sql: str, ids: list[int]) -> dict[int, list[str]]:
    """One column of a client's child rows (``sql`` selects client_id, value), by client."""
    marks = ", ".join([db.param] * len(ids))
    found: dict[int, list[str]] = {}
    for client_id, value in db.execute_sql(sql.format(ids=marks), ids):
        found.setdefault(client_id, []).append(value)
    return found


def fill_search_index(db) -> int:
    """Index every client again from what is stored; returns how many."""
    key = "rowid" if isinstance(db, SqliteDatabase) else "client_id"
    db.execute_sql(f"DELETE FROM {SEARCH_TABLE}")
    last, total = 0, 0
    while True:
        rows = db.execute_sql(
            "SELECT c.id, c.code, c.internal_code, c.legal_name, c.trade_name, "
            "co.legal_name, c.document_number FROM client c "
            "LEFT OUTER JOIN company co ON co.id = c.company_id "
            f"WHERE c.id > {db.param} ORDER BY c.id LIMIT {CHUNK}",
            (last,),
        ).fetchall()
        if not rows:
            return total
        ids = [row[0] for row in rows]
        emails = _by_client(
            db,
            "SELECT client_id, email FROM client_email WHERE client_id IN ({ids}) ORDER BY id",
            ids,
        )
        phones = _by_client(
            db,
            "SELECT client_id, number FROM client_phone WHERE client_id IN ({ids}) ORDER BY id",
            ids,
        )
        postal = _by_client(
            db,
            "SELECT client_id, postal_code FROM address WHERE client_id IN ({ids}) ORDER BY id",
            ids,
        )
        values = []
        for cid, code, internal, legal, trade, company, number in rows:
            children = emails.get(cid, []) + phones.get(cid, []) + postal.get(cid, [])
            values.append(
                (cid, search_text([code, internal, legal, trade, company, number, *children]))
            )
        for start in range(0, len(values), 500):
            part = values[start : start + 500]
            marks = ", ".join([f"({db.param}, {db.param})"] * len(part))
            db.execute_sql(
                f"INSERT INTO {SEARCH_TABLE} ({key}, text) VALUES {marks}",
                [v for pair in part for v in pair],
            )
        last, total = ids[-1], total + len(ids)
