"""The client list at scale: denormalised main e-mail, phone and country, sort indexes,
and the accent-folded search index (SQLite FTS5 trigram; PostgreSQL pg_trgm)."""

from peewee import CharField

from tui_clients.db.migrations import add_column_if_missing

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


def apply(db, migrator) -> None:
    from tui_clients.services import search_index

    added = [
        add_column_if_missing(db, migrator, "client", name, CharField(max_length=size, default=""))
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
    search_index.create(db)
    search_index.rebuild(db)
