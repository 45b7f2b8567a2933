"""The list's "near" filter reads addresses by position: an index on latitude and
longitude answers its box."""

VERSION = 9
NAME = "address coordinates index"


def apply(db, migrator) -> None:
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS address_latitude_longitude ON address (latitude, longitude)"
    )
