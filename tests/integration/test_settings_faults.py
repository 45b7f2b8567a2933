"""Faults around the database and the settings, run as a user meets them: the CLI in a
subprocess, a real listener that never answers, real files and modes.  Each ends in one
message and exit 1, never a traceback, never a secret on screen, never a new registry
made behind the operator's back."""

from __future__ import annotations

import io
import os
import pwd
import socket
import stat
import subprocess
import sys
import time

import pytest

from tui_clients.cli.main import main
from tui_clients.services.session import current_user


def run(*args, env=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "tui_clients", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections (the kernel completes them) and never answers,
    like a PostgreSQL host behind a broken proxy or a stopped VM's forwarded port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_a_postgres_server_that_never_answers_is_a_message_within_seconds(silent_server):
    url = f"postgresql://ana:S3creta-77@127.0.0.1:{silent_server}/clientes"
    started = time.monotonic()
    result = run("--db", url, "info")
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert elapsed < 60  # libpq alone would wait for ever
    assert "Traceback" not in result.stderr
    assert f"127.0.0.1:{silent_server}" in result.stderr  # which server
    assert "Compruebe que el servidor esté en marcha y accesible" in result.stderr  # what to do
    assert "S3creta-77" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ana:S3creta-77@127.0.0.1:1/clientes",
        "postgresql://ana@127.0.0.1:1/clientes?password=S3creta-77&sslmode=disable",
    ],
)
def test_a_password_in_the_database_url_is_never_printed(url):
    shown = run("config", env={"TUI_CLIENTS_DB": url})
    assert shown.returncode == 0 and "127.0.0.1:1/clientes" in shown.stdout
    version = run("--version", env={"TUI_CLIENTS_DB": url})  # cannot connect: an error
    assert version.returncode == 1 and "127.0.0.1" in version.stderr
    for result in (shown, version):
        assert "S3creta-77" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_the_history_author_is_the_account_never_the_USER_variable(monkeypatch, db_url):
    account = pwd.getpwuid(os.geteuid()).pw_name
    monkeypatch.setenv("USER", "gerente.general")
    monkeypatch.setenv("LOGNAME", "gerente.general")
    assert current_user() == account
    result = run("demo", "--count", "3", env={"USER": "gerente.general"})
    assert result.returncode == 0, result.stderr
    from tui_clients.db.models import ClientHistory
    from tui_clients.services.admin.database import prepare

    database, _ = prepare(db_url)
    try:
        authors = {h.user for h in ClientHistory.select()}
    finally:
        database.close()
    assert "gerente.general" not in authors


def test_a_named_settings_file_that_is_missing_or_a_folder_starts_nothing(tmp_path):
    for named, says in (
        (tmp_path / "ruta" / "goood.toml", "no existe el archivo de configuración"),
        (tmp_path / "goood.toml", "no existe el archivo de configuración"),
        (tmp_path, "es una carpeta"),
    ):
        result = run("info", env={"TUI_CLIENTS_CONFIG": str(named)})
        assert result.returncode == 1, named
        assert says in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "clients.db").exists()  # no new registry made meanwhile


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0"])
def test_a_timeout_that_is_no_number_of_seconds_is_refused(value):
    result = run("config", env={"TUI_CLIENTS_SMTP_TIMEOUT": value})
    assert result.returncode == 1
    assert "smtp_timeout" in result.stderr and "Traceback" not in result.stderr


def test_storing_the_smtp_password_makes_a_readable_settings_file_private(
    tmp_path, monkeypatch, capsys
):
    settings = tmp_path / "settings.toml"
    settings.write_text('default_country = "PE"\n')
    settings.chmod(0o644)
    monkeypatch.setattr("sys.stdin", io.StringIO("Tr0ub4dor&3\n"))
    assert main(["invitations", "smtp-password"]) == 0
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert 'default_country = "PE"' in settings.read_text()


def test_a_secret_in_a_settings_file_others_can_read_is_said(tmp_path):
    from cryptography.fernet import Fernet

    settings = tmp_path / "settings.toml"
    settings.write_text(f'secret_key = "{Fernet.generate_key().decode()}"\n')
    settings.chmod(0o644)
    result = run("config")
    assert result.returncode == 0
    assert "secret_key" in result.stderr and "chmod 600" in result.stderr
    settings.chmod(0o600)
    assert "chmod" not in run("config").stderr
