"""A step change, Finish and opening a profile paint the new screen whole, and the
database is read off the UI thread meanwhile (the speed itself is bench/operator_keys.py's:
no timed asserts here).  Every frame the real app paints at 80x24 is recorded."""

from __future__ import annotations

import threading

import peewee
import pytest
from pilot_helpers import settle
from wizard_keys import choose, fill, key, step_key

from tui_clients.tui.form.wizard import WizardScreen
from tui_clients.tui.profile.screen import ProfileScreen


def showing(app) -> str:
    """What a frame shows: the wizard's step, a profile (read or still empty), or the
    screen's name."""
    screen = app.screen
    if isinstance(screen, WizardScreen):
        steps = [s for s in screen.query(".step") if s.region.area]
        return "step:" + steps[0].key if steps else "no step"
    if isinstance(screen, ProfileScreen):
        return "profile" if screen.client is not None else "empty profile"
    return type(screen).__name__


@pytest.fixture
def frames(app):
    """Each frame the app paints, as what it shows."""
    painted: list[str] = []
    display = app._display

    def recorded(screen, renderable):
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            painted.append(showing(app))

    app._display = recorded
    return painted


@pytest.fixture
def ui_queries(monkeypatch):
    """The SQL statements run on the UI thread (the real database runs them all)."""
    ran: list[str] = []
    execute = peewee.Database.execute_sql
    ui = threading.main_thread()

    def counted(self, sql, params=None, *args, **kwargs):
        if threading.current_thread() is ui:
            ran.append(sql)
        return execute(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(peewee.Database, "execute_sql", counted)
    return ran


async def test_no_frame_between_two_wizard_steps_is_blank(app, frames, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        await choose(pilot, "company_type", "Persona m")
        frames.clear()
        await key(pilot, "ctrl+n")
        assert step_key(app) == "category"
        await choose(pilot, "category", "Gen")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        await key(pilot, "ctrl+b")
        assert step_key(app) == "category"
        assert frames and "no step" not in frames, frames


async def test_a_step_change_and_a_profile_read_the_database_off_the_ui_thread(
    app, clients, ui_queries, frames
):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "slash", *"andina", "enter")
        frames.clear()
        ui_queries.clear()
        await key(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        assert "Andina Logística" in str(app.screen.query_one("#title").render())
        assert ui_queries == []
        assert "empty profile" not in frames, frames  # painted whole at once
        await key(pilot, "escape", "n")
        await choose(pilot, "company_type", "Persona m")
        ui_queries.clear()
        await key(pilot, "ctrl+n")
        assert step_key(app) == "category"
        # the step's check and the draft ran in a worker; the step read only its catalogs
        registry = ('"client"', '"company"', '"contact"', '"setting"', "INSERT", "UPDATE")
        assert [sql for sql in ui_queries if any(word in sql for word in registry)] == []


async def test_finish_registers_off_the_ui_thread_and_shows_the_profile_whole(
    app, clients, ui_queries, frames
):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        await choose(pilot, "company_type", "Persona m")
        await key(pilot, "ctrl+n")
        await choose(pilot, "category", "Gen")
        await key(pilot, "ctrl+n")
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "document_number", "AAA010101AAA")
        await fill(pilot, "legal_name", "Abarrotes del Centro S.A. de C.V.")
        for _ in range(8):
            if step_key(app) == "finish":
                break
            if step_key(app) == "addresses":
                await key(pilot, "ctrl+t")
                await choose(pilot, "addresses[0].region", "Jal")
                await fill(pilot, "addresses[0].province", "Zapopan")
                await fill(pilot, "addresses[0].postal_code", "45110")
                await fill(pilot, "addresses[0].line", "Av. Patria 1201")
            await key(pilot, "ctrl+n")
        assert step_key(app) == "finish"
        ui_queries.clear()
        frames.clear()
        await key(pilot, "ctrl+f")
        assert isinstance(app.screen, ProfileScreen)
        assert "Abarrotes del Centro" in str(app.screen.query_one("#title").render())
        assert [sql for sql in ui_queries if sql.lstrip().upper().startswith("INSERT")] == []
        assert "empty profile" not in frames, frames
