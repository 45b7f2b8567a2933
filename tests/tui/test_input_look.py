"""Fields stand out from the screen behind them, and an example in an empty field reads
as an example ("p. ej. …"), never as coordinates already there."""

from __future__ import annotations

from pilot_helpers import settle
from textual.widgets import Input
from wizard_keys import choose, field, fill, key, step_key, to_step_after_category


def contrast(a, b) -> float:
    """Difference of lightness between two colours (0 to 1)."""
    return abs(a.brightness - b.brightness)


async def test_inputs_are_visible_and_coordinates_are_an_example(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await to_step_after_category(pilot, "fis", "Fact")
        assert step_key(app) == "identity"
        first_name = field(app, "first_name").widget
        behind = app.screen.styles.background
        assert isinstance(first_name, Input)
        assert contrast(first_name.styles.background, behind) >= 0.08  # not dark on dark
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "document_number", "PEMJ800101AB6")
        await fill(pilot, "first_name", "Juana")
        await fill(pilot, "last_name", "Pérez Mora")
        await key(pilot, "ctrl+n")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "addresses"
        await key(pilot, "ctrl+t")
        await settle(pilot)
        coordinates = field(app, "addresses[0].coordinates").widget
        assert coordinates.value == ""
        assert coordinates.placeholder == "p. ej. 19.4326, -99.1332"
