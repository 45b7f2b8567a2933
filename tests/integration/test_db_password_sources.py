"""A PostgreSQL password kept out of ``ps``: a URL without one leaves it to libpq
(PGPASSWORD, ~/.pgpass), and one in the settings file is masked by ``config``, ``info``
and ``--version`` and asks for the file to be private.  On the real server named by
TUI_CLIENTS_TEST_PG, with a role of its own.

The test server trusts local connections (pg_hba ``trust``), so a wrong password would
be let in too: what proves that libpq took the password from PGPASSWORD or ~/.pgpass is
the connection's own record of it (``connection.info.password``, libpq's PQpass)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tui_clients.db.connection import has_password, open_database

PG_URL = os.environ.get("TUI_CLIENTS_TEST_PG")

ROLE_PASSWORD = "R0le-pw-in-URL"
ENV_PASSWORD = "Env-pw-PGPASSWORD"
FILE_PASSWORD = "File-pw-pgpass"


@pytest.fixture
def role():
    """A login role with a password and a database of its own (dropped afterwards):
    (user, database, host, port)."""
    if not PG_URL:
        pytest.skip("needs a PostgreSQL server: set TUI_CLIENTS_TEST_PG=postgresql://…")
    import psycopg2

    name = f"tui_pw_{os.getpid()}"
    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'DROP ROLE IF EXISTS "{name}"')
        cur.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{ROLE_PASSWORD}'")
        cur.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
    parts = urlsplit(PG_URL)
    yield name, name, parts.hostname or "127.0.0.1", parts.port or 5432
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'DROP ROLE IF EXISTS "{name}"')
    admin.close()


def url_of(role, password: str = "") -> str:
    user, database, host, port = role
    credentials = f"{user}:{password}" if password else user
    return f"postgresql://{credentials}@{host}:{port}/{database}"


def password_used(url: str) -> str | None:
    """The password libpq connected with (wherever it took it from)."""
    db = open_database(url)
    db.connect()
    try:
        return db.connection().info.password
    finally:
        db.close()


def write_pgpass(home, role) -> None:
    user, database, host, port = role
    pgpass = home / ".pgpass"
    pgpass.write_text(f"{host}:{port}:{database}:{user}:{FILE_PASSWORD}\n")
    pgpass.chmod(0o600)  # libpq ignores a .pgpass others can read


@pytest.fixture
def no_password_env(monkeypatch):
    for var in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE"):
        monkeypatch.delenv(var, raising=False)


def test_a_url_without_password_leaves_it_to_pgpassword(role, no_password_env, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", ENV_PASSWORD)
    assert password_used(url_of(role)) == ENV_PASSWORD


def test_a_url_without_password_leaves_it_to_the_pgpass_file(
    role, no_password_env, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path))  # ~/.pgpass
    write_pgpass(tmp_path, role)
    assert password_used(url_of(role)) == FILE_PASSWORD


def test_a_password_in_the_url_is_percent_decoded_as_libpq_does(role, no_password_env):
    assert password_used(url_of(role, "p%40ss%3Aw%2Fx")) == "p@ss:w/x"
    assert password_used(url_of(role, ROLE_PASSWORD)) == ROLE_PASSWORD


def cli(*args, env: dict[str, str], drop=("TUI_CLIENTS_DB",)):
    """The program in a subprocess, as an operator starts it (``drop``: variables it
    must not see)."""
    environment = {k: v for k, v in os.environ.items() if k not in drop} | env
    return subprocess.run(
        [sys.executable, "-m", "tui_clients", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def test_pgpassword_and_pgpass_are_never_printed(role, no_password_env, tmp_path):
    write_pgpass(tmp_path, role)
    url = url_of(role)
    for env in (
        {"PGPASSWORD": ENV_PASSWORD, "TUI_CLIENTS_DB": url},
        {"HOME": str(tmp_path), "TUI_CLIENTS_DB": url},
    ):
        for args in (("config",), ("config", "--json"), ("info",), ("--version",)):
            result = cli(*args, env=env)
            assert result.returncode == 0, (args, result.stderr)
            said = result.stdout + result.stderr
            assert ENV_PASSWORD not in said and FILE_PASSWORD not in said, args
            assert url in said  # the URL itself, whole: it holds no password
    info = cli("info", env={"PGPASSWORD": ENV_PASSWORD, "TUI_CLIENTS_DB": url}).stdout
    assert "Clientes: 0" in info  # it did connect, with the password libpq found


def test_a_password_in_the_settings_file_is_masked_and_the_file_asked_private(role, tmp_path):
    settings = tmp_path / "settings.toml"  # the one TUI_CLIENTS_CONFIG names (conftest)
    settings.write_text(f'database = "{url_of(role, ROLE_PASSWORD)}"\n')
    settings.chmod(0o644)
    masked = url_of(role, "***")
    for args in (("config",), ("config", "--json"), ("info",), ("--version",)):
        result = cli(*args, env={})
        assert result.returncode == 0, (args, result.stderr)
        assert ROLE_PASSWORD not in result.stdout + result.stderr, args
        assert masked in result.stdout, args
        assert "database" in result.stderr and f"chmod 600 {settings}" in result.stderr, args
    settings.chmod(0o600)
    result = cli("config", env={})
    assert "chmod" not in result.stderr and masked in result.stdout
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600


def test_a_settings_file_whose_url_has_no_password_may_stay_readable(role, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text(f'database = "{url_of(role)}"\n')
    settings.chmod(0o644)
    result = cli("config", env={})
    assert result.returncode == 0 and "chmod" not in result.stderr


def test_what_counts_as_a_password_in_a_url():
    assert has_password("postgresql://ana:s3cret@db.local/clients")
    assert has_password("postgresql://db.local/clients?user=ana&password=s3cret")
    assert not has_password("postgresql://ana@db.local/clients")
    assert not has_password("sqlite:////home/ana/clients.db")
