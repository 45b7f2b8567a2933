"""`tui-clients template --xlsx`: a workbook whose every column is text (so Excel keeps a
phone or a postal code as typed), with a bold frozen header, drop-down lists of the
registry's codes, the instructions on its second sheet; private, never over a file."""

import json
import re
import stat
import xml.etree.ElementTree as ET
import zipfile

from python_calamine import CalamineWorkbook

from tui_clients.cli.main import main
from tui_clients.db import models as m
from tui_clients.domain.custom_fields import FieldDef
from tui_clients.services.admin.custom_fields import save_definition
from tui_clients.services.imports.exporter import export_columns

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
TEMPLATE_HEAD = (
    "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,UniqueReference"
)


def sheets(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def xml(path, member: str) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(member))


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def drop_down_lists(path) -> dict[str, list[str]]:
    """Each validated column's name and the values its list offers (read where the
    validation's formula points: a range of the hidden sheet)."""
    book = sheets(path)
    header = book["Clientes"][0]
    found = {}
    for dv in xml(path, "xl/worksheets/sheet1.xml").iterfind(".//x:dataValidation", NS):
        assert dv.get("type") == "list"
        first, last = dv.get("sqref").split(":")
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", first).groups()
        assert (row, last) == ("2", f"{col}1048576")  # every row below the header
        sheet, a, end = _source(dv.find("x:formula1", NS).text)
        values = [r[column_index(a)] for r in book[sheet][1 : int(end)]]
        found[header[column_index(col)]] = values
    return found


def _source(formula: str) -> tuple[str, str, str]:
    sheet, col, col2, end = re.fullmatch(
        r"'(.+)'!\$([A-Z]+)\$2:\$([A-Z]+)\$(\d+)", formula
    ).groups()
    assert col == col2
    return sheet, col, end


def test_the_xlsx_template_is_text_with_lists_and_the_instructions(tmp_path, capsys):
    assert main(["db", "upgrade"]) == 0
    save_definition(FieldDef(None, "sector", "Sector", "choice", True, choices=("Minería", "Agro")))
    save_definition(FieldDef(None, "giro", "Giro", "text", required=True))
    capsys.readouterr()
    assert main(["template", "--xlsx", str(tmp_path / "plantillas")]) == 0
    path = tmp_path / "plantillas" / "Client_Template.xlsx"
    assert capsys.readouterr().out == f"Plantilla escrita: {path}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (tmp_path / "plantillas" / "Client_Template_instrucciones.txt").exists()

    book = sheets(path)
    assert list(book) == ["Clientes", "Instrucciones", "Listas"]
    header, example = book["Clientes"]
    columns, _custom = export_columns()  # the export's columns, the custom fields' last
    assert header == columns and header[-2:] == ["giro", "sector"]
    assert ",".join(header).startswith(TEMPLATE_HEAD)
    row = dict(zip(header, example, strict=True))
    assert row["Name"] == "Comercializadora Azteca S.A. de C.V."
    assert (row["State"], row["UniqueReference"], row["sector"]) == ("1", "CAZ550101AA3", "Minería")
    assert row["Telephone"] == "+52 55 1234 5678" and row["giro"] == "ejemplo"
    notes = "\n".join(str(r[0]) for r in book["Instrucciones"])
    assert "Este libro se importa tal cual (tui-clients import Client_Template.xlsx" in notes
    assert "UniqueReference" in notes and "giro (Giro): texto; obligatorio" in notes

    # every column and every written cell carry the text format "@" (built-in 49)
    styles = xml(path, "xl/styles.xml")
    xfs = styles.find("x:cellXfs", NS).findall("x:xf", NS)
    text_styles = {str(i) for i, xf in enumerate(xfs) if xf.get("numFmtId") == "49"}
    assert text_styles
    sheet = xml(path, "xl/worksheets/sheet1.xml")
    cols = sheet.findall("x:cols/x:col", NS)
    covered = set()
    for col in cols:
        assert col.get("style") in text_styles and float(col.get("width")) >= 8
        covered |= set(range(int(col.get("min")), int(col.get("max")) + 1))
    assert covered == set(range(1, len(header) + 1))
    cells = sheet.findall("x:sheetData/x:row/x:c", NS)
    assert cells and all(c.get("s") in text_styles for c in cells)
    header_style = {c.get("s") for c in sheet.findall("x:sheetData/x:row[@r='1']/x:c", NS)}
    [bold_xf] = [xfs[int(s)] for s in header_style]
    fonts = styles.find("x:fonts", NS).findall("x:font", NS)
    assert fonts[int(bold_xf.get("fontId"))].find("x:b", NS) is not None
    pane = sheet.find("x:sheetViews/x:sheetView/x:pane", NS)
    assert (pane.get("ySplit"), pane.get("state")) == ("1", "frozen")

    # the lists: the registry's codes, on a hidden sheet
    lists = drop_down_lists(path)
    assert lists == {
        "State": ["1", "0"],
        "CompanyType": [t.code for t in m.CompanyType.select().order_by(m.CompanyType.sort_order)],
        "Category": [c.code for c in m.Category.select().order_by(m.Category.sort_order)],
        "DocumentType": list(dict.fromkeys(d.code for d in m.DocumentType.select())),
        "RegimenFiscal": sorted(r.code for r in m.RegimenFiscal.select()),
        "UsoCFDI": sorted(u.code for u in m.UsoCfdi.select()),
        "sector": ["Minería", "Agro"],
    }
    assert {"PF", "PM"} <= set(lists["CompanyType"]) and "601" in lists["RegimenFiscal"]
    assert "G03" in lists["UsoCFDI"] and "RFC" in lists["DocumentType"]
    hidden = {
        s.get("name"): s.get("state")
        for s in xml(path, "xl/workbook.xml").iterfind(".//x:sheet", NS)
    }
    assert hidden == {"Clientes": None, "Instrucciones": None, "Listas": "hidden"}

    # as written, it imports (its example row is valid)
    capsys.readouterr()
    assert main(["import", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"]) == (1, 0), report


def test_never_over_a_file_without_replace(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "mía.xlsx"
    target.write_bytes(b"mine")
    assert main(["template", "--xlsx", str(target)]) == 1
    assert f"{target} ya existe: elija otro nombre" in capsys.readouterr().err
    assert target.read_bytes() == b"mine"
    assert main(["template", "--xlsx", str(target), "--replace"]) == 0
    assert zipfile.is_zipfile(target) and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(target.parent.iterdir()) == [target]  # no part file left beside it


def test_a_name_ending_in_xlsx_is_a_workbook_and_the_default_name_is_here(
    tmp_path, capsys, monkeypatch
):
    assert main(["template", str(tmp_path / "clientes.xlsx")]) == 0
    assert zipfile.is_zipfile(tmp_path / "clientes.xlsx")
    assert capsys.readouterr().out == f"Plantilla escrita: {tmp_path / 'clientes.xlsx'}\n"
    monkeypatch.chdir(tmp_path)
    assert main(["template", "--xlsx"]) == 0
    assert zipfile.is_zipfile(tmp_path / "Client_Template.xlsx")
    assert main(["template"]) == 0  # the CSV template beside it: no name in common
    assert (tmp_path / "Client_Template.csv").exists()
