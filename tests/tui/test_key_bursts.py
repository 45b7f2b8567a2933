"""Keys that arrive in one burst (typed ahead while the app was busy, or over a laggy SSH
link: the terminal delivers them in one read) land where they were typed: in the
wizard, the edit form, the list's sort picker and the filter dialog.  ``burst`` queues
every key on the App before the first is handled, as the terminal driver does."""

from __future__ import annotations

from pilot_helpers import burst, settle
from textual.widgets import TabbedContent
from wizard_keys import choose, field, focus, key, step_key, to_step_after_category

from tui_clients.services.clients.queries import get_client
from tui_clients.tui.form.edit import EditScreen
from tui_clients.tui.profile.screen import ProfileScreen


def values(app, *names: str) -> dict[str, str]:
    return {name: field(app, name).widget.value for name in names}


async def to_identity(pilot) -> None:
    await to_step_after_category(pilot, "fis", "Fact")
    assert step_key(pilot.app) == "identity"
    await choose(pilot, "document_type", "RFC")
    await focus(pilot, "document_number")


async def test_a_burst_with_tabs_fills_one_field_after_another(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await to_identity(pilot)
        await burst(pilot, "GODE561231GR8", "tab", "Eduardo", "tab", "Gómez Díaz")
        assert values(app, "document_number", "first_name", "last_name") == {
            "document_number": "GODE561231GR8",
            "first_name": "Eduardo",
            "last_name": "Gómez Díaz",
        }
        await burst(pilot, "shift+tab", "shift+tab", "ctrl+u", "GODE561231GR9")
        assert values(app, "document_number")["document_number"] == "GODE561231GR9"


async def test_keys_typed_behind_next_land_on_the_next_step(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await to_identity(pilot)
        # the identity step asks the registry in a worker: what follows ctrl+n waits for
        # the contacts step, where ctrl+t adds a contact whose e-mail gets the rest
        keys = ["GODE561231GR8", "tab", "Eduardo", "tab", "Gómez Díaz", "ctrl+n"]
        await burst(pilot, *keys, "ctrl+t", "eduardo@correo.mx", "tab", "Eduardo")
        assert step_key(app) == "contacts"
        assert values(app, "contacts[0].email", "contacts[0].first_name") == {
            "contacts[0].email": "eduardo@correo.mx",
            "contacts[0].first_name": "Eduardo",
        }
        await burst(pilot, "ctrl+b", "tab", "tab", "X")  # back: the identity step's fields
        assert step_key(app) == "identity"
        chain = app.screen.focus_chain
        first = next(w for w in chain if app.screen.step in w.ancestors)
        assert app.focused is chain[chain.index(first) + 2]
        assert app.focused.value.endswith("X")


async def test_the_edit_form_takes_a_burst_and_saves_it(app, clients):
    andina = clients["andina"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await key(pilot, "enter", "e")
        assert isinstance(app.screen, EditScreen)
        await focus(pilot, "legal_name")
        await burst(pilot, "ctrl+u", "Andina Carga S.A.S.", "tab", "ctrl+u", "Andina", "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    saved = get_client(andina.id)
    assert (saved.legal_name, saved.trade_name) == ("Andina Carga S.A.S.", "Andina")


async def test_the_edit_forms_next_tab_takes_the_keys_behind_it(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await key(pilot, "enter", "e")
        first = app.screen.query_one(TabbedContent).active
        await burst(pilot, "alt+right", "x")
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active != first
        assert app.focused is not None and tabs.active_pane in app.focused.ancestors
        assert getattr(app.focused, "value", "x").endswith("x")


async def test_down_typed_with_s_moves_in_the_sort_picker(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await burst(pilot, "s", "down", "enter")
        assert app.screen is screen  # chosen and closed
        assert (screen.sort_key, screen.descending) == ("document", False)


async def test_the_filter_dialog_takes_a_burst(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await burst(pilot, "f", "2020-01-01", "tab", "2030-12-31", "ctrl+s")
        assert app.screen is screen
        assert (str(screen.filter.added_from), str(screen.filter.added_to)) == (
            "2020-01-01",
            "2030-12-31",
        )
