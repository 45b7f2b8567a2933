"""Keyboard helpers for walking the registration wizard with Pilot, as an operator would."""

from __future__ import annotations

from pilot_helpers import settle
from textual.widgets import Checkbox, Input, Select

from tui_clients.tui.widgets.fields import Field, field_id


def field(app, name: str) -> Field:
    return app.screen.query_one("#field-" + field_id(name), Field)


def error_of(app, name: str) -> str:
    """The error shown beside a field ("" when none is shown)."""
    from pilot_helpers import shown

    error = field(app, name).query_one(".error")
    return shown(error).strip() if error.display else ""


async def focus(pilot, name: str):
    found = pilot.app.screen.query(f"#{field_id(name)}")
    widget = found.first() if found else field(pilot.app, name).widget
    widget.focus()
    await pilot.pause()
    return widget


async def type_in(pilot, name: str, text: str) -> None:
    """Focus a text field, empty it with ctrl+u/ctrl+k and type ``text`` key by key."""
    widget = await focus(pilot, name)
    assert isinstance(widget, Input), name
    await pilot.press("home", "ctrl+k")
    await pilot.press(*list(text)) if text else None
    await pilot.pause()


async def fill(pilot, name: str, text: str) -> None:
    """Focus a text field and give it ``text`` at once, as typing would end.  For tests
    whose subject is not the typing itself: each flow keeps one test that types key by
    key (``type_in``)."""
    widget = await focus(pilot, name)
    assert isinstance(widget, Input), name
    widget.value = text
    widget.cursor_position = len(text)
    await pilot.pause()


async def choose(pilot, name: str, typed: str) -> None:
    """Open a picker with Enter, type to search, Enter picks the highlighted option."""
    widget = await focus(pilot, name)
    assert isinstance(widget, Select), name
    await pilot.press("enter")
    await pilot.press(*list(typed))
    await pilot.press("enter")
    await settle(pilot)


async def tick(pilot, name: str) -> None:
    widget = await focus(pilot, name)
    assert isinstance(widget, Checkbox), name
    await pilot.press("space")
    await pilot.pause()


async def key(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def to_step_after_category(pilot, company_type: str, category: str) -> None:
    """From the list: open the wizard, pick the company type and the category (each by
    the text typed into its picker) and go on to the step that follows them."""
    await settle(pilot)
    await key(pilot, "n")
    await choose(pilot, "company_type", company_type)
    await key(pilot, "ctrl+n")
    await choose(pilot, "category", category)
    await key(pilot, "ctrl+n")


def step_key(app) -> str:
    return app.screen.step.key


def visible_errors(app) -> dict[str, str]:
    """Every error the current step shows, by field name ("" for the step's own note)."""
    from pilot_helpers import shown

    step = app.screen.step
    found = {f.field_name: error_of(app, f.field_name) for f in step.query(Field)}
    found = {k: v for k, v in found.items() if v}
    note = step.query_one(".step-error")
    if note.display:
        found[""] = shown(note).strip()
    return found
