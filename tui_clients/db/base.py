"""What every model shares: the database proxy, the base class, UTC timestamps."""

from __future__ import annotations

import datetime as dt

from peewee import DatabaseProxy, Model

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
