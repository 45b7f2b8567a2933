"""The SAT's generic RFCs (XAXX010101000 público en general, XEXX010101000 extranjeros)
belong to many clients: never a duplicate, in the wizard's checks, the import and an
edit, on a real database; every other RFC stays one client's."""

import csv

import pytest

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services.clients.checks import check_client
from tui_clients.services.clients.queries import get_client, input_from_detail
from tui_clients.services.clients.writing import create_client, update_client
from tui_clients.services.imports.importer import run_import

GENERIC = ["XAXX010101000", "XEXX010101000"]


def person(number: str, first: str, last: str = "Público") -> ClientInput:
    return ClientInput(
        person_kind="fisica",
        document_country="MX",
        document_type="RFC",
        document_number=number,
        first_name=first,
        last_name=last,
    )


def foreign_company(name: str) -> ClientInput:
    return ClientInput(
        person_kind="moral",
        company_type="PM",
        document_country="MX",
        document_type="RFC",
        document_number="XEXX010101000",
        legal_name=name,
    )


def test_generic_rfcs_are_shared_by_many_clients_told_apart_by_name(db):
    for name in ("Ana", "Beto", "Carla"):
        assert check_client(person("XAXX010101000", name)) == []
        create_client(person("XAXX010101000", name))
    (error,) = check_client(person("XAXX-010101-000", "ana", "PÚBLICO"))  # the same client
    assert error.code == "duplicate" and "Ana Público" in error.message_es
    create_client(person("xexx-010101-000", "Dora", "Extranjera"))
    create_client(person("XEXX010101000", "Emil", "Extranjero"))
    generic = m.Client.select().where(m.Client.document_number.in_(GENERIC))
    assert generic.count() == 5


def test_other_rfcs_stay_unique_when_generic_ones_are_shared(db):
    first = create_client(person("GODE561231GR8", "Diana", "González"))
    assert [e.code for e in check_client(person("gode-561231-gr8", "Otra"))] == ["duplicate"]
    with pytest.raises(ValidationError) as info:  # a message, not an IntegrityError
        create_client(person("GODE561231GR8", "Otra", "Persona"))
    assert first.code in info.value.errors[0].message_en


def test_each_foreign_company_with_the_generic_rfc_is_its_own_company(db):
    one = create_client(foreign_company("Acme Inc."))
    two = create_client(foreign_company("Globex GmbH"))
    assert one.company_id != two.company_id
    names = {c.legal_name for c in m.Company.select().where(m.Company.document_number.in_(GENERIC))}
    assert names == {"Acme Inc.", "Globex GmbH"}
    # an edit keeps the client's own company (renamed with it), never another's
    data = input_from_detail(get_client(two.id))
    data.legal_name = "Globex International GmbH"
    edited = update_client(two.id, data, expected_version=get_client(two.id).version)
    assert edited.company_id == two.company_id
    assert m.Company.get_by_id(one.company_id).legal_name == "Acme Inc."
    assert m.Company.get_by_id(two.company_id).legal_name == "Globex International GmbH"
    assert m.Company.select().count() == 2


def test_an_import_stores_every_row_with_a_generic_rfc_and_refuses_it_as_company_id(db, tmp_path):
    header = ["Name", "Email", "Telephone", "CompanyId", "Latitude-Longitude", "Address"]
    header += ["AddressDetail", "State", "UniqueReference", "CompanyType"]
    rows = [
        ["Ana Pérez Gómez", "", "", "", "", "", "", "1", "XAXX010101000", ""],
        ["Beto Ruiz Soto", "", "", "", "", "", "", "1", "XAXX-010101-000", ""],
        ["John Smith", "", "", "", "", "", "", "1", "XEXX010101000", ""],
        ["Acme Inc.", "", "", "", "", "", "", "1", "XEXX010101000", "PM"],
        ["Globex GmbH", "", "", "", "", "", "", "1", "XEXX010101000", "PM"],
        ["Carla Núñez Vela", "", "", "XAXX010101000", "", "", "", "1", "NUVC800101AB1", ""],
    ]
    source = tmp_path / "publico.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    report = run_import(source, default_country="MX", user="ana")
    assert (report.imported, report.rejected) == (5, 1)
    generic = m.Client.select().where(m.Client.document_number.in_(GENERIC))
    assert sorted(c.legal_name for c in generic) == [
        "Acme Inc.",
        "Ana Pérez Gómez",
        "Beto Ruiz Soto",
        "Globex GmbH",
        "John Smith",
    ]
    companies = m.Company.select().where(m.Company.document_number == "XEXX010101000")
    assert sorted(c.legal_name for c in companies) == ["Acme Inc.", "Globex GmbH"]
    errors = list(csv.reader((tmp_path / report.error_path.split("/")[-1]).open()))
    assert errors[1][0] == "Carla Núñez Vela"
    assert "generic RFCs" in errors[1][-1] or "genéricos" in errors[1][-1]
    # the same file again: a generic RFC with the same name is the same client, refused
    # as registered, and updated with --update; nobody is stored twice
    again = run_import(source, default_country="MX", user="ana")
    assert (again.imported, again.rejected) == (0, 6)
    with open(again.error_path, encoding="utf-8-sig") as fh:
        reasons = [row[-1] for row in csv.reader(fh)][1:]
    assert sum("lo comparten muchos clientes" in r for r in reasons) == 5
    updated = run_import(source, default_country="MX", user="ana", update=True)
    assert (updated.imported, updated.updated) == (0, 5)
    assert generic.count() == 5 and companies.count() == 2
