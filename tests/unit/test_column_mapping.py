"""The column mapping's TOML form (the shape issue 17 gives) read and applied to rows of
another system's export: an Odoo partner row becomes template values."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui_clients.domain.csv.read import CLIENT_COLUMNS
from tui_clients.domain.mapping import MappingError, mapping_from_toml

FIELDS = set(CLIENT_COLUMNS.keys.values())

ODOO = (Path(__file__).parents[2] / "docs" / "odoo-contactos.toml").read_text(encoding="utf-8")

ODOO_ROW = {  # a row of an Odoo 17 partner export (res.partner, "Export all")
    "ID": "__export__.res_partner_42_3f1a",
    "Name": "Deco Addict",
    "Phone": "",
    "Mobile": "(603)-996-3829",
    "Street": "77 Santa Barbara Rd",
    "Street2": "",
    "City": "Pleasant Hill",
    "State": "California (US)",
    "ZIP": "94523",
    "Country": "United States",
    "Company Type": "Company",
}


def test_the_issues_odoo_mapping_turns_a_partner_row_into_template_values():
    mapping = mapping_from_toml(tomllib.loads(ODOO), FIELDS)

    values = mapping.apply(ODOO_ROW)

    assert mapping.name == "Odoo contactos"
    # Odoo's own ID, made a clean code (REF): it starts with "_", which no code may
    assert values["UniqueReference"] == "EXPORT__.RES_PARTNER_42_3F1A"
    assert values["Telephone"] == "(603)-996-3829"  # Phone empty: the first that is not
    assert values["Address"] == (
        "77 Santa Barbara Rd, Pleasant Hill, California (US), 94523, United States"
    )
    assert values["CompanyType"] == "PM"
    assert mapping.apply({**ODOO_ROW, "Company Type": " individual "})["CompanyType"] == "PF"
    assert mapping.missing(["ID", "Name", "Phone"]) == [
        "City",
        "Company Type",
        "Country",
        "Mobile",
        "State",
        "Street",
        "Street2",
        "ZIP",
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[columns]\nName = "Nombre"', "no tiene nombre"),
        ('name = "x"', "no asigna ninguna columna"),
        ('name = "x"\n[columns]\nNombreCompleto = "N"', "no es un campo de este archivo"),
        ('name = "x"\n[columns]\nName = { join = "N" }', "debe ser el nombre de una columna"),
        ('name = "x"\n[columns]\nName = "N"\n[values.Name]\nA = 1', "debe asignar a cada valor"),
    ],
)
def test_a_mapping_that_cannot_be_used_says_where_in_spanish(text, said):
    with pytest.raises(MappingError) as caught:
        mapping_from_toml(tomllib.loads(text), FIELDS)
    assert said in str(caught.value)
