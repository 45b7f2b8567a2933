"""A database that fails under the list: the operator is told, the app goes on, and the
list is read again once the fault is gone (a real fault: the clients table renamed away
behind the app's back)."""

import sqlite3

from pilot_helpers import settle, shown, table_lines
from textual.widgets import Static

from tui_clients.domain.i18n import _
from tui_clients.tui.clients.client_table import ClientTable

# the new message (Spanish once the catalog has it): its text before the error
FAILED = _("The list could not be read: {error}. Move in it or reload (ctrl+r).").split("{")[0]


def rename(db_url: str, old: str, new: str) -> None:
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        raw.execute(f"ALTER TABLE {old} RENAME TO {new}")
        raw.commit()
    finally:
        raw.close()


def failures(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_a_page_that_failed_is_asked_again_and_the_app_keeps_running(app, sqlite_db, db_url):
    from tui_clients.services.admin.demo import generate

    generate(sqlite_db, 450, seed=4)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClientTable)
        assert table.total == 450
        rename(db_url, "client", "client_away")
        while table.cursor < 110:  # rows 100-199: a page not read yet
            await pilot.press("pagedown")
        await settle(pilot)
        assert app.is_running
        assert any(m.startswith(FAILED) and "client" in m for m in failures(app))
        assert any("…" in line for line in table_lines(app))  # not there: not invented
        rename(db_url, "client_away", "client")
        await pilot.press("down")  # a move asks again for what failed
        await settle(pilot)
        assert all("…" not in line for line in table_lines(app))
        assert table.current is not None and len(failures(app)) == 1


async def test_a_search_that_failed_says_so_and_reload_reads_the_list(app, clients, db_url):
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        rename(db_url, "client", "client_away")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.is_running
        count = shown(app.screen.query_one("#count", Static))
        assert count.startswith(FAILED) and any(m.startswith(FAILED) for m in failures(app))
        rename(db_url, "client_away", "client")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert shown(app.screen.query_one("#count", Static)).startswith("3 clientes ·")
        assert "Andina Logística S.A.S." in table_lines(app)[1]


async def test_the_imports_list_says_when_it_cannot_be_read_and_reads_it_again(
    app, clients, db_url
):
    from pilot_helpers import group_done
    from textual.widgets import DataTable

    from tui_clients.tui.imports.jobs import ImportJobsScreen

    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        rename(db_url, "import_job", "import_job_away")
        await app.run_action("import_jobs")
        await group_done(pilot, "import-jobs")
        assert app.is_running and isinstance(app.screen, ImportJobsScreen)
        [failure] = failures(app)
        assert failure.startswith("No se pudo leer la lista de cargas:") and "import_job" in failure
        rename(db_url, "import_job_away", "import_job")
        await pilot.press("r")
        await group_done(pilot, "import-jobs")
        assert len(failures(app)) == 1
        assert shown(app.screen.query_one("#job-detail", Static)) == "Todavía no hay cargas."
        assert app.screen.query_one(DataTable).row_count == 0
