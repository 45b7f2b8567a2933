"""Migrations are history: a real version-1 database and a new one both migrate to exactly
the schema of the models, and a database newer than the code is refused untouched.

``tests/data/schema_v1.sqlite`` was made by the release at schema version 1 (commit
8efc41d; see ``tests/data/make_schema_v1.py``).  The schemas are compared table by
table: columns (type, NOT NULL, database default, primary key), indexes (name, unique,
columns, method) and foreign keys (columns, target, ON DELETE).  What migrations create
on purpose and the models do not declare is listed below, each with its reason.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from peewee import Database, PostgresqlDatabase, SqliteDatabase

from tui_clients.db import migrations, search_index
from tui_clients.db.connection import open_database
from tui_clients.db.migrations import SchemaTooNew, m0001_initial
from tui_clients.db.models import ALL_MODELS

V1_FILE = Path(__file__).resolve().parents[1] / "data" / "schema_v1.sqlite"
PG_URL = os.environ.get("TUI_CLIENTS_TEST_PG")

# --- what the migrations create that the models do not declare -------------------------

# Named indexes created in SQL: the list's sorts and filters (m0002), the company picker
# (m0005), the "near" filter (m0009), the dashboard's regions (m0013).  m0018 dropped
# m0002's index on company_id: the foreign key's own index is the same.
MIGRATION_INDEXES = {
    "client": {
        "idx_client_list_document": ("deleted_at", "document_number"),
        "idx_client_list_email": ("deleted_at", "email"),
        "idx_client_list_phone": ("deleted_at", "phone"),
        "idx_client_list_active": ("deleted_at", "active", "sort_name"),
        "idx_client_list_category": ("deleted_at", "category_id", "sort_name"),
        "idx_client_list_country": ("deleted_at", "country", "sort_name"),
    },
    "company": {"idx_company_document_number": ("document_number",)},
    "address": {
        "address_latitude_longitude": ("latitude", "longitude"),
        "address_position_country_region": ("position", "country", "region"),
    },
}

# NOT NULL columns a migration added to existing rows: a database default fills them
# (and serves writers that name no value); the models give these defaults in Python only.
MIGRATION_DEFAULTS = {
    "client": {"country": "''", "email": "''", "phone": "''"},  # m0002
    "import_job": {  # m0006, m0007
        "updated": "0",
        "warnings": "0",
        "error_path": "''",
        "update_existing": "false",
        "dry_run": "false",
        "host": "''",
        "pid": "0",
        "fingerprint": "''",
        "checkpoint": "0",
        "error_offset": "0",
        "resumed": "0",
        "seconds": "0",  # m0019
    },
    "invitation": {  # m0011
        "recipient_name": "''",
        "subject": "''",
        "body": "''",
        "created_by": "''",
        "error_code": "''",
        "claim": "''",
        "message_id": "''",
    },
}

# m0004 widened these to VARCHAR(100) on PostgreSQL only: SQLite does not enforce lengths.
SQLITE_DECLARED_TYPES = {
    ("address", "province"): "VARCHAR(20)",
    ("address", "district"): "VARCHAR(20)",
}

# The search index (m0002): on SQLite an FTS5 table and the tables FTS5 keeps for it.
SQLITE_SEARCH_INDEX = {
    "client_search": {
        "kind": "virtual",
        "sql": "CREATE VIRTUAL TABLE client_search USING fts5(text, tokenize='trigram')",
    },
    **{
        f"client_search_{part}": {"kind": "shadow"}
        for part in ("config", "content", "data", "docsize", "idx")
    },
}

# On PostgreSQL a plain table with a pg_trgm GIN index.
POSTGRES_SEARCH_INDEX = {
    "client_search": {
        "kind": "table",
        "columns": {
            "client_id": ("integer", True, None, True),
            "text": ("text", True, None, False),
        },
        "indexes": {
            "client_search_pkey": (True, ("client_id",), "btree"),
            "idx_client_search_trgm": (False, ("text",), "gin"),
        },
        "foreign_keys": {(("client_id",), "client", ("id",), "CASCADE")},
    }
}
POSTGRES_EXTENSIONS = {"pg_trgm"}


def expected_schema(models: dict, dialect: str, *, trigrams: bool = True) -> dict:
    """The models' schema with what the migrations add on purpose (each must apply).

    ``trigrams``: the PostgreSQL server offers pg_trgm (m0002 goes without its index if not).
    """
    schema = copy.deepcopy(models)
    for table, indexes in MIGRATION_INDEXES.items():
        for name, columns in indexes.items():
            assert name not in schema[table]["indexes"], f"{name}: the models declare it now"
            schema[table]["indexes"][name] = (False, columns, "btree")
    for table, defaults in MIGRATION_DEFAULTS.items():
        for column, default in defaults.items():
            kind, not_null, declared, key = schema[table]["columns"][column]
            assert declared is None, f"{table}.{column}: the models declare a default now"
            schema[table]["columns"][column] = (kind, not_null, default, key)
    if dialect == "sqlite":
        for (table, column), kind in SQLITE_DECLARED_TYPES.items():
            _, not_null, default, key = schema[table]["columns"][column]
            schema[table]["columns"][column] = (kind, not_null, default, key)
        extra = SQLITE_SEARCH_INDEX
    else:
        extra = copy.deepcopy(POSTGRES_SEARCH_INDEX)
        if not trigrams:
            del extra["client_search"]["indexes"]["idx_client_search_trgm"]
    assert not set(extra) & set(schema), "the models declare the search index now"
    schema.update(copy.deepcopy(extra))
    return schema


# --- reading a schema -------------------------------------------------------------------


def _default(value: str | None) -> str | None:
    """One spelling for both databases: no cast, keywords in lower case."""
    if value is None:
        return None
    value = re.sub(r"::[a-z ]+$", "", value)
    return value.lower() if value.upper() in ("TRUE", "FALSE") else value


def sqlite_schema(db: Database) -> dict:
    schema = {}
    for _, table, kind, *_ in db.execute_sql("PRAGMA main.table_list").fetchall():
        if table.startswith("sqlite_"):
            continue
        if kind == "shadow":
            schema[table] = {"kind": kind}
            continue
        if kind == "virtual":
            sql = db.execute_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()[0]
            schema[table] = {"kind": kind, "sql": sql}
            continue
        columns = {
            name: (kind.upper(), bool(not_null), _default(default), bool(pk))
            for _, name, kind, not_null, default, pk in db.execute_sql(
                f'PRAGMA table_info("{table}")'
            )
        }
        indexes = {}
        for _, name, unique, *_ in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
            names = [row[2] for row in db.execute_sql(f'PRAGMA index_info("{name}")')]
            indexes[name] = (bool(unique), tuple(names), "btree")
        keys: dict[int, list] = {}
        for key, _, target, source, to, _, on_delete, _ in db.execute_sql(
            f'PRAGMA foreign_key_list("{table}")'
        ):
            keys.setdefault(key, [target, [], [], on_delete])
            keys[key][1].append(source)
            keys[key][2].append(to)
        foreign_keys = {(tuple(s), t, tuple(to), d) for t, s, to, d in keys.values()}
        schema[table] = {
            "kind": "table",
            "columns": columns,
            "indexes": indexes,
            "foreign_keys": foreign_keys,
        }
    return schema


ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def postgres_schema(db: Database) -> dict:
    schema = {}
    tables = db.execute_sql(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    ).fetchall()
    for (table,) in tables:
        primary = {
            name
            for (name,) in db.execute_sql(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary",
                (table,),
            )
        }
        columns = {
            name: (
                f"{kind}({length})" if length else kind,
                nullable == "NO",
                _default(default),
                name in primary,
            )
            for name, kind, length, nullable, default in db.execute_sql(
                "SELECT column_name, data_type, character_maximum_length, is_nullable, "
                "column_default FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                (table,),
            )
        }
        indexes = {
            name: (unique, tuple(c.strip('"') for c in names), method)
            for name, unique, names, method in db.execute_sql(
                "SELECT c.relname, i.indisunique, "
                "ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) "
                "FROM generate_series(1, i.indnatts) AS k ORDER BY k), am.amname "
                "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = %s::regclass",
                (table,),
            )
        }
        foreign_keys = {
            (tuple(source), target, tuple(to), ON_DELETE[action])
            for source, target, to, action in db.execute_sql(
                "SELECT ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(n, o) "
                "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), "
                "f.relname, "
                "ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(n, o) "
                "JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), "
                "c.confdeltype FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid "
                "WHERE c.contype = 'f' AND c.conrelid = %s::regclass",
                (table,),
            )
        }
        schema[table] = {
            "kind": "table",
            "columns": columns,
            "indexes": indexes,
            "foreign_keys": foreign_keys,
        }
    return schema


def postgres_extensions(db: Database) -> set[str]:
    return {name for (name,) in db.execute_sql("SELECT extname FROM pg_extension")} - {"plpgsql"}


def offers_trigrams(db: Database) -> bool:
    query = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    return db.execute_sql(query).fetchone() is not None


def differences(found: dict, expected: dict) -> list[str]:
    """What ``found`` has that ``expected`` has not, and the other way, one line each."""
    lines = []
    for table in sorted(set(found) | set(expected)):
        if table not in expected:
            lines.append(f"{table}: a table the models do not have")
            continue
        if table not in found:
            lines.append(f"{table}: missing (no migration creates it)")
            continue
        mine, theirs = found[table], expected[table]
        for part in sorted(set(mine) | set(theirs)):
            a, b = mine.get(part), theirs.get(part)
            if a == b:
                continue
            if isinstance(a, dict) and isinstance(b, dict):
                for name in sorted(set(a) | set(b)):
                    if a.get(name) != b.get(name):
                        got, want = a.get(name, "absent"), b.get(name, "absent")
                        lines.append(f"{table} {part} {name}: migrated {got}, models {want}")
            elif isinstance(a, set) and isinstance(b, set):
                lines += [f"{table} {part}: migrated only {x}" for x in sorted(a - b, key=str)]
                lines += [f"{table} {part}: models only {x}" for x in sorted(b - a, key=str)]
            else:
                lines.append(f"{table} {part}: migrated {a}, models {b}")
    return lines


def models_schema(db: Database, read) -> dict:
    with db.bind_ctx(ALL_MODELS):
        db.create_tables(ALL_MODELS)
    return read(db)


def sqlite_differences(migrated: Database, tmp_path: Path) -> list[str]:
    """How ``migrated`` differs from what the models and the migrations' extras make."""
    db = SqliteDatabase(str(tmp_path / "models.sqlite"))
    try:
        expected = expected_schema(models_schema(db, sqlite_schema), "sqlite")
    finally:
        db.close()
    return differences(sqlite_schema(migrated), expected)


# --- the version-1 database ---------------------------------------------------------------


def rows(db: Database, table: str, columns: list[str]) -> list[tuple]:
    names = ", ".join(f'"{c}"' for c in columns)
    return db.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY 1').fetchall()


def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "v1.sqlite"
    shutil.copyfile(V1_FILE, target)
    return target


def test_m0001_creates_exactly_the_version_1_schema(tmp_path):
    """m0001 is frozen: the same tables, columns and indexes, in the same SQL, as version 1."""
    released = SqliteDatabase(str(v1_copy(tmp_path)))
    new = SqliteDatabase(str(tmp_path / "m0001.sqlite"))
    with new.atomic():
        m0001_initial.apply(new, migrations.migrator_for(new))
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    assert new.execute_sql(query).fetchall() == released.execute_sql(query).fetchall()
    assert sqlite_schema(new) == sqlite_schema(released)
    released.close()
    new.close()


def test_the_version_1_file_upgrades_to_the_models_and_keeps_its_data(tmp_path):
    path = v1_copy(tmp_path)
    db = open_database(f"sqlite:///{path}")  # as the app opens it: foreign keys on
    assert migrations.current_version(db) == 1
    before = sqlite_schema(db)
    kept = {
        table: rows(db, table, list(shape["columns"]))
        for table, shape in before.items()
        if table != "schema_version"
    }
    assert len(kept["client"]) == 2 and len(kept["client_email"]) == 2  # something to keep
    applied = migrations.upgrade(db)
    assert [m.version for m in applied] == [m.version for m in migrations.available()][1:]
    assert sqlite_differences(db, tmp_path) == []
    for table, old in kept.items():  # every row and value of version 1 is still there
        assert rows(db, table, list(before[table]["columns"])) == old, table
    # m0002 filled the list's columns from the children and indexed every client
    assert rows(db, "client", ["code", "country", "email", "phone"]) == [
        ("CL-0000001", "MX", "Diana@correo.mx", "+525512345678"),
        ("CL-0000002", "CO", "compras@andina.co", "+576015551234"),
    ]
    found = db.execute_sql(
        "SELECT rowid FROM client_search WHERE client_search MATCH ? ORDER BY rowid",
        ('"nunez" "06600"',),
    ).fetchall()
    assert found == [(1,)]
    indexed = dict(db.execute_sql("SELECT rowid, text FROM client_search").fetchall())
    assert indexed == search_index.texts([1, 2])  # as the app itself writes them
    assert [v for (v,) in db.execute_sql("SELECT version FROM schema_version ORDER BY 1")] == [
        m.version for m in migrations.available()
    ]
    db.close()


def test_a_new_sqlite_database_migrates_to_the_models(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite'}")
    applied = migrations.upgrade(db)
    assert [m.version for m in applied] == [m.version for m in migrations.available()]
    assert sqlite_differences(db, tmp_path) == []
    db.close()


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture
def pg_databases():
    """Two throw-away PostgreSQL databases on the test server (other tests use its own)."""
    if not PG_URL:
        pytest.skip("PostgreSQL variant: set TUI_CLIENTS_TEST_PG=postgresql://… (.ci/run does)")
    admin = open_database(PG_URL)
    admin.connect(reuse_if_open=True)
    names = [f"tui_clients_migrations_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    parts = urlsplit(PG_URL)
    for name in names:
        admin.execute_sql(f"CREATE DATABASE {name}")
    opened: list[Database] = []

    def database(index: int) -> Database:
        url = urlunsplit(parts._replace(path=f"/{names[index]}"))
        db = open_database(url)
        opened.append(db)
        return db

    yield database
    for db in opened:
        db.close()
    for name in names:
        admin.execute_sql(f"DROP DATABASE IF EXISTS {name}")
    admin.close()


def test_a_new_postgresql_database_migrates_to_the_models(pg_databases):
    models_db = pg_databases(1)
    assert isinstance(models_db, PostgresqlDatabase)
    trigrams = offers_trigrams(models_db)
    models = models_schema(models_db, postgres_schema)
    expected = expected_schema(models, "postgresql", trigrams=trigrams)
    db = pg_databases(0)
    applied = migrations.upgrade(db)
    assert [m.version for m in applied] == [m.version for m in migrations.available()]
    assert differences(postgres_schema(db), expected) == []
    extensions = POSTGRES_EXTENSIONS if trigrams else set()
    assert postgres_extensions(db) == postgres_extensions(models_db) | extensions


# --- a database newer than the code ------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_database_newer_than_the_code_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    known = migrations.latest_version()
    db = open_database(f"sqlite:///{path}")
    migrations.upgrade(db)
    db.execute_sql(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
        (known + 1, "from a newer release", "2030-01-01 00:00:00"),
    )
    db.close()
    assert not Path(f"{path}-wal").exists()
    before = digest(path)

    db = open_database(f"sqlite:///{path}")
    with pytest.raises(SchemaTooNew) as refused:
        migrations.upgrade(db)
    db.close()

    assert (refused.value.found, refused.value.known) == (known + 1, known)
    message = str(refused.value)
    assert re.search(rf"versi[oó]n {known + 1}\b", message)  # both versions named
    assert re.search(rf"versi[oó]n {known}\b", message)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_database_at_the_newest_version_is_not_refused(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'current.sqlite'}")
    migrations.upgrade(db)
    assert migrations.check_not_newer(db) == migrations.latest_version()
    assert migrations.upgrade(db) == []
    db.close()


def test_a_not_null_column_is_added_in_place_and_the_rows_that_reference_it_stay(tmp_path):
    """Adding it nullable then SET NOT NULL would rebuild the SQLite table, and dropping the
    old one with foreign keys on deletes its children (ON DELETE CASCADE)."""
    from peewee import CharField, DateTimeField, IntegerField

    db = open_database(f"sqlite:///{v1_copy(tmp_path)}")
    migrator = migrations.migrator_for(db)
    children = rows(db, "client_email", ["id", "client_id", "email"])
    assert children
    with pytest.raises(ValueError, match="database default"):
        migrations.add_column_if_missing(db, migrator, "client", "rank", IntegerField())
    with pytest.raises(ValueError, match="database default"):  # not a plain value
        migrations.add_column_if_missing(
            db, migrator, "client", "seen", DateTimeField(default=a_date)
        )
    field = CharField(max_length=10, default="it's")
    assert migrations.add_column_if_missing(db, migrator, "client", "nick", field) is True
    assert migrations.add_column_if_missing(db, migrator, "client", "nick", field) is False
    assert field.constraints is None  # the caller's field is left as it was
    columns = sqlite_schema(db)["client"]["columns"]
    assert columns["nick"] == ("VARCHAR(10)", True, "'it''s'", False)
    assert rows(db, "client", ["nick"]) == [("it's",), ("it's",)]
    assert rows(db, "client_email", ["id", "client_id", "email"]) == children
    db.close()


def a_date() -> str:
    return "2030-01-01 00:00:00"
