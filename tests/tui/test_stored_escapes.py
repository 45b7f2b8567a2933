"""A name stored with an escape sequence (by an older release, or written into the
database by another program) never reaches the terminal raw: the delete confirmation
shows it escaped."""

from __future__ import annotations

import sqlite3

from pilot_helpers import settle, shown
from textual.widgets import Static

from tui_clients.tui.widgets.dialogs import ConfirmScreen

TITLE = "\x1b]0;pwned\x07"  # OSC 0: would set the terminal's title
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: would write the clipboard


async def test_the_delete_question_shows_a_stored_escape_sequence_escaped(app, clients, db_url):
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    raw.execute(
        "UPDATE client SET legal_name = ? WHERE id = ?",
        (f"Andina {TITLE}{CLIPBOARD}S.A.S.", clients["andina"].id),
    )
    raw.commit()
    raw.close()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")  # the first row: Andina, by name
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = shown(app.screen.query_one(".question", Static))
        assert "\x1b" not in question and "\x07" not in question
        assert "Andina" in question and "\\x1b]0;pwned" in question  # said, not obeyed
