"""Every word on screen in the operator's language: Textual's own keys (the footer, the
? panel, a picker's menu), ctrl+c's advice, the palette's "no matches", translated when
the app starts in the language chosen then, whatever was imported before."""

import os
import subprocess
import sys
import textwrap

from pilot_helpers import screen_text, settle
from textual.widgets import Select

from tui_clients.domain.i18n import set_language
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_the_keys_panel_and_pickers_speak_spanish(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")  # the search box has the focus
        await pilot.press("question_mark")  # typed in the box: ? is a character there
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        text = flat(screen_text(app))
        for english in ("Scroll Left", "Focus Next", "Copy selected text", "Quit the app"):
            assert english not in text
        assert "Desplazar a" in text and "Campo" in text and "Copiar el" in text
        await pilot.press("question_mark", "n")  # the wizard: its first field is a picker
        await settle(pilot)
        assert isinstance(app.screen.focused, Select)
        await pilot.press("enter")  # its menu opens
        await settle(pilot)
        footer = flat(screen_text(app).splitlines()[-1])
        assert "esc Cerrar el menú" in footer, footer


async def test_ctrl_c_and_the_palette_speak_spanish(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        await pilot.press("ctrl+c")
        await settle(pilot)
        notice = list(app._notifications)[-1]
        assert notice.title == "¿Quiere salir?" and "ctrl+q" in notice.message
        await pilot.press("ctrl+p", *"zzzqx")
        await pilot.pause(1.5)  # the palette waits before it says nothing matches
        text = screen_text(app)
        assert "No matches found" not in text and "Ningún comando coincide" in text


async def test_keys_follow_the_language_chosen_at_start_not_at_import(sqlite_db):
    set_language("en")
    async with ClientsApp(Settings.load()).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = flat(screen_text(pilot.app).splitlines()[-1])
        assert "q Quit" in footer and "t Trash" in footer, footer
    set_language("es")
    async with ClientsApp(Settings.load()).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = flat(screen_text(pilot.app).splitlines()[-1])
        assert "q Salir" in footer and "t Papelera" in footer, footer


def test_a_module_imported_in_english_shows_spanish_when_the_app_starts_in_spanish(
    sqlite_db, tmp_path
):
    script = textwrap.dedent(
        """
        import asyncio, sys
        sys.path.insert(0, {tests!r})
        from tui_clients.domain.i18n import set_language
        set_language("en")
        from tui_clients.tui.app import ClientsApp  # imported while English is active
        from tui_clients.tui.form.wizard import WizardScreen
        from tui_clients.services.settings import Settings
        from pilot_helpers import screen_text, settle
        import os
        from tui_clients.services.admin.database import prepare
        prepare(os.environ["TUI_CLIENTS_DB"])

        async def main():
            set_language("es")  # then the language is chosen
            app = ClientsApp(Settings.load())
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                print(screen_text(app).splitlines()[-1])
                await pilot.press("n")
                await settle(pilot)
                print(screen_text(app).splitlines()[-1])

        asyncio.run(main())
        """
    ).format(tests=str(__import__("pathlib").Path(__file__).parents[1]))
    done = subprocess.run(  # from a neutral folder: the checkout must not shadow the install
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )
    assert done.returncode == 0, done.stderr
    main, wizard = done.stdout.splitlines()[-2:]
    assert "q Salir" in main and "t Papelera" in main, main
    assert "^n Siguiente" in wizard and "esc Cancelar" in wizard, wizard
