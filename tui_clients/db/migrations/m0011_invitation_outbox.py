"""Invitations become an outbox: the message itself, who asked, the retry schedule and
the sender that claimed each one (so two operators never send the same invitation)."""

from peewee import SQL, CharField, DateTimeField, TextField

from tui_clients.db.migrations import add_column_if_missing

VERSION = 11
NAME = "invitation outbox"


def apply(db, migrator) -> None:
    for name, field in (
        ("recipient_name", CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])),
        ("subject", CharField(max_length=300, default="", constraints=[SQL("DEFAULT ''")])),
        ("body", TextField(default="", constraints=[SQL("DEFAULT ''")])),
        ("created_by", CharField(max_length=100, default="", constraints=[SQL("DEFAULT ''")])),
        ("error_code", CharField(max_length=20, default="", constraints=[SQL("DEFAULT ''")])),
        ("next_attempt_at", DateTimeField(null=True)),
        ("claim", CharField(max_length=40, default="", constraints=[SQL("DEFAULT ''")])),
        ("claimed_at", DateTimeField(null=True)),
        ("message_id", CharField(max_length=300, default="", constraints=[SQL("DEFAULT ''")])),
    ):
        add_column_if_missing(db, migrator, "invitation", name, field)
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS invitation_status_next_attempt_at "
        "ON invitation (status, next_attempt_at)"
    )
