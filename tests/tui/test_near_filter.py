"""The "near" filter at 80x24: the place a name resolved to is shown, and a name that
several countries have is chosen by the operator, never guessed."""

from pilot_helpers import settle, shown
from textual.widgets import Input, OptionList, Static

from tui_clients.domain.entities import AddressInput, ClientInput
from tui_clients.services.clients.writing import create_client
from tui_clients.tui.widgets.dialogs import FilterScreen, PlaceChoiceScreen


def placed(number: str, name: str, country: str, coordinates: str):
    return create_client(
        ClientInput(
            person_kind="moral",
            document_type="REF",
            document_number=number,
            legal_name=name,
            addresses=[AddressInput(country=country, line="Calle 1", coordinates=coordinates)],
        )
    )


def status(app) -> str:
    return shown(app.screen.query_one("#count", Static)).strip()


async def near(pilot, text: str, km: str = "10") -> None:
    """Open the filters, type the place and the distance, apply."""
    app = pilot.app
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(app.screen, FilterScreen)
    app.screen.query_one("#near", Input).value = text
    app.screen.query_one("#km", Input).value = km
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_name_in_several_countries_is_chosen_and_the_place_is_shown(app, sqlite_db):
    placed("N-1", "Oficina San Isidro", "PE", "-12.0970,-77.0360")  # San Isidro, Lima
    placed("N-2", "Oficina Centro de Lima", "PE", "-12.0464,-77.0428")
    placed("N-3", "Tienda Medellín", "CO", "6.2442,-75.5812")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # the district of Lima (Peru has both names), not a namesake in the default country
        await near(pilot, "San Isidro, Lima", "2")
        assert "San Isidro, Lima, Perú" in status(app)
        assert status(app).startswith("1 coincidencia")
        # "Lima" is a city of Peru and a town of Mexico: the operator chooses, by keyboard
        await near(pilot, "Lima", "3")
        assert isinstance(app.screen, PlaceChoiceScreen)
        options = app.screen.query_one("#places", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == "Lima, Lima, Perú" and any("México" in x for x in labels[1:])
        await pilot.press("escape")  # back to the filters, nothing applied
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # the first: Lima, Peru
        await settle(pilot)
        assert "a menos de 3 km de Lima, Lima, Perú" in status(app)
        assert status(app).startswith("1 coincidencia")
        # the dialog says where the filter is centred
        await pilot.press("f")
        await settle(pilot)
        assert shown(app.screen.query_one("#near-place", Static)).strip() == "→ Lima, Lima, Perú"
        await pilot.press("escape")
        await settle(pilot)
        # Medellín: Colombia's city or Veracruz's town; the second one is chosen with ↓
        await near(pilot, "Medellín", "20")
        assert isinstance(app.screen, PlaceChoiceScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "Medellín de Bravo" in status(app) and "México" in status(app)
        assert status(app).startswith("0 coincidencias")
        await near(pilot, "Medellín, Colombia", "20")  # the country named: no question
        assert not isinstance(app.screen, PlaceChoiceScreen)
        assert "Medellín, Antioquia, Colombia" in status(app)
        assert status(app).startswith("1 coincidencia")


async def test_the_dialog_says_what_the_typed_name_is_before_applying(app, sqlite_db):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#near", Input).focus()
        await pilot.press(*"Chapinero")
        await settle(pilot)
        said = shown(app.screen.query_one("#near-place", Static)).strip()
        assert said == "→ Chapinero, Distrito Capital de Bogotá, Colombia"
        app.screen.query_one("#near", Input).value = "Medellín"
        await settle(pilot)
        said = shown(app.screen.query_one("#near-place", Static)).strip()
        assert said == "→ 2 lugares con ese nombre (Colombia, México): al aplicar se pregunta cuál"
