"""Every distinct address is geocoded once: the answers, found or not, by address."""

from tui_clients.db.models import GeocodeCache

VERSION = 8
NAME = "geocode cache"


def apply(db, migrator) -> None:
    db.create_tables([GeocodeCache], safe=True)
