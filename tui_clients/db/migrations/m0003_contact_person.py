"""The client's contact person ("other data" of the registration wizard).

Server data (``server_info``, ``server``) needs no change: those tables are in
the initial schema; their passwords are Fernet tokens (services.secrets).
"""

from peewee import SQL, CharField

from tui_clients.db.migrations import add_column_if_missing

VERSION = 3
NAME = "client contact person"


def apply(db, migrator) -> None:
    field = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
    add_column_if_missing(db, migrator, "client", "contact_person", field)
