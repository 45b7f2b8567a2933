"""Shared fixtures: every test gets its own settings file location and SQLite file."""

from __future__ import annotations

import pytest

from tui_clients.i18n import set_language


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test reads the developer's settings or database, and messages start in Spanish."""
    monkeypatch.setenv("TUI_CLIENTS_CONFIG", str(tmp_path / "settings.toml"))
    monkeypatch.setenv("TUI_CLIENTS_DB", f"sqlite:///{tmp_path / 'clients.db'}")
    for var in ("TUI_CLIENTS_COUNTRY", "TUI_CLIENTS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TUI_CLIENTS_TMP", str(tmp_path))  # cwd for subprocesses
    set_language("es")
    yield
    set_language("es")


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'clients.db'}"


@pytest.fixture
def db(db_url):
    """A migrated real SQLite file with the catalogs loaded."""
    from tui_clients.services.database import prepare

    database, _ = prepare(db_url)
    yield database
    database.close()
