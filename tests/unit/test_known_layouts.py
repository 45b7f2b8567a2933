"""Other systems' exports recognised with no setup: Google Contacts (today's and the legacy
CSV), Outlook (Windows-1252, CRLF), Odoo's partner export and ERPNext's customers.  The
files in tests/fixtures/exports have the real headers (each layout file says where they
come from) and Mexican, Peruvian, Colombian and US rows; each row mapped is asserted, and
every row must go through the template's row rules (row_input) and the client rules
(validate_client, with the shipped countries and regions) without an error."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pytest

from tui_clients.domain.client_rules import Places, validate_client
from tui_clients.domain.csv.decode import detect_encoding
from tui_clients.domain.csv.read import CLIENT_COLUMNS
from tui_clients.domain.csv.rows import row_input
from tui_clients.domain.documents import FISICA, MORAL
from tui_clients.domain.layouts import (
    LAYOUTS,
    known_layout,
    layout_named,
    layout_text,
    layouts,
)
from tui_clients.domain.mapping import mapping_from_toml, to_toml

FIELDS = set(CLIENT_COLUMNS.keys.values())
EXPORTS = Path(__file__).parent.parent / "fixtures" / "exports"
KINDS = {"PF": FISICA, "PM": MORAL, "GOB": MORAL, "ONG": MORAL}


def read_export(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """The file's header and rows, decoded as the importer decodes a file."""
    path = EXPORTS / name
    with path.open("rb") as fh:
        codec, errors = detect_encoding(fh)
    text = path.read_bytes().decode(codec, errors).removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def mapped(name: str) -> tuple[str, list[dict[str, str]]]:
    header, rows = read_export(name)
    mapping = known_layout(header, FIELDS)
    assert mapping is not None, f"{name}: no layout recognised"
    assert mapping.missing(header) == []
    return mapping.name, [mapping.apply(row) for row in rows]


DATA = Path(__file__).parent.parent.parent / "data"


def data_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def shipped_places() -> Places:
    """The countries and regions the catalogs load (services.admin.catalogs), from data/."""
    regions: dict[str, set[str]] = {}
    for row in data_rows("subdivisions.csv"):
        if row["country"] in ("MX", "CO"):
            regions.setdefault(row["country"], set()).add(row["code"])
    for row in data_rows("pe_ubigeo.csv"):
        regions.setdefault("PE", set()).add(row["ubigeo"][:2])
    countries = frozenset(row["alpha2"] for row in data_rows("countries.csv"))
    return Places(countries, {k: frozenset(v) for k, v in regions.items()})


def client(values: dict[str, str]):
    return row_input(values, default_country="MX", type_kinds=KINDS)


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("google_contacts.csv", "Google Contacts"),
        ("google_contacts_legacy.csv", "Google Contacts (legacy)"),
        ("outlook_contacts.csv", "Outlook"),
        ("odoo_partners.csv", "Odoo partners"),
        ("erpnext_customers.csv", "ERPNext customers"),
    ],
)
def test_each_export_is_recognised_and_every_row_makes_a_client(name, layout):
    found, rows = mapped(name)

    assert found == layout
    assert 10 <= len(rows) <= 30
    places = shipped_places()
    for values in rows:
        row = client(values)  # raises ValidationError naming the column if a row is refused
        assert values["UniqueReference"], values
        assert row.data.first_name or row.data.legal_name
        # and the client rules take it: phones, e-mails, the address, its region
        validate_client(row.data, default_country=row.country, places=places)


def test_the_layouts_are_listed_by_name_and_each_file_says_where_its_header_comes_from():
    assert LAYOUTS == (
        "ERPNext customers",
        "Google Contacts",
        "Google Contacts (legacy)",
        "Odoo partners",
        "Odoo partners (import-compatible)",
        "Outlook",
    )
    for name in LAYOUTS:
        text = layout_text(name)
        assert "Where it comes from:" in text
        data = tomllib.loads(text)
        assert data["match"]["columns"]
        mapping_from_toml(data, FIELDS)  # each is a valid mapping as it stands


def test_a_header_of_no_known_system_has_no_layout():
    assert known_layout(["RFC", "Razón social", "Correo", "Celular"], FIELDS) is None
    assert known_layout(["Name", "Email", "Phone"], FIELDS) is None  # nothing Odoo's own


def test_google_contacts_splits_names_e_mails_and_phones_and_keeps_the_address():
    _layout, rows = mapped("google_contacts.csv")
    ana, jose, camila, tornillo, addison = rows[:5]

    assert (ana["FirstName"], ana["LastName"]) == ("Ana Sofía", "López Hernández")
    assert ana["CompanyName"] == "Comercializadora Azteca"
    # two e-mails in one cell (" ::: ") and a third in E-mail 2
    assert ana["Email"] == "ana.lopez@azteca.com.mx"
    assert ana["ExtraEmails"] == "compras@azteca.com.mx; anasofia.lh@gmail.com"
    assert (ana["Telephone"], ana["Mobile"]) == ("+52 55 5601 2345", "+52 55 1234 5678")
    assert ana["Address"].splitlines() == [
        "Av. Insurgentes Sur 1602",
        "Crédito Constructor",
        "03940 Ciudad de México, CDMX",
        "México",
    ]
    assert (ana["Region"], ana["PostalCode"], ana["Country"]) == ("MX-CMX", "03940", "México")
    assert ana["UniqueReference"] == "ANA.LOPEZ_AZTECA.COM.MX"  # no document: the e-mail
    assert ana["DocumentType"] == "REF"

    assert jose["Region"] == "15"  # Lima, by its ubigeo department
    assert client(jose).country == "PE"
    # two phones in one cell
    assert (camila["Telephone"], camila["Mobile"]) == ("+57 300 123 4567", "+57 604 444 5566")
    assert camila["Region"] == "CO-ANT"
    assert (camila["FirstName"], camila["LastName"]) == ("María Camila", "Restrepo Gómez")
    person = client(camila)
    assert (person.data.first_name, person.data.last_name) == ("María Camila", "Restrepo Gómez")
    assert person.data.person_kind == FISICA
    assert person.data.emails == ["mcrestrepo@gmail.com"]
    assert person.data.phones == ["+57 300 123 4567", "+57 604 444 5566"]

    # a contact with only an organization is that company
    company = client(tornillo)
    assert company.data.legal_name == "Ferretería El Tornillo"
    assert company.company is None
    assert (tornillo["FirstName"], tornillo["LastName"]) == ("", "")
    # a US contact works for Deco Addict
    us = client(addison)
    assert us.country == "US"
    assert us.company is not None and us.company.name == "Deco Addict"
    assert addison["Region"] == "California"  # no catalog of US regions: kept as written


def test_the_legacy_google_csv_gives_the_same_values():
    _new, new_rows = mapped("google_contacts.csv")
    _old, old_rows = mapped("google_contacts_legacy.csv")
    for new, old in zip(new_rows, old_rows, strict=True):
        assert old == new


def test_outlook_reads_windows_1252_and_company_is_the_employer_by_name():
    raw = (EXPORTS / "outlook_contacts.csv").read_bytes()
    assert b"\r\n" in raw and "Ñañez".encode("cp1252") in raw  # as Outlook writes it
    _layout, rows = mapped("outlook_contacts.csv")
    fernando, patricia, espiga, raul = rows[:4]

    assert (fernando["FirstName"], fernando["LastName"]) == ("Fernando", "Gutiérrez Ávila")
    assert fernando["CompanyName"] == "Comercializadora Azteca"
    assert "CompanyId" not in fernando  # the collision: never a company code
    assert fernando["Email"] == "fgutierrez@azteca.com.mx"
    assert fernando["ExtraEmails"] == "fer.gutierrez@gmail.com"
    assert (fernando["Telephone"], fernando["Mobile"]) == ("+52 55 5601 2345", "+52 55 2345 6789")
    assert fernando["Address"] == (
        "Av. Insurgentes Sur 1602, Ciudad de México, Ciudad de México, 03940, México"
    )
    assert (fernando["Region"], fernando["Country"]) == ("MX-CMX", "México")
    row = client(fernando)
    assert row.company is not None and row.company.name == "Comercializadora Azteca"
    assert patricia["LastName"] == "Ñañez Cortés"
    assert patricia["Region"] == "MX-GUA"
    # the company itself, with no person
    assert client(espiga).data.legal_name == "Panadería La Espiga de Oro"
    # no business phone: the home phone
    assert (raul["Telephone"], raul["Mobile"]) == ("55 5512 3434", "+52 1 55 3456 7890")
    assert raul["Address"] == ""
    assert client(rows[7]).country == "US"  # "United States of America"


def test_odoo_partners_keep_their_id_their_tax_id_and_say_company_or_individual():
    _layout, rows = mapped("odoo_partners.csv")
    deco, addison, _azure, azteca, ana = rows[:5]

    assert deco["CompanyType"] == "PM"
    assert deco["UniqueReference"] == "BASE.RES_PARTNER_2"  # no Tax ID: the Odoo ID
    assert deco["Address"] == (
        "77 Santa Barbara Rd, Pleasant Hill, California (US), 94523, United States"
    )
    assert deco["Country"] == "United States"
    assert client(deco).country == "US"
    assert addison["CompanyType"] == "PF"
    assert addison["CompanyName"] == "Deco Addict"
    person = client(addison)
    assert (person.data.first_name, person.data.last_name) == ("Addison", "Olson")
    assert azteca["UniqueReference"] == "CAZ050615LKA"
    assert azteca["Region"] == "MX-CMX"  # "Ciudad de México (MX)"
    assert "Salesperson" not in str(azteca) and "Mi Empresa" not in azteca.values()
    moral = client(azteca)
    assert (moral.data.document_type, moral.data.person_kind) == ("RFC", MORAL)
    assert ana["UniqueReference"] == "LOHA850312BF1"
    assert client(ana).data.person_kind == FISICA
    peru = rows[6]
    assert (peru["UniqueReference"], peru["Region"]) == ("20100070970", "15")
    assert client(peru).data.document_type == "RUC"
    bogota = rows[8]
    assert (bogota["UniqueReference"], bogota["Region"]) == ("900123456-8", "CO-DC")


def test_odoo_is_a_company_alone_says_it_too():
    header, rows = read_export("odoo_partners.csv")
    header = [h for h in header if h != "Company Type"]
    mapping = known_layout(header, FIELDS)

    assert mapping is not None and mapping.name == "Odoo partners"
    assert [mapping.apply(r)["CompanyType"] for r in rows[:2]] == ["PM", "PF"]


def test_an_import_compatible_odoo_export_is_recognised_by_its_field_names():
    header = ["id", "name", "company_type", "parent_id", "email", "phone", "street", "city",
              "state_id", "zip", "country_id", "vat"]  # fmt: skip
    row = dict(zip(header, ["__export__.res_partner_43_9b2c", "Ana Sofía López Hernández",
                            "person", "Comercializadora Azteca S.A. de C.V.",
                            "ana.lopez@azteca.com.mx", "", "", "", "", "", "Mexico",
                            "LOHA850312BF1"], strict=True))  # fmt: skip
    mapping = known_layout(header, FIELDS)

    assert mapping is not None and mapping.name == "Odoo partners (import-compatible)"
    values = mapping.apply(row)
    assert (values["CompanyType"], values["CompanyName"]) == ("PF", row["parent_id"])
    assert values["UniqueReference"] == "LOHA850312BF1"


def test_erpnext_customers_keep_their_id_type_address_and_disabled_flag():
    _layout, rows = mapped("erpnext_customers.csv")
    azteca, _rancho, luis = rows[:3]

    assert azteca["CompanyType"] == "PM"
    assert azteca["UniqueReference"] == "CAZ050615LKA"
    assert azteca["Address"] == (
        "Av. Insurgentes Sur 1602, Ciudad de México, Ciudad de México, 03940, Mexico"
    )
    assert azteca["State"] == "1"
    assert luis["CompanyType"] == "PF"
    assert luis["UniqueReference"] == "CUST-2024-00003"  # no Tax ID: the ERPNext ID
    assert client(luis).country == "PE"  # the address ends with its country
    disabled = rows[6]
    assert (disabled["CompanyType"], disabled["State"]) == ("PM", "0")  # Partnership, Disabled
    assert client(disabled).data.active is False
    assert rows[7]["CompanyType"] == "PF"  # Proprietorship


def test_a_layout_exported_as_toml_reads_back_the_same():
    header, rows = read_export("google_contacts.csv")
    mapping = known_layout(header, FIELDS)
    assert mapping is not None

    again = mapping_from_toml(tomllib.loads(to_toml(mapping)), FIELDS)

    assert [again.apply(r) for r in rows] == [mapping.apply(r) for r in rows]


def test_layouts_are_tried_most_demanding_first():
    required = [len(layout.required) + bool(layout.any_of) for layout in layouts()]
    assert required == sorted(required, reverse=True)


def test_a_layout_is_found_by_its_name_or_file_name_with_all_its_columns():
    outlook = layout_named("outlook", FIELDS)
    odoo = layout_named("Odoo Partners", FIELDS)

    assert outlook is not None and outlook.name == "Outlook"
    assert outlook.columns["CompanyName"].columns == ("Company",)
    assert odoo is not None and odoo.columns["UniqueReference"].columns == ("Tax ID", "VAT", "TIN")
    assert odoo.values["CompanyType"]["individual"] == "PF"
    assert layout_named("odoo-partners-import.toml", FIELDS) is not None
    assert layout_named("SAP", FIELDS) is None
