"""Rows of other systems' lists, as the mapping and the row rules read them: names given
surnames first, people with no document kept as people, the same phone written two
ways giving one key, a column named twice."""

from __future__ import annotations

import pytest

from tui_clients.domain.csv.rows import split_name
from tui_clients.domain.mapping import ColumnMapping, Source, list_key, phone_key


@pytest.mark.parametrize(
    ("name", "rfc", "split"),
    [
        ("QUISPE MAMANI, JUAN", "", ("JUAN", "QUISPE MAMANI")),  # Peru's padrón order
        ("López Hernández, Ana Sofía", "", ("Ana Sofía", "López Hernández")),
        ("GÓMEZ MARTÍNEZ LUIS", "GOML800101AB1", ("LUIS", "GÓMEZ MARTÍNEZ")),  # by its RFC
        ("NUÑEZ PEÑA JOSE", "NUPJ561231GR8", ("JOSE", "NUÑEZ PEÑA")),
    ],
)
def test_a_listed_persons_name_written_surnames_first_is_given_apart(name, rfc, split):
    mapping = ColumnMapping(
        "lista", {"Name": Source(("Nombre",)), "UniqueReference": Source(("RFC",))}
    )
    values = mapping.apply({"Nombre": name, "RFC": rfc, "Correo": "x@y.mx"})
    assert (values["FirstName"], values["LastName"]) == split


@pytest.mark.parametrize(
    ("name", "rfc"),
    [
        ("José Núñez Peña", "NUPJ561231GR8"),  # given names first already
        ("Ana Sofía López Hernández", ""),
        ("Azteca, S.A. de C.V.", "CAZ850101AB5"),  # a business's name, its comma included
    ],
)
def test_other_names_are_left_to_the_row_rules(name, rfc):
    mapping = ColumnMapping(
        "lista", {"Name": Source(("Nombre",)), "UniqueReference": Source(("RFC",))}
    )
    values = mapping.apply({"Nombre": name, "RFC": rfc})
    assert "FirstName" not in values and "LastName" not in values


def test_the_templates_own_rule_is_given_names_first_whatever_the_rfc():
    """Only other systems' lists are read surnames first: a template row's name is split
    given names first, as the wizard stores and the export writes it."""
    assert split_name("aa a a") == ("aa", "a a")
    assert split_name("QUISPE MAMANI, JUAN") == ("QUISPE", "MAMANI, JUAN")


@pytest.mark.parametrize(
    "written", ["+52 33 3615 2200", "(33) 3615-2200", "33 3615 2200", "0052 33 3615 2200"]
)
def test_one_phone_written_several_ways_is_one_key(written):
    assert phone_key(written, "") == "3336152200"
    assert list_key({"Telephone": written}) == ("TEL-3336152200", "REF")


def test_a_listed_person_stays_a_person_and_a_business_a_company():
    mapping = ColumnMapping("lista", {"Name": Source(("Nombre",)), "Email": Source(("Correo",))})
    ana = mapping.apply({"Nombre": "Ana López García", "Correo": "ana@correo.mx"})
    shop = mapping.apply({"Nombre": "Ferretería El Tornillo", "Correo": "v@tornillo.mx"})
    sas = mapping.apply({"Nombre": "Café Los Nevados S.A.S.", "Correo": "i@nevados.co"})
    assert ana["CompanyType"] == "PF" and ana["UniqueReference"] == "ANA_CORREO.MX"
    assert "CompanyType" not in shop and "CompanyType" not in sas


def test_a_mapping_finds_its_columns_whatever_their_case_and_takes_the_first_of_two():
    mapping = ColumnMapping("odoo", {"PostalCode": Source(("ZIP",)), "Name": Source(("Name",))})
    assert mapping.missing(["Zip", "name"]) == []
    resolved = mapping.resolved(["Zip", "name", "Name"])
    assert resolved.columns["PostalCode"].columns == ("Zip",)
    assert resolved.columns["Name"].columns == ("name",)  # the first of the two
