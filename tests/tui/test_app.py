"""The real app, driven by Pilot on a real SQLite file."""

from rich.text import Text
from textual.widgets import DataTable, Static

from tui_clients.domain.entities import ClientInput
from tui_clients.services.clients import create_client
from tui_clients.settings import Settings
from tui_clients.tui.app import ClientsApp


def rendered(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


async def test_empty_database_tells_the_user_what_to_do(sqlite_db):
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rendered(app.screen.query_one("#count", Static)) == "0 clientes"
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and "tui-clients demo" in rendered(empty)


async def test_list_shows_clients_with_hostile_names_literally(sqlite_db):
    for i, name in enumerate(["[bold]X[/]", "[@click=app.quit]y", "a[/]b"]):
        create_client(ClientInput(person_kind="moral", document_type="REF",
                                  document_number=f"REF-{i}", legal_name=name))  # fmt: skip
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        names = {table.get_row_at(r)[1].plain for r in range(3)}
        assert names == {"[bold]X[/]", "[@click=app.quit]y", "a[/]b"}
        assert rendered(app.screen.query_one("#count", Static)) == "3 clientes"
        for row in range(3):  # clicking a name must not run the action it spells
            await pilot.click(DataTable, offset=(20, 1 + row))
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
    assert app.return_code in (0, None)
