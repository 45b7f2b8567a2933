"""Versioned schema migrations (playhouse.migrations), applied in order.

Each module ``mNNNN_name.py`` has ``VERSION``, ``NAME`` and ``apply(db, migrator)``.
The table ``schema_version`` records what has been applied.

Migrations are history: each one describes its own change as it was made, on
SQLite and PostgreSQL, and never reads today's models (``tui_clients.db.models``)
nor the services.  m0001 creates the schema of version 1 from model definitions
frozen inside it; a table created later is frozen the same way in its own migration.
A test upgrades a real version-1 database and compares the result with the models.

Each change is also written to be idempotent (:func:`add_column_if_missing`,
``IF NOT EXISTS``, ``create_tables(safe=True)``): released versions of m0001
created the models of their day, so a database made by them may already hold
what a later migration adds.

A database whose recorded version is above the newest migration was made by a
newer release: :func:`upgrade` refuses it (:class:`SchemaTooNew`) before writing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

from peewee import SQL, Database, Field
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from tui_clients.domain.i18n import _

VERSION_TABLE = "schema_version"


class SchemaTooNew(Exception):
    """The database was made or upgraded by a newer release: this one cannot use it."""

    def __init__(self, found: int, known: int):
        self.found = found
        self.known = known
        super().__init__(
            _(
                "The database's schema is version {found}, newer than this tui-clients knows "
                "(up to version {known}): a newer release has upgraded it. Nothing was written "
                "to it; open it with that release or a later one."
            ).format(found=found, known=known)
        )


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType


def available() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(module.VERSION, module.NAME, module))
    found.sort(key=lambda m: m.version)
    return found


def latest_version() -> int:
    """The newest schema version this code knows (0 when there is no migration)."""
    known = available()
    return known[-1].version if known else 0


def migrator_for(db: Database) -> SchemaMigrator:
    return (
        SqliteMigrator(db)
        if db.__class__.__name__.startswith("Sqlite")
        else (
            PostgresqlMigrator(db)
            if "Postgres" in db.__class__.__name__
            else SchemaMigrator.from_database(db)
        )
    )


def current_version(db: Database) -> int:
    """The newest version recorded in the database (0 for an empty one); only reads."""
    if not db.table_exists(VERSION_TABLE):
        return 0
    (version,) = db.execute_sql(f"SELECT MAX(version) FROM {VERSION_TABLE}").fetchone()
    return version or 0


def check_not_newer(db: Database) -> int:
    """The database's version; :class:`SchemaTooNew` when it is above what this code knows."""
    found, known = current_version(db), latest_version()
    if found > known:
        raise SchemaTooNew(found, known)
    return found


def _record(db: Database, migration: Migration) -> None:
    applied_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.execute_sql(
        f"INSERT INTO {VERSION_TABLE} (version, name, applied_at) "
        f"VALUES ({db.param}, {db.param}, {db.param})",
        (migration.version, migration.name, applied_at.strftime("%Y-%m-%d %H:%M:%S.%f")),
    )


def upgrade(db: Database) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; return those applied.

    Raises :class:`SchemaTooNew`, having written nothing, when the database's schema is
    newer than the newest migration here.
    """
    check_not_newer(db)
    applied = []
    migrator = migrator_for(db)
    for migration in available():
        if migration.version <= current_version(db):
            continue
        with db.atomic():
            migration.module.apply(db, migrator)
            _record(db, migration)
        applied.append(migration)
    return applied


def pending(db: Database) -> list[Migration]:
    version = current_version(db)
    return [m for m in available() if m.version > version]


def _has_database_default(field: Field) -> bool:
    return any(
        isinstance(c, SQL) and c.sql.strip().upper().startswith("DEFAULT")
        for c in field.constraints or ()
    )


def _sql_literal(value: object) -> str | None:
    """``value`` written in SQL that SQLite and PostgreSQL read alike; None if not plain."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None


def with_database_default(field: Field, column: str) -> Field:
    """``field`` itself if it may be NULL or has a database default; else a copy whose
    database default is its Python default (ValueError naming ``column`` when that is not
    a plain value)."""
    if field.null or _has_database_default(field):
        return field
    literal = None if callable(field.default) else _sql_literal(field.default)
    if literal is None:
        raise ValueError(f"{column} is NOT NULL: give it a database default")
    defaulted = field.clone()
    defaulted.constraints = [*(field.constraints or ()), SQL(f"DEFAULT {literal}")]
    return defaulted


def add_column_if_missing(
    db: Database, migrator: SchemaMigrator, table: str, name: str, field: Field
) -> bool:
    """Add ``table.name`` unless it exists; True when it was added.

    One ``ALTER TABLE … ADD COLUMN`` on both databases.  A NOT NULL column therefore gets
    a database default that fills the existing rows: the field's own
    (``constraints=[SQL("DEFAULT …")]``) or else its Python default.  peewee's other way
    (add it nullable, fill it, then SET NOT NULL) rebuilds the table on SQLite, and
    dropping the old table with foreign keys on deletes every row that references it
    with ON DELETE CASCADE (a client's e-mails, phones, addresses, history).
    """
    if any(c.name == name for c in db.get_columns(table)):
        return False
    migrate(
        migrator.add_column(
            table, name, with_database_default(field, f"{table}.{name}"), allow_not_null=True
        )
    )
    return True
