"""Shared fixtures: every test gets its own settings file location and SQLite file."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from databases import reset_postgres

from tui_clients.domain.i18n import set_language
from tui_clients.services.admin import secrets


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test reads the developer's settings, database or secret key, and messages start
    in Spanish.  Server passwords are encrypted with a key file in the test's folder (where
    the CLI looks too: beside TUI_CLIENTS_CONFIG)."""
    settings_file = tmp_path / "settings.toml"
    settings_file.touch(mode=0o600)  # a named settings file must exist
    monkeypatch.setenv("TUI_CLIENTS_CONFIG", str(settings_file))
    monkeypatch.setenv("TUI_CLIENTS_DB", f"sqlite:///{tmp_path / 'clients.db'}")
    for var in (
        "TUI_CLIENTS_COUNTRY",
        "TUI_CLIENTS_LANG",
        "TUI_CLIENTS_SECRET_KEY",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(var, raising=False)
    for var in [v for v in os.environ if v.startswith("TUI_CLIENTS_SMTP_")]:  # no real mail
        monkeypatch.delenv(var)
    monkeypatch.delenv("TUI_CLIENTS_PORTAL_URL", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TUI_CLIENTS_TMP", str(tmp_path))  # cwd for subprocesses
    set_language("es")
    previous = secrets.use(secrets.Vault(key_file=tmp_path / "secret.key"))
    yield
    secrets.use(previous)
    set_language("es")


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'clients.db'}"


PG_URL = os.environ.get("TUI_CLIENTS_TEST_PG")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str | None]:
    """The PostgreSQL database of this test process: with pytest-xdist each worker has its
    own (created on the server named by TUI_CLIENTS_TEST_PG), so resets never collide."""
    if not PG_URL:
        yield PG_URL
        return
    import psycopg2

    # one per xdist worker, else one per run: test runs side by side never collide
    worker = os.environ.get("PYTEST_XDIST_WORKER") or f"run{os.getpid()}"
    name = f"tui_clients_test_{worker}"
    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    yield urlunsplit(urlsplit(PG_URL)._replace(path=f"/{name}"))
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # a run's own: not kept for the next
        admin = psycopg2.connect(PG_URL)
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, db_url, pg_url):
    """A migrated real database with the catalogs loaded: an SQLite file, and PostgreSQL too
    when TUI_CLIENTS_TEST_PG names a server (CI starts one)."""
    from tui_clients.services.admin.database import prepare

    url = db_url
    if request.param == "postgresql":
        if not pg_url:
            pytest.skip("PostgreSQL variant: set TUI_CLIENTS_TEST_PG=postgresql://… (.ci/run does)")
        reset_postgres(pg_url)
        url = pg_url
    database, _ = prepare(url)
    yield database
    database.close()


@pytest.fixture(params=["America/Mexico_City", "America/Lima"])
def local_zone(request, monkeypatch):
    """The operator's time zone (TZ, applied with time.tzset), restored afterwards."""
    import time

    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def sqlite_db(db_url):
    """A migrated SQLite file, for what is specific to SQLite (and for the TUI tests)."""
    from tui_clients.services.admin.database import prepare

    database, _ = prepare(db_url)
    yield database
    database.close()


from nominatim_fake import nominatim  # noqa: E402, F401 - a fixture for every test folder


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB filesystem (tmpfs), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(
            "mounting a small tmpfs needs root (CI runs as root): " + mounted.stderr.decode()
        )
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)
