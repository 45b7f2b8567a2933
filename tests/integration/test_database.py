"""Migrations, catalog load and the SQLite set-up, on real files."""

import sqlite3
import threading
import time

import pytest
from peewee import SQL

from tui_clients.db import migrations
from tui_clients.db import models as m
from tui_clients.db.connection import DatabaseUrlError, open_database, safe_url, sqlite_path
from tui_clients.services.admin.catalogs import load_catalogs
from tui_clients.services.admin.database import prepare


def test_new_database_is_migrated_to_the_models(db):
    tables = set(db.get_tables())
    for model in m.ALL_MODELS:
        table = model._meta.table_name
        assert table in tables
        columns = {c.name for c in db.get_columns(table)}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, table
        indexes = {i.name for i in db.get_indexes(table)}
        for index in model._meta.indexes:
            if isinstance(index, SQL):  # CREATE [UNIQUE] INDEX name ON …: by its name
                assert index.sql.split(" ON ")[0].split()[-1] in indexes, (table, index.sql)
                continue
            fields, _unique = index
            assert any(all(f in name for f in fields) for name in indexes), (table, fields)
    versions = [v for (v,) in m.SchemaVersion.select(m.SchemaVersion.version).tuples()]
    assert versions == [mg.version for mg in migrations.available()]


def test_upgrade_is_idempotent(db):
    assert migrations.upgrade(db) == []
    assert migrations.pending(db) == []


CATALOG_MODELS = [
    m.CompanyType,
    m.Category,
    m.DocumentType,
    m.Country,
    m.AdminArea,
    m.RegimenFiscal,
    m.UsoCfdi,
    m.Service,
    m.Channel,
]


def test_catalogs_are_loaded_once_and_completely(db):
    assert m.CompanyType.select().count() == 4
    assert m.DocumentType.select().where(m.DocumentType.country == "PE").count() == 4
    assert m.Country.get_by_id("PE").name_es == "Perú"
    assert m.RegimenFiscal.select().count() >= 19
    g03 = m.UsoCfdi.get_by_id("G03")
    assert {"601", "612", "626"} <= set(g03.regimenes.split())
    # Peru's ubigeo: department -> province -> district
    miraflores = m.AdminArea.get(m.AdminArea.country == "PE", m.AdminArea.code == "150122")
    assert miraflores.name == "Miraflores" and miraflores.level == 3
    assert miraflores.parent.name == "Lima" and miraflores.parent.parent.code == "15"
    assert m.AdminArea.get(m.AdminArea.code == "MX-CMX").level == 1
    counts = {model: model.select().count() for model in CATALOG_MODELS}
    assert load_catalogs(db) is False  # unchanged files: nothing to do
    assert load_catalogs(db, force=True) is True
    assert {model: model.select().count() for model in CATALOG_MODELS} == counts


def test_sqlite_is_set_up_for_several_operators(sqlite_db):
    db = sqlite_db
    assert db.execute_sql("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("pragma foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("pragma busy_timeout").fetchone()[0] >= 5000


def test_write_transactions_wait_for_each_other_instead_of_failing(sqlite_db, db_url):
    """Two connections read-then-write at once: with BEGIN IMMEDIATE both succeed."""
    path = sqlite_path(db_url)
    other = sqlite3.connect(path, isolation_level=None, timeout=10)
    other.execute("begin immediate")
    other.execute("insert into app_meta(key, value) values ('lock', 'held')")
    done = []

    def writer():
        with m.database.atomic():
            m.AppMeta.select().count()  # read, then write in the same transaction
            m.AppMeta.create(key="second", value="ok")
        done.append(True)

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.3)
    assert not done  # waiting for the lock, not failed
    other.execute("commit")
    thread.join(5)
    assert done == [True]
    assert m.AppMeta.get_by_id("second").value == "ok"


def test_bad_urls_are_reported_not_raised(tmp_path):
    with pytest.raises(DatabaseUrlError):
        open_database("clients.db")
    with pytest.raises(DatabaseUrlError):
        open_database("nosuchdb://x/y")
    with pytest.raises(DatabaseUrlError, match="not supported"):
        open_database("mysql://u:p@h/db")


def test_url_forms_and_password_hiding(tmp_path):
    assert str(sqlite_path("sqlite:////abs/x.db")) == "/abs/x.db"
    assert str(sqlite_path("sqlite:///rel/x.db")) == "rel/x.db"
    assert sqlite_path("postgresql://u:p@h/db") is None
    assert (
        safe_url("postgresql://ana:s3cret@db.local/clients")
        == "postgresql://ana:***@db.local/clients"
    )


def test_prepare_creates_the_file_and_its_folder(tmp_path):
    target = tmp_path / "deep" / "folder" / "c.db"
    with pytest.raises(DatabaseUrlError):
        prepare(f"sqlite:///{target}")  # an explicit URL names an existing folder
    db, applied = prepare(f"sqlite:///{target}", create_folder=True)  # the default location
    assert target.exists()
    assert [a.version for a in applied] == [mg.version for mg in migrations.available()]
    db.close()


def test_migrations_add_columns_once(db):
    from peewee import CharField

    migrator = migrations.migrator_for(db)
    field = CharField(max_length=10, default="")
    assert migrations.add_column_if_missing(db, migrator, "client", "nickname", field) is True
    assert migrations.add_column_if_missing(db, migrator, "client", "nickname", field) is False
    assert "nickname" in {c.name for c in db.get_columns("client")}
