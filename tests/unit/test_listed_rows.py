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
        ("José Núñez Peña", "NUPJ561231GR8", ("José", "Núñez Peña")),  # already given first
        ("Ana Sofía López Hernández", "", ("Ana Sofía", "López Hernández")),
    ],
)
def test_a_persons_name_is_split_in_the_order_it_is_written(name, rfc, split):
    assert split_name(name, rfc) == split


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
