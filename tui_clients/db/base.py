"""What every model shares: the database proxy, the base class, UTC timestamps."""

from __future__ import annotations

import datetime as dt

from peewee import DatabaseProxy, Model

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    """The base of every table.

    For the type checker, a model without a ``primary_key`` field states peewee's
    implicit ``id`` column as ``id: AutoField[int]``, and a foreign key ``x`` whose raw
    value is read states ``x_id: int`` (peewee's accessor for it).  Those lines are
    annotations, not fields: they change nothing in the schema.  ``id`` is not declared
    here because some models (``Country``, ``AppMeta``…) have another primary key.
    """

    class Meta:
        database = database
        legacy_table_names = False
