"""An interrupted import continues where it stopped: the file's digest, the last input
line whose rows are committed, and how far the error file had been written then."""

from peewee import SQL, BigIntegerField, CharField, IntegerField

from tui_clients.db.migrations import add_column_if_missing

VERSION = 7
NAME = "import resume"


def apply(db, migrator) -> None:
    for name, field in (
        ("fingerprint", CharField(max_length=64, default="", constraints=[SQL("DEFAULT ''")])),
        ("checkpoint", IntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
        ("error_offset", BigIntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
        ("resumed", IntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
    ):
        add_column_if_missing(db, migrator, "import_job", name, field)
    db.execute_sql("CREATE INDEX IF NOT EXISTS import_job_fingerprint ON import_job (fingerprint)")
