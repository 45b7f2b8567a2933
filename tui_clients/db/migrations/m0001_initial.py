"""Initial schema: every table of the data model."""

from tui_clients.db.models import ALL_MODELS

VERSION = 1
NAME = "initial"


def apply(db, migrator) -> None:
    db.create_tables(ALL_MODELS, safe=True)
