"""The client list as an operator uses it: search, filters, sort, hostile names."""

from geopy.distance import geodesic
from pilot_helpers import HOSTILE, settle, shown, table_lines
from textual.widgets import Input, Select, Static

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.services.clients.listing import ClientFilter, count
from tui_clients.services.clients.writing import create_client
from tui_clients.services.geo.geocoding import near_point
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.clients.client_table import ClientTable
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import FilterScreen, SortScreen


def count_text(app) -> str:
    return shown(app.screen.query_one("#count", Static)).strip()


async def test_empty_database_tells_the_user_what_to_do(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert count_text(app).startswith("0 clientes ·")
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and "tui-clients demo" in shown(empty)


async def test_list_shows_every_column_sorted_by_name(app, clients):
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        lines = table_lines(app)
        assert "Nombre▲" in lines[0] and "Documento" in lines[0] and "Correo" in lines[0]
        assert "Andina Logística S.A.S." in lines[1] and "NIT 900123456-8" in lines[1]
        assert "José Núñez Peña" in lines[3] and "+525512345678" in lines[3]
        assert "jose@correo.mx" in lines[3] and "activo" in lines[3]
        assert count_text(app).startswith("3 clientes ·")


async def test_search_as_you_type_is_accent_and_punctuation_insensitive(app, clients):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#search", Input)
        await pilot.press(*"nunez")
        await settle(pilot)
        assert count_text(app).startswith("1 coincidencia ·")
        assert "José Núñez Peña" in table_lines(app)[1]
        app.screen.query_one("#search", Input).value = "gode561231"
        await settle(pilot)
        assert "José Núñez Peña" in table_lines(app)[1]
        app.screen.query_one("#search", Input).value = "zzzz"
        await settle(pilot)
        assert count_text(app).startswith("0 coincidencias ·")
        assert "Nada coincide" in shown(app.screen.query_one("#empty", Static))
        await pilot.press("escape")
        assert isinstance(app.focused, ClientTable)


async def test_enter_opens_the_client_whose_code_was_typed(app, clients):
    """/CL-000000N, Enter, Enter: the client with that code opens, though newer clients
    (shown first while searching) hold the same digits."""
    nunez = clients["nunez"]
    for n in range(3):
        create_client(
            ClientInput(
                person_kind="moral",
                document_type="REF",
                document_number=f"R{n}{nunez.code[3:]}",
                legal_name=f"Referencia {n}",
            )
        )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *nunez.code)
        await settle(pilot)
        assert count_text(app).startswith("4 coincidencias")
        assert "José Núñez Peña" in table_lines(app)[1]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen) and app.screen.client_id == nunez.id


async def test_filters_and_sort_combine_with_the_search(app, clients):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#active", Select).value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert count_text(app).startswith("1 coincidencia · filtros: inactivo")
        assert "Inversiones Lima S.A.C." in table_lines(app)[1]
        await pilot.press("f", "ctrl+r")  # clear the filters
        await settle(pilot)
        assert count_text(app).startswith("3 clientes ·")
        await pilot.press("s")
        assert isinstance(app.screen, SortScreen)
        await pilot.press("enter")  # the highlighted column is the current one: reverses it
        await settle(pilot)
        lines = table_lines(app)
        assert "Nombre▼" in lines[0] and "José Núñez Peña" in lines[1]


async def test_the_list_narrows_to_clients_near_a_place(app, clients):
    # Andina's address names no town: give it coordinates in Bogotá
    m.Address.update(latitude=4.61, longitude=-74.08).where(
        m.Address.line == "Cra. 71a #75b-24"
    ).execute()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        app.screen.query_one("#near", Input).value = "Xqzwv"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)  # not applied: the reason is shown
        assert "Xqzwv" in shown(app.screen.query_one("#error"))
        app.screen.query_one("#near", Input).value = "Bogotá, Colombia"
        app.screen.query_one("#km", Input).value = "25"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert count_text(app).startswith(
            "1 coincidencia · filtros: a menos de 25 km de Bogotá, Distrito Capital de Bogotá, "
            "Colombia · orden: Distancia ▲"  # the place it resolved to, not what was typed
        )
        lines = table_lines(app)
        assert "Distancia▲" in lines[0]
        centre = near_point("Bogotá, Colombia", "MX")[:2]
        km = geodesic(centre, (4.61, -74.08)).km
        assert "Andina Logística S.A.S." in lines[1] and f" {km:.1f} km " in lines[1]
        await pilot.press("f", "ctrl+r")  # no centre: no distance column, back to names
        await settle(pilot)
        assert "Distancia" not in table_lines(app)[0] and "Nombre▲" in table_lines(app)[0]


async def test_m_shows_the_search_on_a_map(app, clients):
    from tui_clients.tui.clients.map_screen import SearchMapScreen

    m.Address.update(latitude=4.61, longitude=-74.08).where(
        m.Address.line == "Cra. 71a #75b-24"
    ).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, SearchMapScreen)
        title = shown(app.screen.query_one("#map-title"))
        assert title.startswith("Clientes de esta búsqueda en Colombia: 1; en otros países: 0.")
        drawn = shown(app.screen.query_one("#search-map"))
        assert drawn.count("●") == 1 and len(drawn.splitlines()) == 24 - 6
        await pilot.press("escape")
        await pilot.press("slash", *"lima", "enter")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "Ningún cliente de esta búsqueda" in shown(app.screen.query_one("#map-title"))


async def test_keyboard_moves_through_a_long_list(app, sqlite_db):
    from tui_clients.services.admin.demo import generate

    generate(sqlite_db, 450, seed=4)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClientTable)
        assert table.total == 450
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == 449
        assert table.current is not None
        last = table_lines(app)[-1]
        assert table.current.legal_name[:15] in last
        await pilot.press("home", "pagedown", "down")
        await settle(pilot)
        assert table.cursor == table.size.height - 2 + 1
        assert all("…" not in line for line in table_lines(app))


async def test_hostile_names_are_shown_literally_and_never_run(sqlite_db):
    for i, name in enumerate(HOSTILE):
        create_client(
            ClientInput(
                person_kind="moral",
                document_type="REF",
                document_number=f"REF-{i}",
                legal_name=name,
            )
        )
    # legacy data that bypassed validation: an escape sequence stored in a name
    legacy = create_client(
        ClientInput(
            person_kind="moral",
            document_type="REF",
            document_number="REF-9",
            legal_name="zz legacy",
        )
    )
    m.Client.update(legal_name="zz\x1b[31mred\x9b").where(m.Client.id == legacy.id).execute()
    from tui_clients.services.settings import Settings

    app = ClientsApp(Settings.load())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = "\n".join(table_lines(app))
        for name in HOSTILE:
            assert name in text
        assert "\x1b" not in text and "\x9b" not in text
        assert "zz\\x1b[31mred\\x9b" in text
        for row in (2, 1, 0, 0):  # clicking a name must not run the action it spells
            await pilot.click(ClientTable, offset=(20, 1 + row))
            await settle(pilot)
            assert app.is_running
        assert isinstance(app.screen, ProfileScreen)  # a second click on a row opens it
        title = shown(app.screen.query_one("#title", Static)).strip()
        assert title.endswith(app.screen.client.legal_name)
        assert app.screen.client.legal_name in HOSTILE
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        name = app.screen.query_one(ClientTable).current.legal_name
        await pilot.press("d")  # the confirmation and the notification show it literally too
        await settle(pilot)
        assert name in shown(app.screen.query_one(".question", Static))
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running
        assert count(ClientFilter(trash=True)) == 1


async def test_question_mark_shows_the_keys(app, clients):
    from textual.widgets import HelpPanel

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen.query(HelpPanel)


async def test_command_palette_offers_the_screen_actions_in_spanish(app, clients):
    from textual.command import CommandPalette
    from textual.widgets import Input as TextInput

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(TextInput).placeholder == "Buscar un comando…"
        await pilot.press(*"papelera", "enter")
        await settle(pilot)
        from tui_clients.tui.clients.screens import TrashScreen

        assert isinstance(app.screen, TrashScreen)


async def test_the_palettes_own_commands_are_in_spanish_too(app, clients):
    from textual.command import CommandList

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        listed = app.screen.query_one(CommandList)
        titles = [
            str(listed.get_option_at_index(i).prompt).splitlines()[0]
            for i in range(listed.option_count)
        ]
        assert {"Tema", "Salir", "Captura de pantalla"} <= set(titles)
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)


async def test_the_operator_keeps_their_place_when_the_list_is_read_again(app, sqlite_db):
    """Back from a profile, or when an import ends behind the list, the cursor stays on
    the row it was on; only a new search or order starts again from the top."""
    from tui_clients.services.admin.demo import generate

    generate(sqlite_db, 450, seed=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClientTable)
        await pilot.press("pagedown", "pagedown", "pagedown", "down", "down")
        await settle(pilot)
        place, client = table.cursor, table.current
        assert place >= 40 and client is not None

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen) and app.screen.client_id == client.id
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(ClientTable)
        assert table.cursor == place and table.current is not None
        assert table.current.id == client.id
        assert client.legal_name[:15] in "\n".join(table_lines(app))

        app.clients_changed()  # what the App does when an import ends
        await settle(pilot)
        assert table.cursor == place and table.current.id == client.id
        assert count_text(app).startswith("450 clientes")

        await pilot.press("slash", "a")
        await settle(pilot)
        assert table.cursor == 0
