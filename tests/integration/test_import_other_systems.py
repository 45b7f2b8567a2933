"""Other systems' exports and spreadsheets imported as a migrating office would, with no
setup: Google Contacts (current and legacy), Outlook (Windows-1252), Odoo and ERPNext
exports are recognised, every row is stored with its names, e-mails, phones, company
and address, and the same file again finds its rows instead of repeating them; an
.xlsx with numbers typed as numbers, and the .xlsx template filled in a spreadsheet,
import every row."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tui_clients.cli.main import main
from tui_clients.db import models as m
from tui_clients.services.clients.queries import get_client

FIXTURES = __import__("pathlib").Path(__file__).parent.parent / "fixtures" / "exports"
LAYOUTS = [
    ("google_contacts.csv", "utf-8", "Google Contacts"),
    ("google_contacts_legacy.csv", "utf-8", "Google Contacts (legacy)"),
    ("outlook_contacts.csv", "cp1252", "Outlook"),
    ("odoo_partners.csv", "utf-8", "Odoo partners"),
    ("erpnext_customers.csv", "utf-8", "ERPNext customers"),
]


def rows_in(name: str, encoding: str) -> int:
    text = (FIXTURES / name).read_text(encoding=encoding)
    return sum(1 for row in list(csv.reader(io.StringIO(text)))[1:] if "".join(row).strip())


def imported(capsys, *args: str) -> tuple[int, dict]:
    code = main(["import", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def by_name(text: str):
    row = m.Client.get(m.Client.legal_name == text)
    return get_client(row.id)


@pytest.mark.parametrize(("name", "encoding", "layout"), LAYOUTS)
def test_a_known_export_imports_every_row_and_again_repeats_none(
    sqlite_db, tmp_path, capsys, name, encoding, layout
):
    source = tmp_path / name
    source.write_bytes((FIXTURES / name).read_bytes())
    total = rows_in(name, encoding)

    code, report = imported(capsys, str(source))

    assert (code, report["mapping"], report["rejected"]) == (0, layout, 0), report
    assert report["imported"] == total
    assert m.Client.select().count() == total
    code, again = imported(capsys, str(source), "--errors", str(tmp_path / "again.csv"))
    assert (code, again["imported"], again["rejected"]) == (1, 0, total)
    assert m.Client.select().count() == total  # each row found again by its key


def test_a_google_contact_keeps_its_names_emails_phones_company_and_address(
    sqlite_db, tmp_path, capsys
):
    source = tmp_path / "contacts.csv"
    source.write_bytes((FIXTURES / "google_contacts.csv").read_bytes())
    assert imported(capsys, str(source))[0] == 0

    ana = by_name("Ana Sofía López Hernández")
    assert (ana.person_kind, ana.first_name, ana.last_name) == (
        "fisica",
        "Ana Sofía",
        "López Hernández",
    )
    # "a ::: b" in one cell, then the second e-mail column
    assert ana.emails == [
        "ana.lopez@azteca.com.mx",
        "compras@azteca.com.mx",
        "anasofia.lh@gmail.com",
    ]
    assert [p.number for p in ana.phones] == ["+525556012345", "+525512345678"]
    assert ana.company_name == "Comercializadora Azteca"
    assert ana.addresses[0].line.startswith("Av. Insurgentes Sur 1602")
    assert ana.addresses[0].country == "MX"
    # no document in a contact list: the e-mail is the key (REF), and says so
    assert (ana.document_type, ana.document_number) == ("REF", "ANA.LOPEZ_AZTECA.COM.MX")
    # a contact that is only an organization is that company, not a person
    tornillo = by_name("Ferretería El Tornillo")
    assert tornillo.person_kind == "moral"


def test_an_outlook_contact_from_windows_1252_keeps_its_accents_and_company(
    sqlite_db, tmp_path, capsys
):
    source = tmp_path / "outlook.CSV"
    source.write_bytes((FIXTURES / "outlook_contacts.csv").read_bytes())
    assert imported(capsys, str(source))[0] == 0

    fernando = by_name("Fernando Gutiérrez Ávila")
    assert (fernando.first_name, fernando.last_name) == ("Fernando", "Gutiérrez Ávila")
    assert fernando.company_name == "Comercializadora Azteca"
    assert "+525556012345" in [p.number for p in fernando.phones]
    assert fernando.addresses[0].line.startswith("Av. Insurgentes Sur 1602")
    # two contacts of one company: one company, found by its name
    assert m.Company.select().where(m.Company.legal_name == "Comercializadora Azteca").count() == 1


def test_a_workbook_with_numbers_typed_as_numbers_imports_every_row(sqlite_db, tmp_path, capsys):
    import xlsxwriter

    path = tmp_path / "clientes.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Clientes")
    header = ["Name", "Email", "Telephone", "Address", "State", "UniqueReference", "PostalCode"]
    sheet.write_row(0, 0, header)
    rows = [  # what an operator types: phones, NITs, RUCs, flags and postal codes as numbers
        [
            "Café Los Nevados S.A.S.",
            "info@nevados.co",
            3157654321,
            "Calle 72 # 10-34, Bogotá, Colombia",
            1,
            "900123456-8",
            110231,
        ],
        [
            "Textiles Andinos S.A.C.",
            "ventas@andinos.pe",
            987654321,
            "Av. Javier Prado Este 4200, Lima, Perú",
            1,
            20100070970,
            15023,
        ],
        [
            "Comercializadora Azteca S.A. de C.V.",
            "ventas@azteca.mx",
            5512345678,
            "Av. Insurgentes Sur 1602, Ciudad de México, México",
            0,
            "CAZ850101AB5",
            3940,
        ],
    ]
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    sheet.write_blank(10, 8, None)  # formatting far below and beside: trailing, ignored
    book.close()

    code, report = imported(capsys, str(path))

    assert (code, report["imported"], report["rejected"], report["sheet"]) == (0, 3, 0, "Clientes")
    andinos = by_name("Textiles Andinos S.A.C.")
    assert (andinos.document_type, andinos.document_number) == ("RUC", "20100070970")
    assert andinos.phones[0].number == "+51987654321"  # not 987654321.0
    nevados = by_name("Café Los Nevados S.A.S.")
    assert nevados.phones[0].number == "+573157654321"
    azteca = by_name("Comercializadora Azteca S.A. de C.V.")
    assert azteca.active is False  # 0, typed as a number
    assert azteca.addresses[0].postal_code == "03940"  # typed 03940, kept by the sheet as 3940


def test_the_xlsx_template_filled_in_a_spreadsheet_imports(sqlite_db, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl fills the template here")
    assert main(["template", "--xlsx", str(tmp_path)]) == 0
    capsys.readouterr()
    path = tmp_path / "Client_Template.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    filled = {
        "Name": "Rosa María Quispe Huamán",
        "Email": "rosa.quispe@example.pe",
        "Telephone": "987 654 321",
        "Address": "Jr. de la Unión 450, Lima, Perú",
        "State": "1",
        "UniqueReference": "10117410",
        "Country": "PE",
    }
    sheet.append([filled.get(h, "") for h in header])
    book.save(path)

    code, report = imported(capsys, str(path))

    assert (code, report["imported"], report["rejected"]) == (0, 2, 0), report  # and the example
    rosa = by_name("Rosa María Quispe Huamán")
    assert (rosa.person_kind, rosa.document_type, rosa.document_number) == (
        "fisica",
        "DNI",
        "10117410",
    )
