"""Hostile text in every column of an imported row: terminal markup and escapes, formula
triggers, SQL-looking text, bidi and invisible characters, emoji and NUL.

Each (column, value) is its own test.  A row that carries the value in one column (every
other cell valid) must either be rejected with a reason that names that column, or be
stored exactly as given (read back through the services); a value that is stored must
also come out of the export neutralised when it begins with a formula trigger, and the
export imported into an empty registry must give the value back unchanged.

Only free-text columns may store a hostile value; the columns of codes, numbers, e-mails
and phones must reject every one of them.  Control, bidi and invisible characters (U+200B)
are rejected everywhere.
"""

import csv
import io
import re
import shutil

import pytest

from tui_clients.domain.csv.read import unneutralise
from tui_clients.domain.text import forbidden_char
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client
from tui_clients.services.imports.exporter import HEADER, export_csv
from tui_clients.services.imports.importer import run_import

# One valid client in every column of the export (so nothing but the hostile cell is wrong).
BASE = {
    "Name": "Comercializadora Azteca S.A. de C.V.",
    "Email": "ventas@azteca.mx",
    "Telephone": "+525512345678",
    "CompanyId": "900123456-8",
    "Latitude-Longitude": "19.4326,-99.1332",
    "Address": "Av. Reforma 222, Ciudad de México, México",
    "AddressDetail": "Piso 3",
    "State": "1",
    "UniqueReference": "CAZ550101AA3",
    "DocumentType": "RFC",
    "TradeName": "Azteca",
    "InternalCode": "AZ-1",
    "CompanyType": "PM",
    "Category": "FACT-MX",
    "Country": "MX",
    "Region": "MX-CMX",
    "Province": "Cuauhtémoc",
    "District": "Juárez",
    "PostalCode": "06600",
    "RegimenFiscal": "601",
    "UsoCFDI": "G03",
    "ExtraEmails": "compras@azteca.mx",
    "Mobile": "+523336410000",
    "Services": "SOPORTE",
}

HOSTILE = {
    "rich_markup": "[bold red]x[/]",
    "textual_action": "[@click=app.quit]x[/]",
    "ansi_csi": "\x1b[31mred",
    "osc_title": "\x1b]0;title\x07",
    "formula_eq": "=1+1",
    "formula_plus": "+SUM(A1)",
    "formula_minus": "-2",
    "formula_at": "@x",
    "sql": "Robert'); DROP TABLE client;--",
    "bidi_override": "abc\u202edef",
    "zero_width_space": "ab\u200bcd",
    "emoji": "🙂",
    "nul": "a\x00b",
}

# The free-text columns, and where each one's value is read back.
FREE_TEXT = {
    "Name": lambda c: c.legal_name,
    "TradeName": lambda c: c.trade_name,
    "InternalCode": lambda c: c.internal_code,
    "Address": lambda c: c.addresses[0].line,
    "AddressDetail": lambda c: c.addresses[0].detail,
    "Province": lambda c: c.addresses[0].province,
    "District": lambda c: c.addresses[0].district,
}


def _cases():
    for column in HEADER:
        for kind, value in HOSTILE.items():
            yield pytest.param(column, value, id=f"{column}-{kind}")


@pytest.fixture(scope="module")
def empty_registry(tmp_path_factory):
    """A migrated SQLite file with the catalogs, copied where a test needs an empty registry
    (the file `prepare` makes, without paying for it in every test)."""
    path = tmp_path_factory.mktemp("registry") / "empty.db"
    database, _ = prepare(f"sqlite:///{path}")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


def write_row(path, values):
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(HEADER)
        out.writerow([values[key] for key in HEADER])
    return path


def read_csv(path):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def names_column(reason: str, column: str) -> bool:
    """Whether an error-file reason ("Línea 2 · Name: …; Email: …") names ``column``."""
    return re.search(rf"(?:· |; ){re.escape(column)}:", reason) is not None


def only_client():
    clients = page(ClientFilter())
    assert len(clients) == 1
    return get_client(clients[0].id)


@pytest.mark.parametrize(("column", "value"), _cases())
def test_a_hostile_cell_is_rejected_naming_its_column_or_stored_as_given(
    db, tmp_path, empty_registry, column, value
):
    source = write_row(tmp_path / "hostile.csv", {**BASE, column: value})
    errors = tmp_path / "errors.csv"
    report = run_import(source, errors_path=errors, default_country="MX")
    assert report.status in ("done", "with_errors") and report.rows == 1

    if report.rejected:
        assert (report.imported, report.rejected) == (0, 1)
        header, row = read_csv(errors)
        reason = row[-1]
        assert names_column(reason, column), reason
        assert forbidden_char(reason) is None, f"the reason carries a raw control: {reason!r}"
        assert unneutralise(row[header.index(column)]) == value  # the cell as it was read
        assert page(ClientFilter()) == []
        return

    assert column in FREE_TEXT, f"{column} stored the hostile value {value!r}"
    assert (report.imported, report.rejected) == (1, 0)
    expected = value
    assert FREE_TEXT[column](only_client()) == expected

    first = tmp_path / "export.csv"
    assert export_csv(first) == 1
    header, row = read_csv(first)
    cell = row[header.index(column)]
    harmless = set(expected) <= set("0123456789 +-.,()")  # a number: nothing to run
    if expected[:1] in ("=", "+", "-", "@") and not harmless:
        assert cell == "'" + expected  # neutralised: no spreadsheet runs it
    else:
        assert cell == expected

    shutil.copyfile(empty_registry, tmp_path / "empty.db")
    again = prepare(f"sqlite:///{tmp_path / 'empty.db'}")[0]
    try:
        back = run_import(first, errors_path=tmp_path / "again-errors.csv")
        assert (back.imported, back.rejected) == (1, 0), back.error_path
        assert FREE_TEXT[column](only_client()) == expected
        second = tmp_path / "export-again.csv"
        export_csv(second)
        assert second.read_bytes() == first.read_bytes()
    finally:
        again.close()


@pytest.mark.parametrize("value", ["[bold red]x[/]", "=1+1", "🙂", "ZZ"])
def test_a_country_cell_that_names_no_country_is_rejected_under_country(db, tmp_path, value):
    header = ["Name", "Address", "State", "UniqueReference", "Country"]
    source = tmp_path / "country.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(header)
        out.writerow(
            ["Comercializadora Azteca S.A. de C.V.", "Av. Reforma 222", "1", "CAZ550101AA3", value]
        )
    report = run_import(source, errors_path=tmp_path / "errors.csv", default_country="MX")
    assert (report.imported, report.rejected) == (0, 1)
    reason = read_csv(tmp_path / "errors.csv")[1][-1]
    assert names_column(reason, "Country"), reason
