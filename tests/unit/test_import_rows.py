"""A template row read as a client: document type, persona, name, company, state."""

import pytest

from tui_clients.domain.client_rules import validate_client
from tui_clients.domain.csv.rows import CompanyRef, reference_key, row_input, split_name
from tui_clients.domain.errors import ValidationError


def row(**values):
    return row_input(values, default_country="MX")


def test_a_row_with_an_rfc_moral_is_a_mexican_company():
    r = row(
        Name="Comercializadora  Azteca S.A. de C.V.",
        UniqueReference="CAZ-550101-AA1",
        Email="ventas@azteca.mx",
        Telephone="55 1234 5678",
        State="1",
    )
    d = r.data
    assert (d.document_country, d.document_type, d.person_kind) == ("MX", "RFC", "moral")
    assert d.legal_name == "Comercializadora Azteca S.A. de C.V."
    assert r.key == reference_key("caz550101aa1") and r.company is None


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("PEMJ800101AB6", ("MX", "RFC", "fisica")),
        ("20100079705", ("PE", "RUC", "moral")),
        ("10456789012", ("PE", "RUC", "fisica")),
        ("860002964-4", ("CO", "NIT", "moral")),
        ("CLI-00042", ("", "REF", "moral")),
    ],
)
def test_the_document_type_comes_from_its_shape_or_is_a_clean_code(number, expected):
    d = row(Name="Ana María López Díaz", UniqueReference=number).data
    assert (d.document_country, d.document_type, d.person_kind) == expected


@pytest.mark.parametrize("number", ["860002964", "52.345.678", "10117410", "1234567890"])
def test_bare_digits_that_nothing_in_the_row_places_are_refused_not_made_a_company(number):
    with pytest.raises(ValidationError) as info:
        row(Name="Begoña Peñaloza Ibáñez", UniqueReference=number)
    (error,) = info.value.errors
    assert (error.field, error.code) == ("UniqueReference", "ambiguous_reference")
    assert "Country" in error.message_es and "DocumentType" in error.message_es
    # what the operator is told to add settles it
    placed = row(Name="Begoña Peñaloza Ibáñez", UniqueReference=number, Country="Colombia").data
    assert placed.document_country == "CO" and placed.document_type in ("CC", "NIT")
    own = row(Name="Begoña Peñaloza Ibáñez", UniqueReference=number, DocumentType="REF").data
    assert own.document_type == "REF"


def test_a_document_type_column_decides_and_a_persona_fisica_name_is_split():
    d = row(
        Name="Ana María López Díaz", UniqueReference="45781236", DocumentType="dni", Country="pe"
    ).data
    assert (d.document_country, d.document_type, d.person_kind) == ("PE", "DNI", "fisica")
    assert (d.first_name, d.last_name) == ("Ana María", "López Díaz")
    assert split_name("Juan Pérez López") == ("Juan", "Pérez López")
    clean = validate_client(d, default_country="MX")
    assert clean.legal_name == "Ana María López Díaz"


def test_company_id_is_a_registry_code_or_a_tax_id_and_nothing_else():
    assert row(Name="X", UniqueReference="R1", CompanyId="em-0000042").company == CompanyRef(
        code="EM-0000042"
    )
    assert row(Name="X", UniqueReference="R1", CompanyId="900.123.456-8").company == CompanyRef(
        country="CO", document_type="NIT", document_number="9001234568"
    )
    with pytest.raises(ValidationError) as info:
        row(Name="X", UniqueReference="R1", CompanyId="900123456")  # a NIT without its DV
    [error] = info.value.errors
    assert error.field == "CompanyId" and "900123456" in error.message("en")


def test_state_and_errors_name_their_columns():
    assert row(Name="X", UniqueReference="R1", State="0").data.active is False
    with pytest.raises(ValidationError) as info:
        row(Name="Solo", UniqueReference="PEMJ800101AB6", State="sí")
    assert {e.field for e in info.value.errors} == {"Name", "State"}


def test_client_rule_errors_are_renamed_to_the_column_their_value_came_from():
    r = row(Name="X S.A.", UniqueReference="R1", Mobile="abc", ExtraEmails="a@b.mx; nope")
    with pytest.raises(ValidationError) as info:
        validate_client(r.data, default_country="MX")
    assert {e.field for e in r.in_columns(info.value.errors)} == {"Mobile", "ExtraEmails"}


def test_the_row_country_comes_from_its_address_then_its_document_then_its_company():
    bogota = row(
        Name="Empleado Andina S.A.",
        UniqueReference="EMP-1",
        Telephone="3001234567",
        Address="Calle 10, Medellín, Colombia",
    )
    assert bogota.country == "CO" and bogota.data.addresses[0].country == "CO"
    clean = validate_client(bogota.data, default_country=bogota.country)
    assert clean.phones[0].number == "+573001234567"
    ruc = row(Name="Lima S.A.C.", UniqueReference="20131312955", Address="Av. Larco 1150")
    assert ruc.data.addresses[0].country == "PE"  # the RUC says Peru
    of_company = row(Name="Sucursal S.A.", UniqueReference="SUC-1", CompanyId="20131312955")
    assert of_company.country == "PE"


def test_line_breaks_in_an_address_cell_become_commas():
    r = row(
        Name="Oficina\r\nCentral S.A.",
        UniqueReference="R1",
        Address="Cra. 7 #71-21\nBogotá\n",
        AddressDetail="Piso 4\r\nOficina 12",
    )
    assert r.data.legal_name == "Oficina, Central S.A."
    assert r.data.addresses[0].line == "Cra. 7 #71-21, Bogotá"
    assert r.data.addresses[0].detail == "Piso 4, Oficina 12"
