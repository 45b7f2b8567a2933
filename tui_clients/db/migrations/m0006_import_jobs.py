"""What the list of imports ("Procesos de carga") shows: updated rows, warnings, the error
file's path, the options, and the process that runs it (to tell an interrupted job)."""

from peewee import SQL, BooleanField, CharField, IntegerField

from tui_clients.db.migrations import add_column_if_missing

VERSION = 6
NAME = "import jobs"


def apply(db, migrator) -> None:
    for name, field in (
        ("updated", IntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
        ("warnings", IntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
        ("error_path", CharField(max_length=1000, default="", constraints=[SQL("DEFAULT ''")])),
        ("update_existing", BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])),
        ("dry_run", BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])),
        ("host", CharField(max_length=255, default="", constraints=[SQL("DEFAULT ''")])),
        ("pid", IntegerField(default=0, constraints=[SQL("DEFAULT 0")])),
    ):
        add_column_if_missing(db, migrator, "import_job", name, field)
