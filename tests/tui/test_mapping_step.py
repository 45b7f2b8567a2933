"""The mapping step driven by keyboard: a Mexican ERP's sheet (not the template) is
recognised column by column, a column is given another field, two columns are joined, a
value map is checked, the preview shows each row as it would be stored with its error,
the mapping is saved for every operator and the import runs through it; the next file
with those columns is read through the saved mapping, and says so."""

from __future__ import annotations

import csv

from pilot_helpers import group_done, shown
from test_import_screen import fill, heard, key, wait_import
from textual.widgets import DataTable, OptionList

from tui_clients.db import models as m
from tui_clients.tui.imports.mapping import (
    FieldPicker,
    MappingScreen,
    NameScreen,
    ValueMapScreen,
)
from tui_clients.tui.imports.screen import ImportScreen

HEADER = [
    "RFC",
    "Razón social",
    "Correo",
    "Celular",
    "Calle",
    "Colonia",
    "Municipio",
    "Estado",
    "CP",
    "Activo",
    "Referencia de entrega",
]
ROWS = [
    [
        "CAZ850101AB5",
        "Comercializadora Azteca S.A. de C.V.",
        "ventas@azteca.com.mx",
        "55 1234 5678",
        "Av. Insurgentes Sur 1602",
        "Crédito Constructor",
        "Benito Juárez",
        "Ciudad de México",
        "03940",
        "Sí",
        "Portón negro",
    ],
    [
        "GODE561231GR8",
        "José Núñez Peña",
        "jose.nunez@correo.mx",
        "33 3615 8899",
        "Av. Vallarta 1020",
        "Americana",
        "Guadalajara",
        "Jalisco",
        "44160",
        "No",
        "",
    ],
    [
        "XAXX010101000",
        "Público en general",
        "no-es-un-correo",
        "",
        "",
        "",
        "",
        "",
        "",
        "Sí",
        "",
    ],
]


def write(path, rows=ROWS):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def goes_to(screen: MappingScreen) -> dict[str, str]:
    """What the columns table shows: source column -> the field it goes to."""
    table = screen.query_one("#mapping-columns", DataTable)
    return {
        str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)
    }


async def to_column(pilot, name: str) -> None:
    table = pilot.app.screen.query_one("#mapping-columns", DataTable)
    table.focus()
    table.move_cursor(row=HEADER.index(name))
    await pilot.pause()


async def look_at(pilot, path) -> None:
    """Type the file's path on the import screen and press ctrl+s: the first look at the
    file ends (then the mapping step, a sheet picker or the import follows)."""
    await fill(pilot, "import-path", str(path))
    await key(pilot, "ctrl+s")
    await group_done(pilot, "import-look")


async def preview_done(pilot) -> list[list[str]]:
    await group_done(pilot, "mapping-preview")
    table = pilot.app.screen.query_one("#mapping-preview", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_sheet_of_another_system_is_mapped_previewed_saved_and_imported(app, tmp_path):
    source = write(tmp_path / "clientes_erp.csv")
    hook = heard()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await key(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        await look_at(pilot, source)
        screen = app.screen
        assert isinstance(screen, MappingScreen)
        assert "se reconocieron" in shown(screen.query_one("#mapping-about"))

        # recognition, by names and by values
        seen = goes_to(screen)
        assert seen["RFC"] == "Documento (RFC, NIT, RUC…)"
        assert seen["Razón social"].startswith("Nombre o razón social")
        assert seen["Correo"] == "Correo"
        # Estado holds states of the republic: the region (and a part of the address),
        # never the active flag; the address is its parts joined
        assert "Estado / departamento / región" in seen["Estado"]
        assert seen["Calle"] == "Dirección (unidas)"
        assert seen["Activo"].startswith("Activo (1 / 0)")
        assert seen["Referencia de entrega"] == "(ignorada)"
        rows = await preview_done(pilot)
        assert [r[0] for r in rows] == ["2", "3", "4"]
        assert rows[0][1] == "moral" and rows[0][3] == "RFC CAZ850101AB5"
        assert rows[0][2].startswith("Comercializadora Azteca S.A.")
        assert rows[1][1] == "física"  # an RFC of 13: a person, never a company
        assert rows[2][4].startswith("Correo:")  # before storing, by the file's own column

        # a column given another field: Enter, then the field in the list
        await to_column(pilot, "Referencia de entrega")
        await key(pilot, "enter")
        picker = app.screen
        assert isinstance(picker, FieldPicker)
        options = picker.query_one(OptionList)
        options.highlighted = [IGNORE_ID, *picker.fields].index("AddressDetail")
        await key(pilot, "enter")
        assert goes_to(screen)["Referencia de entrega"] == "Detalle de la dirección"

        # several columns make the address: joined, or the first that is not empty (j)
        await to_column(pilot, "Calle")
        await key(pilot, "j")
        assert goes_to(screen)["Calle"] == "Dirección (el primero no vacío)"
        await key(pilot, "j")
        assert goes_to(screen)["Calle"] == "Dirección (unidas)"
        rows = await preview_done(pilot)
        assert rows[0][4] == "✓"

        # the value map of Activo: Sí and No are proposed as 1 and 0; No kept as 0
        await to_column(pilot, "Activo")
        await key(pilot, "v")
        dialog = app.screen
        assert isinstance(dialog, ValueMapScreen)
        assert dialog.found == ["No", "Sí"]
        assert dialog.query_one("#value-0").value == "0"
        assert dialog.query_one("#value-1").value == "1"
        await key(pilot, "ctrl+s")
        assert app.screen is screen

        # saved for every operator
        await key(pilot, "ctrl+g")
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"ERP Ventas")
        await key(pilot, "enter")
        await group_done(pilot, "mapping-save")
        assert m.ImportMapping.get().name == "ERP Ventas"
        assert any("ERP Ventas" in n.message for n in app._notifications)

        # imported through it
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert "importados: 2" in status and "rechazados: 1" in status
        assert "ERP Ventas" in status
        azteca = m.Client.get(m.Client.document_number == "CAZ850101AB5")
        address = m.Address.get(m.Address.client == azteca.id)
        assert address.line == (
            "Av. Insurgentes Sur 1602, Crédito Constructor, Benito Juárez, Ciudad de México, 03940"
        )
        assert address.detail == "Portón negro"
        assert m.Client.get(m.Client.document_number == "GODE561231GR8").active is False

        # the next file with these columns: read through the saved mapping, and said
        other = write(tmp_path / "clientes_erp_2.csv", [ROWS[0]])
        await look_at(pilot, other)
        assert isinstance(app.screen, MappingScreen)
        about = shown(app.screen.query_one("#mapping-about"))
        assert "mapeo guardado “ERP Ventas”" in about
        assert goes_to(app.screen)["Referencia de entrega"] == "Detalle de la dirección"
        await key(pilot, "escape")
        assert isinstance(app.screen, ImportScreen)


IGNORE_ID = "\0ignore"


async def test_a_workbook_of_several_sheets_asks_which_and_imports_it(app, tmp_path):
    import xlsxwriter

    from tui_clients.tui.imports.mapping import SheetPicker

    path = tmp_path / "clientes.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notas").write(0, 0, "Lista de enero")
    sheet = book.add_worksheet("Clientes")
    sheet.write_row(0, 0, ["Name", "Telephone", "State", "UniqueReference", "Country"])
    sheet.write_row(1, 0, ["Textiles Andinos S.A.C.", 14216000, 1, 20100070970, "PE"])
    book.close()
    hook = heard()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await key(pilot, "i")
        await look_at(pilot, path)
        assert isinstance(app.screen, SheetPicker)
        assert app.screen.sheets == ["Notas", "Clientes"]
        await key(pilot, "down", "enter")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert "importados: 1" in status and "rechazados: 0" in status
        client = m.Client.get(m.Client.document_number == "20100070970")
        assert client.legal_name == "Textiles Andinos S.A.C."


async def test_leaving_an_edited_mapping_asks_first(app, tmp_path):
    from tui_clients.tui.widgets.dialogs import ConfirmScreen

    source = write(tmp_path / "clientes_erp.csv")
    async with app.run_test(size=(80, 24)) as pilot:
        await key(pilot, "i")
        await look_at(pilot, source)
        mapping = app.screen
        assert isinstance(mapping, MappingScreen)
        await to_column(pilot, "Calle")
        await key(pilot, "j")  # an edit
        await key(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await key(pilot, "n")  # stays, with the edit
        assert app.screen is mapping
        assert goes_to(mapping)["Calle"] == "Dirección (el primero no vacío)"
        await key(pilot, "escape", "s")
        assert isinstance(app.screen, ImportScreen)
        assert m.Client.select().count() == 0


async def test_the_preview_says_which_rows_are_registered_clients_already(app, tmp_path):
    from tui_clients.services.imports.importer import run_import

    source = write(tmp_path / "clientes_erp.csv")
    from tui_clients.services.imports.mappings import proposal

    first = proposal(source, "ERP")
    run_import(write(tmp_path / "antes.csv", [ROWS[0]]), mapping=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await key(pilot, "i")
        await look_at(pilot, source)
        rows = await preview_done(pilot)
        assert rows[0][4].startswith("RFC: CAZ850101AB5 ya es el documento")
        assert rows[1][4] == "✓"
        assert "se guardarían 1, se rechazarían 2" in shown(
            app.screen.query_one("#mapping-preview-title")
        )
