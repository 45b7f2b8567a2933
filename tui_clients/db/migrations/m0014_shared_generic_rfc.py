"""The SAT's generic RFCs (XAXX010101000 público en general, XEXX010101000 extranjeros)
belong to many clients and companies: a document stays unique, except these.

The plain unique index on (document_type_id, document_number) of ``client`` and
``company`` becomes a unique index on (document_type_id, document_number, key), where
key is the row's id for a generic RFC and 0 for any other number: every other document
is still one row's, and a lookup by document still reads the index's first two columns
(a partial index, ``WHERE document_number NOT IN (…)``, would not serve a lookup whose
number is a parameter, and the list would scan a million rows).
"""

VERSION = 14
NAME = "generic RFCs shared by many clients"

GENERIC = "('XAXX010101000', 'XEXX010101000')"


def apply(db, migrator) -> None:
    for table in ("client", "company"):
        db.execute_sql(f"DROP INDEX IF EXISTS {table}_document_type_id_document_number")
        db.execute_sql(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_document_key ON {table} "
            f"(document_type_id, document_number, "
            f"(CASE WHEN document_number IN {GENERIC} THEN id ELSE 0 END))"
        )
