"""The time an import's runs took, summed: a run stopped and continued later (or the next
day) counted the hours between them in its duration, read from its first start to its end."""

from peewee import SQL, DoubleField

from tui_clients.db.migrations import add_column_if_missing

VERSION = 19
NAME = "import run time"


def apply(db, migrator) -> None:
    field = DoubleField(default=0, constraints=[SQL("DEFAULT 0")])
    add_column_if_missing(db, migrator, "import_job", "seconds", field)
