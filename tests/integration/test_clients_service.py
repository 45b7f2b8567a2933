"""Create, update, conflict, delete, restore, purge and history on a real SQLite file."""

import pytest

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput, ContactInput, FiscalInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.clients.queries import (
    ClientNotFound,
    client_history,
    get_client,
    input_from_detail,
)
from tui_clients.services.clients.writing import (
    StaleClientError,
    TrashError,
    create_client,
    delete_client,
    purge_client,
    restore_client,
    update_client,
)


def mx_person(**kw) -> ClientInput:
    base = dict(
        person_kind="fisica",
        company_type="PF",
        category="FACT-MX",
        document_country="MX",
        document_type="RFC",
        document_number="gode-561231-gr8",
        first_name="Diana",
        last_name="González Núñez",
        emails=["Diana@Correo.MX"],
        phones=["55 1234 5678"],
        addresses=[
            AddressInput(
                country="MX",
                region="MX-CMX",
                postal_code="06600",
                line="Av. Reforma 222",
                detail="Piso 3",
                coordinates="19.4326,-99.1332",
            )
        ],
        contacts=[ContactInput(email="diana@correo.mx", first_name="Diana")],
        fiscal=FiscalInput("612", "G03", "06600"),
    )
    return ClientInput(**{**base, **kw})


def co_company(**kw) -> ClientInput:
    base = dict(
        person_kind="moral",
        company_type="PM",
        category="GEN",
        document_country="CO",
        document_type="NIT",
        document_number="900123456-8",
        legal_name="Andina Logística S.A.S.",
        trade_name="Andina",
        contacts=[ContactInput(email="compras@andina.co", first_name="Luis")],
    )
    return ClientInput(**{**base, **kw})


def test_create_stores_everything_and_returns_the_profile(db):
    client = create_client(mx_person(), user="ana")
    assert client.code == f"CL-{client.id:07d}"
    assert client.legal_name == "Diana González Núñez"
    assert client.document_number == "GODE561231GR8"
    assert client.emails == ["Diana@correo.mx"]
    assert client.phones[0].number == "+525512345678"
    address = client.addresses[0]
    assert (address.line, address.postal_code, address.latitude) == (
        "Av. Reforma 222",
        "06600",
        19.4326,
    )
    assert address.coord_source == "manual"
    assert client.fiscal.regimen == "612" and client.fiscal.uso_cfdi == "G03"
    assert client.contacts[0].email == "diana@correo.mx" and client.contacts[0].is_primary
    assert client.created_by == "ana" and client.version == 1
    history = client_history(client.id)
    assert [h.action for h in history] == ["created"]
    assert history[0].user == "ana"
    assert history[0].changes["document"] == [None, "RFC GODE561231GR8"]


def test_same_document_after_normalisation_is_refused_naming_the_existing_client(db):
    first = create_client(mx_person())
    with pytest.raises(ValidationError) as info:
        create_client(mx_person(document_number="GODE 561231 GR8", first_name="Otra"))
    error = info.value.errors[0]
    assert error.code == "duplicate"
    assert first.code in error.message_es and "Diana González Núñez" in error.message_es
    assert count(ClientFilter()) == 1


def test_a_trashed_client_still_owns_its_document(db):
    first = create_client(mx_person())
    delete_client(first.id)
    with pytest.raises(ValidationError) as info:
        create_client(mx_person())
    assert "papelera" in info.value.errors[0].message_es


def test_legal_entity_client_is_registered_as_a_company(db):
    client = create_client(co_company())
    company = m.Company.get_by_id(client.company_id)
    assert (company.legal_name, company.document_number) == (
        "Andina Logística S.A.S.",
        "9001234568",
    )
    assert client.company_name == "Andina Logística S.A.S."
    person = create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            document_country="CO",
            document_type="CC",
            document_number="1020304050",
            first_name="Luis",
            last_name="Mora",
            company_id=company.id,
        )
    )
    assert person.company_name == "Andina Logística S.A.S."
    assert m.Company.select().count() == 1


def test_contacts_are_unique_in_the_registry_and_shared_between_clients(db):
    a = create_client(co_company())
    b = create_client(
        co_company(
            document_number="830.054.539-0",
            legal_name="Otra S.A.S.",
            contacts=[ContactInput(email="COMPRAS@andina.co", first_name="X")],
        )
    )
    assert m.Contact.select().count() == 1
    assert a.contacts[0].id == b.contacts[0].id
    assert b.contacts[0].first_name == "Luis"  # the registry's contact, not a twin


def test_catalog_references_are_checked(db):
    with pytest.raises(ValidationError) as info:
        create_client(co_company(category="DIST", company_type="GOB"))
    assert info.value.errors[0].field == "category"
    with pytest.raises(ValidationError) as info:
        create_client(mx_person(company_type="PM"))
    assert info.value.errors[0].code == "company_type_kind"
    with pytest.raises(ValidationError) as info:
        create_client(
            mx_person(
                document_type="CURP",
                person_kind="moral",
                legal_name="X SA",
                document_number="BOXW310820HNERXN09",
                company_type="PM",
                fiscal=None,
            )
        )
    assert info.value.errors[0].code == "document_kind"


def test_update_records_what_changed_and_bumps_the_version(db):
    client = create_client(mx_person())
    data = mx_person(emails=["nuevo@correo.mx"], trade_name="Diana Diseño")
    updated = update_client(client.id, data, expected_version=client.version, user="beto")
    assert updated.version == 2 and updated.updated_by == "beto"
    assert updated.emails == ["nuevo@correo.mx"]
    last = client_history(client.id)[0]
    assert last.action == "updated" and last.user == "beto"
    assert last.changes["emails"] == ["Diana@correo.mx", "nuevo@correo.mx"]
    assert last.changes["trade_name"] == [None, "Diana Diseño"]
    assert "document" not in last.changes


def test_stale_edit_is_refused_and_nothing_is_overwritten(db):
    client = create_client(mx_person())
    update_client(client.id, mx_person(trade_name="Primero"), expected_version=1, user="ana")
    with pytest.raises(StaleClientError) as info:
        update_client(client.id, mx_person(trade_name="Segundo"), expected_version=1, user="beto")
    assert "ana" in str(info.value) and "reload" in str(info.value)
    assert get_client(client.id).trade_name == "Primero"
    assert len(client_history(client.id)) == 2


def test_invalid_edit_changes_nothing(db):
    client = create_client(mx_person())
    with pytest.raises(ValidationError):
        update_client(client.id, mx_person(emails=["roto@"]), expected_version=1)
    again = get_client(client.id)
    assert again.emails == ["Diana@correo.mx"] and again.version == 1


def test_delete_moves_to_trash_and_restore_brings_back_everything(db):
    client = create_client(mx_person())
    delete_client(client.id, expected_version=1, user="ana")
    assert count(ClientFilter()) == 0 and count(ClientFilter(trash=True)) == 1
    assert [c.id for c in page(ClientFilter(trash=True))] == [client.id]
    assert page(ClientFilter()) == []
    with pytest.raises(TrashError):
        update_client(client.id, mx_person(), expected_version=2)
    restored = restore_client(client.id, user="beto")
    assert not restored.in_trash
    assert restored.addresses == client.addresses and restored.contacts == client.contacts
    assert [h.action for h in client_history(client.id)] == ["restored", "deleted", "created"]


def test_purge_only_from_the_trash_and_keeps_contacts(db):
    client = create_client(mx_person())
    with pytest.raises(TrashError):
        purge_client(client.id)
    delete_client(client.id)
    purge_client(client.id)
    with pytest.raises(ClientNotFound):
        get_client(client.id)
    assert m.Contact.select().count() == 1
    assert m.Address.select().count() == 0 and m.ClientHistory.select().count() == 0


def test_list_orders_by_folded_name(db):
    create_client(co_company(legal_name="Zeta S.A.S."))
    create_client(mx_person(first_name="Álvaro"))
    names = [c.legal_name for c in page(ClientFilter())]
    assert names == ["Álvaro González Núñez", "Zeta S.A.S."]
    row = page(ClientFilter())[0]
    assert row.email == "Diana@correo.mx" and row.phone == "+525512345678"


def test_a_write_that_loses_a_race_on_a_unique_key_runs_once_more(db):
    """Another operator commits the same contact e-mail first: the second run links it."""
    from tui_clients.services.clients.writing import _once_more_on_conflict

    runs = []

    @_once_more_on_conflict
    def write():
        runs.append(len(runs))
        with m.database.atomic():
            existing = m.Contact.get_or_none(m.Contact.email_key == "ana@x.mx")
            if existing is None or len(runs) == 1:  # the first run read before the other commit
                return m.Contact.create(email="ana@x.mx", email_key="ana@x.mx", first_name="Ana").id
            return existing.id

    m.Contact.create(
        email="ana@x.mx", email_key="ana@x.mx", first_name="Ana"
    )  # the other operator's
    assert write() == m.Contact.get(m.Contact.email_key == "ana@x.mx").id
    assert runs == [0, 1]


def test_saving_an_edit_unchanged_writes_nothing(db):
    """An edit saved as it was opened: the same version, time and history, and the address
    the gazetteer placed stays placed (not turned into typed coordinates)."""
    client = create_client(
        co_company(addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 7 #32-16")])
    )
    placed = get_client(client.id)
    assert placed.addresses[0].coord_source == "gazetteer"
    again = update_client(
        client.id, input_from_detail(placed), expected_version=placed.version, user="beto"
    )
    assert again == placed
    assert (again.version, again.updated_at, again.updated_by) == (
        placed.version,
        placed.updated_at,
        placed.updated_by,
    )
    assert [h.action for h in client_history(client.id)] == ["created"]


def test_an_edit_writes_only_what_changed(db):
    client = create_client(
        co_company(addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 7 #32-16")])
    )
    placed = get_client(client.id)
    address_ids = [a.id for a in m.Address.select().where(m.Address.client == client.id)]
    data = input_from_detail(placed)
    data.trade_name = "Andina Express"
    updated = update_client(client.id, data, expected_version=placed.version, user="beto")
    assert updated.version == placed.version + 1 and updated.trade_name == "Andina Express"
    assert updated.addresses == placed.addresses  # still placed by the gazetteer
    assert [a.id for a in m.Address.select().where(m.Address.client == client.id)] == address_ids
    assert client_history(client.id)[0].changes == {"trade_name": ["Andina", "Andina Express"]}


def test_coordinates_typed_on_an_edit_are_the_operators_and_a_moved_address_is_placed_again(db):
    client = create_client(
        co_company(addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 7 #32-16")])
    )
    placed = get_client(client.id)
    data = input_from_detail(placed)
    data.addresses[0].coordinates = "4.6097,-74.0817"
    typed = update_client(client.id, data, expected_version=placed.version)
    assert typed.addresses[0].coord_source == "manual"
    assert (typed.addresses[0].latitude, typed.addresses[0].longitude) == (4.6097, -74.0817)
    assert "4.6097" in client_history(client.id)[0].changes["addresses"][1]
    # the street changes under geocoded coordinates: the address is placed again
    other = create_client(
        co_company(
            document_number="830020062-3",
            legal_name="Bogotá Norte S.A.S.",
            contacts=[],
            addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 7 #32-16")],
        )
    )
    data = input_from_detail(other)
    data.addresses[0].line = "Calle 100 #19-61"
    data.addresses[0].district = "Usaquén"
    moved = update_client(other.id, data, expected_version=other.version)
    assert moved.addresses[0].coord_source != "manual"
    history = client_history(other.id)[0].changes["addresses"]
    assert "Calle 100 #19-61, Usaquén" in history[1]
