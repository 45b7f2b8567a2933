"""Municipalities and neighbourhoods typed by name (Mexico, Colombia) need more than 20 characters.

Peru's provinces and districts are ubigeo codes; elsewhere the operator types
the municipality and the colonia/barrio, e.g. "San Pedro Garza García".
SQLite does not enforce VARCHAR lengths, so only PostgreSQL is altered (a
widening that rewrites nothing).
"""

from peewee import PostgresqlDatabase

VERSION = 4
NAME = "address names up to 100 characters"


def apply(db, migrator) -> None:
    if isinstance(db, PostgresqlDatabase):
        for column in ("province", "district"):
            db.execute_sql(f"ALTER TABLE address ALTER COLUMN {column} TYPE VARCHAR(100)")
