"""Export to a path ending in .xlsx: a workbook with the CSV export's columns and values,
every cell a text string (a value starting with "=" stays a string, never a formula),
streamed; private, never over a file unless --replace; the list's export too."""

import csv
import json
import stat
import xml.etree.ElementTree as ET
import zipfile

from python_calamine import CalamineWorkbook
from test_exporter import registry

from tui_clients.cli.main import main
from tui_clients.domain.csv.read import unneutralise
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.imports import xlsx_out
from tui_clients.services.imports.exporter import export_csv, export_xlsx
from tui_clients.services.imports.list_export import ExportFailed, export_list

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def workbook_rows(path) -> list[list[str]]:
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Clientes"]
    return book.get_sheet_by_index(0).to_python()


def csv_rows(path) -> list[list[str]]:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert {len(r) for r in rows} == {len(rows[0])}  # a value for every column
    return [[unneutralise(v) for v in r] for r in rows]


def test_the_cli_writes_a_workbook_with_the_csv_exports_values(db_url, tmp_path, capsys):
    prepare(db_url)
    registry()
    target = tmp_path / "clientes.xlsx"
    assert main(["export", str(target)]) == 0
    assert capsys.readouterr().err.endswith("4 clientes exportados.\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert main(["export", str(tmp_path / "clientes.csv")]) == 0
    rows = workbook_rows(target)
    assert rows == csv_rows(tmp_path / "clientes.csv")  # the same columns and values
    by_ref = {r[8]: r for r in rows[1:]}
    assert by_ref["900123456-8"][0] == '=Andina "Logística"'  # as stored: no quote added
    jose = dict(zip(rows[0], by_ref["GODE561231GR8"], strict=True))
    assert (jose["PostalCode"], jose["Telephone"]) == ("06600", "+525512345678")

    with zipfile.ZipFile(target) as z:
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        styles = ET.fromstring(z.read("xl/styles.xml"))
    assert sheet.find(".//x:f", NS) is None  # no formula anywhere
    cells = sheet.findall("x:sheetData/x:row/x:c", NS)
    assert {c.get("t") for c in cells} == {"inlineStr"}  # strings, written as streamed
    xfs = styles.find("x:cellXfs", NS).findall("x:xf", NS)
    text = {str(i) for i, xf in enumerate(xfs) if xf.get("numFmtId") == "49"}
    assert {c.get("s") for c in cells} <= text
    assert all(c.get("style") in text for c in sheet.findall("x:cols/x:col", NS))
    pane = sheet.find("x:sheetViews/x:sheetView/x:pane", NS)
    assert (pane.get("ySplit"), pane.get("state")) == ("1", "frozen")

    before = target.read_bytes()
    assert main(["export", str(target)]) == 1  # never over a file without --replace
    assert f"{target} ya existe" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert main(["export", str(target), "--category", "GEN", "--replace"]) == 0
    assert [r[8] for r in workbook_rows(target)[1:]] == ["900123456-8"]


def test_a_workbook_export_imports_into_an_empty_registry_as_the_same_clients(
    db_url, tmp_path, capsys, monkeypatch
):
    prepare(db_url)
    registry()
    assert export_csv(tmp_path / "antes.csv") == 4
    assert export_xlsx(tmp_path / "clientes.xlsx") == 4
    empty = f"sqlite:///{tmp_path / 'vacía.db'}"
    prepare(empty)
    monkeypatch.setenv("TUI_CLIENTS_DB", empty)
    capsys.readouterr()
    assert main(["import", str(tmp_path / "clientes.xlsx"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"]) == (4, 0), report
    assert export_csv(tmp_path / "después.csv") == 4
    assert (tmp_path / "después.csv").read_bytes() == (tmp_path / "antes.csv").read_bytes()


def test_more_clients_than_a_sheet_holds_is_a_message_and_no_file(
    db_url, tmp_path, capsys, monkeypatch
):
    prepare(db_url)
    registry()
    monkeypatch.setattr(xlsx_out, "SHEET_ROWS", 3)  # a sheet of a header and 2 rows
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "clientes.xlsx"
    assert main(["export", str(target)]) == 1
    err = capsys.readouterr().err
    assert "más de 2 filas: una hoja .xlsx no admite más; exporte a un archivo .csv" in err
    assert list(target.parent.iterdir()) == []  # nothing written, no part file left
    assert export_xlsx(target, ClientFilter(country="CO")) == 1  # what fits is written


def test_the_lists_export_to_a_workbook_keeps_its_order(db_url, tmp_path):
    prepare(db_url)
    registry()
    target = tmp_path / "lista.xlsx"
    n = export_list(str(target), ClientFilter(), sort="name", descending=True)
    assert n == 4 and stat.S_IMODE(target.stat().st_mode) == 0o600
    export_list(str(tmp_path / "lista.csv"), ClientFilter(), sort="name", descending=True)
    assert workbook_rows(target) == csv_rows(tmp_path / "lista.csv")  # in the list's order
    assert [r[0] for r in workbook_rows(target)[1:]][-2:] == ['=Andina "Logística"', "Ana Quispe"]
    try:
        export_list(str(target), ClientFilter(), sort="name", descending=False)
    except ExportFailed as exc:
        assert "ya existe" in str(exc)
    else:
        raise AssertionError("written over the file")


def test_a_full_disk_is_a_message_and_leaves_nothing_there(db_url, small_disk, capsys):
    """The streamed rows' temporary file is in the target's folder: a disk too small for
    the workbook fails there, says so, and keeps nothing."""
    prepare(db_url)
    assert main(["demo", "--count", "3000", "--seed", "4"]) == 0
    capsys.readouterr()
    target = small_disk / "clientes.xlsx"
    assert main(["export", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"tui-clients: no se puede escribir {target}: el disco está lleno\n"
    assert list(small_disk.iterdir()) == []
