"""The import screen offers the template as an Excel workbook too ("Plantilla Excel"):
written in the folder typed, its path put in the field, never over a file."""

import stat
import zipfile

from pilot_helpers import settle
from test_import_screen import key, type_in
from wizard_keys import error_of

from tui_clients.tui.imports.screen import ImportScreen


def said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_excel_template_button_writes_the_workbook_beside(app, tmp_path):
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        button = app.screen.query_one("#template-xlsx")
        assert str(button.label) == "Plantilla Excel"
        await type_in(pilot, "import-path", str(tmp_path / "nueva") + "/")
        await pilot.click("#template-xlsx")
        await pilot.pause()
        assert f"La carpeta {tmp_path / 'nueva'} no existe" in error_of(app, "import-path")
        assert not (tmp_path / "nueva").exists()

        await type_in(pilot, "import-path", str(tmp_path) + "/")
        await pilot.click("#template-xlsx")
        await pilot.pause()
        workbook = tmp_path / "Client_Template.xlsx"
        assert said(app)[-1] == f"Plantilla escrita: {workbook}"
        assert app.screen.query_one("#import-path").value == str(workbook)
        assert zipfile.is_zipfile(workbook) and stat.S_IMODE(workbook.stat().st_mode) == 0o600
        before = workbook.read_bytes()

        await type_in(pilot, "import-path", str(tmp_path) + "/")
        await pilot.click("#template-xlsx")  # again: refused, the file kept
        await pilot.pause()
        assert said(app)[-1] == f"{workbook} ya existe; elija otro nombre."
        assert workbook.read_bytes() == before
