"""The rows of the error file that an import's last committed transaction rejected, kept
with its job until they are in the file: the file is written after the commit (never
while the database is locked), and a run stopped in between still gets them back."""

from peewee import BlobField

from tui_clients.db.migrations import add_column_if_missing

VERSION = 16
NAME = "import pending errors"


def apply(db, migrator) -> None:
    field = BlobField(null=True)
    add_column_if_missing(db, migrator, "import_job", "pending_errors", field)
