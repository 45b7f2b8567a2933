"""The headless CLI, run as a user would: in a subprocess, on a real database file."""

import json
import os
import subprocess
import sys

import pytest

from tui_clients.cli.main import main
from tui_clients.db import migrations
from tui_clients.db.connection import sqlite_path


def run(*args, env=None):
    """The installed package, from a neutral folder (the checkout must not shadow it)."""
    return subprocess.run(
        [sys.executable, "-m", "tui_clients", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def test_version_names_the_database_file(db_url):
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert "tui-clients 0.1.0" in result.stdout
    assert str(sqlite_path(db_url)) in result.stdout
    assert sqlite_path(db_url).exists()  # created and migrated on first start


def test_info_counts_clients_after_demo(db_url, capsys):
    assert main(["demo", "--count", "25", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "25" in out and "clientes/s" in out
    assert main(["info", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Clients: 25 (0 in the trash)" in out
    latest = migrations.available()[-1].version
    assert f"Schema version: {latest} (latest {latest})" in out


def test_db_upgrade_reports_applied_then_nothing(capsys):
    assert main(["db", "upgrade", "--lang", "en"]) == 0
    first = capsys.readouterr().out
    assert "Applied migration 1: initial" in first
    assert main(["db", "upgrade", "--lang", "en"]) == 0
    assert "Applied" not in capsys.readouterr().out


def test_config_shows_where_each_value_comes_from(tmp_path, monkeypatch, capsys):
    (tmp_path / "settings.toml").write_text('default_country = "PE"\nlanguage = "en"\n')
    monkeypatch.setenv("TUI_CLIENTS_COUNTRY", "CO")
    assert main(["config", "--json", "--db", "sqlite:///x.db"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["default_country"] == {"value": "CO", "source": "env TUI_CLIENTS_COUNTRY"}
    assert shown["language"]["source"].startswith("file ")
    assert shown["database"] == {"value": "sqlite:///x.db", "source": "flag --db"}


def test_bad_settings_are_one_clear_message(tmp_path):
    (tmp_path / "settings.toml").write_text("default_country = [unclosed\n")
    result = run("info")
    assert result.returncode == 1
    assert "no es un archivo de configuración TOML válido" in result.stderr
    assert "Traceback" not in result.stderr
    (tmp_path / "settings.toml").write_text('default_country = "AR"\n')
    result = run("info")
    assert "use uno de estos: MX, PE, CO" in result.stderr


def test_unusable_database_is_a_message_not_a_traceback(tmp_path):
    result = run("info", "--db", "nosuch://x")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (tmp_path / "notadb.db").write_text("this is not sqlite" * 100)
    result = run("info", "--db", f"sqlite:///{tmp_path / 'notadb.db'}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no se puede abrir la base de datos" in result.stderr


def test_a_database_of_a_newer_release_is_refused_in_spanish_and_left_as_it_was(tmp_path):
    import hashlib
    import sqlite3

    path = tmp_path / "nueva.db"
    assert run("db", "upgrade", "--db", f"sqlite:///{path}").returncode == 0
    known = migrations.latest_version()
    with sqlite3.connect(path) as con:
        con.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
            (known + 3, "de una versión posterior", "2030-01-01 00:00:00"),
        )
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in (["info"], ["demo", "--count", "5"], ["db", "upgrade"]):
        result = run(*command, "--db", f"sqlite:///{path}")
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"versión {known + 3}" in result.stderr and f"versión {known})" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_wrong_usage_exits_2_with_a_message():
    for args in (["demo", "--count", "0"], ["search", "x", "--limit", "zero"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert "debe ser al menos 1" in result.stderr or "no es un número entero" in result.stderr
        assert "Traceback" not in result.stderr


def test_passwords_in_database_urls_are_never_printed(monkeypatch, capsys):
    url = "postgresql://ana:s3cret@db.local/clients"
    assert main(["config", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out and "postgresql://ana:***@db.local/clients" in out
    result = run("info", "--db", url)
    assert result.returncode == 1 and "s3cret" not in result.stderr + result.stdout


def test_unsupported_databases_and_missing_folders_are_messages(tmp_path):
    result = run("info", "--db", "mysql://u:p@h/db")
    assert result.returncode == 1 and "not supported" in result.stderr
    assert "Traceback" not in result.stderr
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    result = run("info", "--db", f"sqlite:///{missing}")
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert not missing.parent.exists()


def test_output_into_a_closed_pipe_is_not_a_traceback(tmp_path):
    code = (
        "import subprocess, sys; p = subprocess.Popen([sys.executable, '-m', 'tui_clients', 'config', '--json'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE); p.stdout.close(); print(p.wait()); "
        "print(p.stderr.read().decode())"
    )
    result = python(code)
    assert "Traceback" not in result.stdout, result.stdout


@pytest.mark.parametrize(
    "module",
    [
        "tui_clients.cli.main",
        "tui_clients.services.clients.writing",
        "tui_clients.services.admin.demo",
        "tui_clients.domain.client_rules",
    ],
)
def test_headless_code_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = python(code)
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_headless_command_does_not_import_textual():
    code = "import sys; from tui_clients.cli.main import main; main(['info']); print('textual' in sys.modules)"
    result = python(code)
    assert result.stdout.strip().endswith("False"), result.stderr


def test_domain_imports_neither_peewee_nor_textual():
    code = "import sys, tui_clients.domain.client_rules; print(sorted(m for m in ('peewee', 'textual') if m in sys.modules))"
    result = python(code)
    assert result.stdout.strip() == "[]", result.stderr


def test_search_command_uses_the_list_rules(capsys):
    assert main(["demo", "--count", "40", "--seed", "2"]) == 0
    capsys.readouterr()
    from tui_clients.db import models as m

    client = m.Client.select().order_by(m.Client.id).first()
    fragment = client.document_number[2:9]
    assert main(["search", fragment, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["count"] >= 1
    assert client.code in [c["code"] for c in found["clients"]]
    assert main(["search", "no-such-client-anywhere", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == "0 of 0 matches"
