"""Custom fields by keyboard: an administrator defines one, the wizard asks it in its own
step, the profile shows it."""

from pilot_helpers import settle, shown, table_lines
from textual.widgets import DataTable
from wizard_keys import choose, error_of, fill, key, step_key, tick, type_in

from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client
from tui_clients.tui.admin.custom_fields import CustomFieldsScreen, FieldFormScreen
from tui_clients.tui.profile.screen import ProfileScreen


async def define_giro(pilot) -> None:
    app = pilot.app
    await key(pilot, "ctrl+p")
    await pilot.press(*"campos adicionales")
    await key(pilot, "enter")
    assert isinstance(app.screen, CustomFieldsScreen)
    assert "Aún no hay campos adicionales" in shown(app.screen.query_one("#fields-note"))
    await key(pilot, "n")
    assert isinstance(app.screen, FieldFormScreen)
    await type_in(pilot, "label", "Giro")
    await choose(pilot, "type", "lista")
    await type_in(pilot, "choices", "Construcción; Minería")
    await tick(pilot, "required")
    await key(pilot, "ctrl+s")
    assert isinstance(app.screen, CustomFieldsScreen)
    row = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
    assert row == ["Giro", "giro", "lista de opciones *", "todos", "activo", "0"]
    await key(pilot, "escape")


async def test_a_field_defined_by_keyboard_is_asked_in_its_own_wizard_step(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await define_giro(pilot)
        await key(pilot, "n")
        await choose(pilot, "company_type", "Persona m")
        await key(pilot, "ctrl+n")
        await choose(pilot, "category", "Gen")
        note = shown(app.screen.query_one("#plan-note")).strip()
        assert note.endswith("Campos adicionales.")  # the plan says there is one more step
        await key(pilot, "ctrl+n")
        await choose(pilot, "document_country", "Col")
        await choose(pilot, "document_type", "NIT")
        await fill(pilot, "document_number", "860002964-4")
        await fill(pilot, "legal_name", "Café de los Andes S.A.S.")
        await key(pilot, "ctrl+n")
        await key(pilot, "ctrl+n")  # no contacts
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].country", "Col")
        await choose(pilot, "addresses[0].region", "Bogot")
        await fill(pilot, "addresses[0].line", "Cra. 7 #71-21")
        await key(pilot, "ctrl+n")
        await key(pilot, "ctrl+n")  # other data
        assert step_key(app) == "custom"
        await key(pilot, "ctrl+n")
        assert error_of(app, "custom.giro") == "Este campo es obligatorio."
        await choose(pilot, "custom.giro", "Min")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "finish"
        assert "Giro  Minería" in shown(app.screen.query_one("#summary"))
        await key(pilot, "ctrl+f")
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("TabbedContent").active = "tab-custom"
        await settle(pilot)
        assert "Giro  Minería" in shown(app.screen.query_one("#custom"))
    [row] = page(ClientFilter(text="Café de los Andes"))
    assert [(v.key, v.value) for v in get_client(row.id).custom] == [("giro", "Minería")]


async def test_the_list_filters_by_a_custom_field_value(app, clients):
    from textual.widgets import Input, Select

    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin import custom_fields as cf
    from tui_clients.services.clients.queries import input_from_detail
    from tui_clients.services.clients.writing import update_client
    from tui_clients.tui.widgets.dialogs import FilterScreen

    cf.save_definition(FieldDef(None, "", "Giro", "choice", choices=("Construcción", "Minería")))
    for name, giro in (("nunez", "Minería"), ("andina", "Construcción")):
        data = input_from_detail(clients[name])
        data.custom["giro"] = giro
        update_client(clients[name].id, data, expected_version=clients[name].version)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await key(pilot, "f")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#custom_key", Select).value = "giro"
        app.screen.query_one("#custom_value", Input).value = "Pesca"
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, FilterScreen)  # not applied: the reason is shown
        assert "“Pesca” no es una de: Construcción, Minería." in shown(
            app.screen.query_one("#error")
        )
        app.screen.query_one("#custom_value", Input).value = "mineria"
        await key(pilot, "ctrl+s")
        count = shown(app.screen.query_one("#count")).strip()
        assert count.startswith("1 coincidencia · filtros: Giro: Minería")
        assert "José Núñez Peña" in table_lines(app)[1]


async def test_an_untouched_edit_leaves_without_asking_when_fields_have_no_value(app, clients):
    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin import custom_fields as cf

    cf.save_definition(FieldDef(None, "", "Giro", "text"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await key(pilot, "enter")  # the first client, who has no Giro
        assert isinstance(app.screen, ProfileScreen)
        await key(pilot, "e")
        await key(pilot, "escape")
        assert isinstance(app.screen, ProfileScreen)  # nothing typed: no "discard?" question
