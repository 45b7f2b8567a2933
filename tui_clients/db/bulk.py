"""Many rows at once: ``executemany`` on SQLite, multi-row VALUES on PostgreSQL, and ids
reserved ahead so parents and children can be written in one pass."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    SqliteDatabase,
    TextField,
)

PG_ROWS = 1000  # rows per multi-row INSERT on PostgreSQL (one round trip each)


def insert_rows(db: Database, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; call inside a transaction."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ", ".join([db.param] * len(columns)) + ")"
    cursor = db.cursor()
    if isinstance(db, SqliteDatabase):
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES {one}', rows)
        return
    for start in range(0, len(rows), PG_ROWS):
        part = rows[start : start + PG_ROWS]
        cursor.execute(
            f'INSERT INTO "{table}" ({names}) VALUES {", ".join([one] * len(part))}',
            [value for row in part for value in row],
        )


def stamp(db: Database, when: datetime) -> datetime | str:
    """``when`` as ``insert_rows`` takes it: on SQLite the text its driver would make of it
    (formatted once for a whole batch of rows instead of once a row)."""
    return when.isoformat(" ") if isinstance(db, SqliteDatabase) else when


@contextmanager
def page_cache(db: Database, kib: int) -> Iterator[None]:
    """SQLite's page cache at ``kib`` KiB while the block runs (a large load's indexes
    then stay in memory instead of being read again from the file), as it was after."""
    if not isinstance(db, SqliteDatabase):
        yield
        return
    before = db.execute_sql("pragma cache_size").fetchone()[0]
    db.execute_sql(f"pragma cache_size = {-kib}")
    try:
        yield
    finally:
        db.execute_sql(f"pragma cache_size = {before}")


def reserve_ids(db: Database, table: str, count: int) -> list[int]:
    """``count`` new ids for ``table``.  On SQLite the caller holds the write lock (an
    IMMEDIATE transaction), so the ids after the largest are free; on PostgreSQL they come
    from the table's sequence, safe against every other writer."""
    if count <= 0:
        return []
    if isinstance(db, SqliteDatabase):
        top = db.execute_sql(f'SELECT MAX(id) FROM "{table}"').fetchone()[0] or 0
        return list(range(top + 1, top + 1 + count))
    rows = db.execute_sql(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        (f'"{table}"', count),
    ).fetchall()
    return [r[0] for r in rows]


def sync_sequence(db: Database, table: str) -> None:
    """After rows were written with explicit ids, move PostgreSQL's sequence past them."""
    if isinstance(db, SqliteDatabase):
        return
    db.execute_sql(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
        f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)',
        (f'"{table}"',),
    )


# Values of these field types go to both drivers as they are (db_value would only check).
PLAIN = (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)


def model_rows(model, rows: list[dict]) -> tuple[str, list[str], list[tuple]]:
    """``rows`` (peewee field names -> values) as (table, columns, tuples) for
    ``insert_rows``, with each field's default where a row leaves it out, as
    ``Model.create`` would; the auto id is left to the database unless given."""
    meta = model._meta
    given = set(rows[0]) if rows else set()
    fields = [f for f in meta.sorted_fields if f is not meta.primary_key or f.name in given]
    columns = [f.column_name for f in fields]
    names = [f.name for f in fields]
    values = []
    for row in rows:
        missing = [f for f in fields if f.name not in row]
        if missing:
            row = {
                **row,
                **{f.name: f.default() if callable(f.default) else f.default for f in missing},
            }
        values.append(tuple(row[name] for name in names))
    converters = [(i, f.db_value) for i, f in enumerate(fields) if not isinstance(f, PLAIN)]
    if converters:
        values = [tuple(_converted(v, converters)) for v in values]
    return meta.table_name, columns, values


def _converted(row: tuple, converters) -> list:
    out = list(row)
    for i, convert in converters:
        out[i] = convert(out[i])
    return out


def select_in(
    db: Database,
    table: str,
    columns: Sequence[str],
    key: str,
    values: list,
    where: str = "",
    params: Sequence = (),
    size: int = 500,
) -> list[tuple]:
    """``SELECT columns FROM table WHERE [where AND] key IN (values)``, a part at a time
    (plain SQL: building a long IN list through the query builder costs more than running it)."""
    names = ", ".join(f'"{c}"' for c in columns)
    found: list[tuple] = []
    for start in range(0, len(values), size):
        part = values[start : start + size]
        marks = ", ".join([db.param] * len(part))
        condition = f"{where} AND " if where else ""
        found += db.execute_sql(
            f'SELECT {names} FROM "{table}" WHERE {condition}"{key}" IN ({marks})',
            [*params, *part],
        ).fetchall()
    return found
