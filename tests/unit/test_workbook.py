"""Reading workbooks (.xlsx, .xls, .ods) as rows of text: real files built here."""

from __future__ import annotations

import datetime
import os
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from tui_clients.domain.csv.decode import FileRefused
from tui_clients.domain.csv.workbook import (
    WORKBOOK_SUFFIXES,
    Workbook,
    cell_text,
    is_workbook,
    sheet_names,
)


def _records(path: Path, sheet: str | None = None) -> list[tuple[int, list[str]]]:
    with Workbook(path, sheet) as book:
        return list(book.records())


def _refusal(path: Path, sheet: str | None = None) -> tuple[str, str]:
    with pytest.raises(FileRefused) as caught:
        Workbook(path, sheet)
    return caught.value.error.code, caught.value.error.message_es


@pytest.fixture
def clients_xlsx(tmp_path: Path) -> Path:
    """A hidden first sheet, then the clients typed as Excel users type them, from B2."""
    path = tmp_path / "clientes.xlsx"
    book = xlsxwriter.Workbook(path)
    hidden = book.add_worksheet("Notas")
    hidden.write(0, 0, "no es la hoja de clientes")
    hidden.hide()
    sheet = book.add_worksheet("Clientes")
    other = book.add_worksheet("Bajas")
    other.write_row(0, 0, ["Name", "State"])
    other.write_row(1, 0, ["Baja SA", False])
    sheet.activate()
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    clock = book.add_format({"num_format": "hh:mm"})
    header = ["Name", "Telephone", "PostalCode", "Amount", "NIT", "Since", "Seen", "At"]
    sheet.write_row(1, 1, [*header, "Double", "State", "Check"])
    sheet.write_row(2, 1, ["Ana López", 5512345678, "06600", 1234.5, 9001234567])
    sheet.write_datetime(2, 6, datetime.date(2024, 3, 5), date)
    sheet.write_datetime(2, 7, datetime.datetime(2024, 3, 5, 14, 30), stamp)
    sheet.write_datetime(2, 8, datetime.time(9, 5), clock)
    sheet.write_formula(2, 9, "=C3*2", None, 11024691356)
    sheet.write_boolean(2, 10, True)
    sheet.write_formula(2, 11, "=NA()", None, "#N/A")
    sheet.write(4, 1, "Bruno")  # row 4 left blank; this row is shorter than the header
    sheet.write_formula(4, 12, "=1/0", None, "#DIV/0!")
    sheet.write(5, 1, "Carla")
    sheet.write(5, 14, "beyond")  # a cell past the header's last column
    sheet.write(6, 1, "   ")  # only spaces: a blank row
    for row in range(7, 40):  # formatted but empty trailing rows and columns
        sheet.write_blank(row, 1, None, date)
    sheet.write_blank(1, 20, None, date)
    book.close()
    return path


def test_xlsx_cells_come_as_the_text_typed(clients_xlsx: Path) -> None:
    assert _records(clients_xlsx) == [
        (
            2,
            [
                *("Name", "Telephone", "PostalCode", "Amount", "NIT", "Since", "Seen", "At"),
                *("Double", "State", "Check"),
            ],
        ),
        (
            3,
            [
                *("Ana López", "5512345678", "06600", "1234.5", "9001234567", "2024-03-05"),
                *("2024-03-05 14:30", "09:05", "11024691356", "1", "#N/A"),
            ],
        ),
        (5, ["Bruno", "", "", "", "", "", "", "", "", "", "", "#DIV/0!"]),
        (6, ["Carla", "", "", "", "", "", "", "", "", "", "", "", "", "beyond"]),
    ]


def test_xlsx_sheets_first_visible_by_name_or_refused(clients_xlsx: Path) -> None:
    assert sheet_names(clients_xlsx) == ["Clientes", "Bajas"]
    with Workbook(clients_xlsx) as book:
        assert (book.sheet, book.sheets) == ("Clientes", ["Clientes", "Bajas"])
        assert book.position == 0 and book.size >= 6
        list(book.records())
        assert book.position == book.size
    assert _records(clients_xlsx, "Bajas") == [(1, ["Name", "State"]), (2, ["Baja SA", "0"])]
    assert _records(clients_xlsx, "Notas") == [(1, ["no es la hoja de clientes"])]
    assert _refusal(clients_xlsx, "Altas\x1b[31m") == (
        "sheet",
        "El libro no tiene la hoja “Altas\\x1b[31m”; sus hojas son: “Clientes”, “Bajas”.",
    )


def test_workbook_under_another_name_is_recognised(clients_xlsx: Path, tmp_path: Path) -> None:
    assert set(WORKBOOK_SUFFIXES) == {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
    disguised = tmp_path / "clientes.csv"
    disguised.write_bytes(clients_xlsx.read_bytes())
    assert is_workbook(disguised)
    assert _records(disguised)[1][1][:3] == ["Ana López", "5512345678", "06600"]
    text = tmp_path / "plain.csv"
    text.write_text("Name,Telephone\nAna,5512345678\n", encoding="utf-8")
    assert not is_workbook(text)
    other_zip = tmp_path / "report.csv"  # a zip that is no workbook (a .docx, say)
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert not is_workbook(other_zip)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert not is_workbook(fifo)  # answered without opening it (it would block)
    assert not is_workbook(tmp_path / "missing.csv")
    assert is_workbook(tmp_path / "missing.XLSX")


def test_damaged_missing_and_special_files_are_refused(tmp_path: Path) -> None:
    noise = tmp_path / "clientes.xlsx"
    noise.write_bytes(os.urandom(4096))
    code, message = _refusal(noise)
    assert code == "workbook_damaged"
    assert message.startswith("No se pudo leer el libro: está dañado o no es un archivo de hoja")
    assert message.endswith("Ábralo en la hoja de cálculo y vuelva a guardarlo.")
    with pytest.raises(FileRefused) as caught:
        sheet_names(noise)
    assert caught.value.error.code == "workbook_damaged"
    assert _refusal(tmp_path / "nada.xlsx") == (
        "missing",
        f"{tmp_path / 'nada.xlsx'} no existe: revise el nombre del archivo y su carpeta.",
    )
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    assert _refusal(fifo) == (
        "not_a_file",
        f"{fifo} no es un archivo normal: elija un archivo de hoja de cálculo.",
    )


def test_password_protected_workbook_is_refused(clients_xlsx: Path, tmp_path: Path) -> None:
    ooxml = pytest.importorskip(
        "msoffcrypto.format.ooxml", reason="msoffcrypto-tool (test extra) encrypts the file"
    )
    locked = tmp_path / "con_clave.xlsx"
    with clients_xlsx.open("rb") as plain, locked.open("wb") as out:
        ooxml.OOXMLFile(plain).encrypt("secreto", out)
    expected = (
        "workbook_password",
        "El libro está protegido con contraseña: ábralo en la hoja de cálculo, guarde una "
        "copia sin contraseña e importe esa copia.",
    )
    assert _refusal(locked) == expected
    renamed = tmp_path / "con_clave.csv"  # an encrypted .xlsx is an OLE2 file
    renamed.write_bytes(locked.read_bytes())
    assert is_workbook(renamed)
    assert _refusal(renamed) == expected


def test_an_empty_sheet_has_no_records(tmp_path: Path) -> None:
    path = tmp_path / "vacio.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Hoja1")
    book.add_worksheet("Espacios").write(2, 3, "   ")
    book.close()
    with Workbook(path) as empty:
        assert (empty.sheet, empty.size, list(empty.records())) == ("Hoja1", 0, [])
    assert _records(path, "Espacios") == []


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def _text(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def _float(value: str, shown: str) -> str:
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}">'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


def _row(*cells: str, repeated: int = 1) -> str:
    attr = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{attr}>{''.join(cells)}</table:table-row>"


def _write_ods(path: Path, tables: dict[str, list[str]]) -> None:
    """An .ods as LibreOffice lays it out: mimetype first and stored, then the rest."""
    body = "".join(
        f'<table:table table:name="{name}">{"".join(rows)}</table:table>'
        for name, rows in tables.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        f'office:version="1.3"><office:body><office:spreadsheet>{body}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def test_ods_cells_errors_and_repeats(tmp_path: Path) -> None:
    empty_cells = '<table:table-cell table:number-columns-repeated="1020"/>'
    error = (
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" '
        'office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p>'
        "</table:table-cell>"
    )
    na_as_zero = (
        '<table:table-cell table:formula="of:=NA()" office:value-type="float" '
        'office:value="0" calcext:value-type="error"><text:p>#N/A</text:p></table:table-cell>'
    )
    since = (
        '<table:table-cell office:value-type="date" office:date-value="2024-03-05">'
        "<text:p>05/03/24</text:p></table:table-cell>"
    )
    active = (
        '<table:table-cell office:value-type="boolean" office:boolean-value="true">'
        "<text:p>VERDADERO</text:p></table:table-cell>"
    )
    clients = [
        _row(
            *(_text(name) for name in ["Name", "Telephone", "PostalCode", "Since"]),
            *(_text(name) for name in ["State", "Email", "Phone2"]),
            empty_cells,
        ),
        _row(
            _text("Ana"),
            _float("5512345678", "5.51E+09"),
            _text("06600"),
            since,
            active,
            error,
            na_as_zero,
            empty_cells,
        ),
        _row(empty_cells, repeated=2),
        _row('<table:table-cell table:number-columns-repeated="2"/>', error, empty_cells),
        _row(empty_cells, repeated=1048000),
    ]
    path = tmp_path / "clientes.ods"
    _write_ods(path, {"Clientes": clients, "Otra": [_row(_text("x"))]})
    assert is_workbook(path)
    assert sheet_names(path) == ["Clientes", "Otra"]
    assert _records(path) == [
        (1, ["Name", "Telephone", "PostalCode", "Since", "State", "Email", "Phone2"]),
        (2, ["Ana", "5512345678", "06600", "2024-03-05", "1", "#DIV/0!", "#N/A"]),
        (5, ["", "", "#DIV/0!", "", "", "", ""]),
    ]
    assert _records(path, "Otra") == [(1, ["x"])]


def test_xls_cells_come_as_the_text_typed(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) writes the .xls file")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Hoja1")
    for column, name in enumerate(["Name", "Telephone", "PostalCode", "Since", "State"]):
        sheet.write(0, column, name)
    sheet.write(1, 0, "Ana")
    sheet.write(1, 1, 5512345678)
    sheet.write(1, 2, "06600")
    sheet.write(1, 3, datetime.date(2024, 3, 5), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    sheet.write(1, 4, True)
    sheet.write(3, 0, "Bruno")
    sheet.write(3, 1, 1234.5)
    sheet.row(3).set_cell_error(3, "#DIV/0!")
    sheet.row(3).set_cell_error(4, 0x2A)  # #N/A (xlwt takes it by code only)
    path = tmp_path / "clientes.xls"
    book.save(str(path))
    renamed = tmp_path / "clientes.csv"
    renamed.write_bytes(path.read_bytes())
    expected = [
        (1, ["Name", "Telephone", "PostalCode", "Since", "State"]),
        (2, ["Ana", "5512345678", "06600", "2024-03-05", "1"]),
        (4, ["Bruno", "1234.5", "", "#DIV/0!", "#N/A"]),
    ]
    assert _records(path) == expected
    assert is_workbook(renamed)
    assert _records(renamed) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5512345678.0, "5512345678"),
        (1e15, "1000000000000000"),
        (9007199254740991.0, "9007199254740991"),
        (1234.5, "1234.5"),
        (0.1 + 0.2, "0.3"),
        (1e-7, "0.0000001"),
        (-0.0, "0"),
        (-12.25, "-12.25"),
        (1.2345678901234567e20, "123456789012346000000"),
        (float("nan"), "#NUM!"),
        (42, "42"),
        (True, "1"),
        (False, "0"),
        ("06600", "06600"),
        (" 5.51E+09 ", " 5.51E+09 "),
        (datetime.date(2024, 3, 5), "2024-03-05"),
        (datetime.datetime(2024, 3, 5, 14, 30), "2024-03-05 14:30"),
        (datetime.datetime(2024, 3, 5, 14, 30, 15), "2024-03-05 14:30:15"),
        (datetime.datetime(2024, 3, 5, 14, 29, 59, 999000), "2024-03-05 14:30"),
        (datetime.datetime(2024, 3, 5), "2024-03-05"),
        (datetime.datetime(2024, 3, 4, 23, 59, 59, 600000), "2024-03-05"),
        (datetime.time(9, 5), "09:05"),
        (datetime.time(9, 5, 7), "09:05:07"),
        (datetime.timedelta(days=1, hours=1, minutes=30), "25:30"),
        (datetime.timedelta(minutes=-90, seconds=-5), "-01:30:05"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
