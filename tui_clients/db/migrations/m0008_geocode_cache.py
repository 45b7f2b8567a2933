"""Every distinct address is geocoded once: the answers, found or not, by address."""

from peewee import CharField, DateTimeField, DoubleField, Model

VERSION = 8
NAME = "geocode cache"


class GeocodeCache(Model):
    """The table as version 8 made it (frozen: a later change is a new migration)."""

    key = CharField(max_length=400, unique=True)
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)
    level = CharField(max_length=20)
    place = CharField(max_length=200)
    source = CharField(max_length=20)
    created_at = DateTimeField()

    class Meta:
        legacy_table_names = False


def apply(db, migrator) -> None:
    with db.bind_ctx([GeocodeCache]):
        db.create_tables([GeocodeCache], safe=True)
