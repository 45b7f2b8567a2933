"""One index on client (company_id), not two: version 2 added ``idx_client_list_company``
beside the one its foreign key already had (``client_company_id``), and every client
written updates both."""

VERSION = 18
NAME = "one index on a client's company"


def apply(db, migrator) -> None:
    db.execute_sql("DROP INDEX IF EXISTS idx_client_list_company")
