"""Companies found by the start of their document number (the wizard's company picker)."""

VERSION = 5
NAME = "company document number index"


def apply(db, migrator) -> None:
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS idx_company_document_number ON company (document_number)"
    )
