"""Helpers for tests that open databases themselves (beside the ``db`` fixture)."""

from __future__ import annotations


def reset_postgres(url: str) -> None:
    """An empty ``public`` schema in the PostgreSQL database of ``url``."""
    from tui_clients.db.connection import open_database

    database = open_database(url)
    database.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    database.close()
