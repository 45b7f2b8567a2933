"""The registry lookups the wizard uses, on real databases."""

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput, ContactInput, FiscalInput
from tui_clients.services.clients.writing import create_client, delete_client, purge_client
from tui_clients.services.registration.lookups import (
    client_from_company,
    discard_draft,
    find_contact,
    load_draft,
    save_draft,
    search_companies,
)


def andina(**kw):
    base = dict(
        person_kind="moral",
        company_type="PM",
        document_country="CO",
        document_type="NIT",
        document_number="900123456-8",
        legal_name="Andina Logística S.A.S.",
        trade_name="Andina",
        contacts=[ContactInput(email="compras@andina.co", first_name="Luis")],
    )
    return create_client(ClientInput(**{**base, **kw}))


def test_an_existing_contact_is_found_whatever_the_case(db):
    andina()
    found = find_contact("COMPRAS@Andina.co")
    assert found is not None and found.first_name == "Luis"
    assert find_contact("otro@andina.co") is None


def test_companies_are_searchable_and_fill_a_new_client(db):
    client = andina()
    by_name = search_companies("andina log")
    by_document = search_companies("900 123-456")  # the start of the NIT, as typed
    assert [c.legal_name for c in by_name] == ["Andina Logística S.A.S."]
    assert [c.id for c in by_document] == [client.company_id]
    assert search_companies("zzz") == []
    assert search_companies("123456") == []  # the middle of a document is not its start
    data = client_from_company(by_name[0])
    assert (data.document_type, data.document_number, data.company_id) == (
        "NIT",
        "9001234568",
        client.company_id,
    )
    assert data.legal_name == "Andina Logística S.A.S." and data.company_type == "PM"


def test_a_draft_survives_and_comes_back_whole(db):
    data = ClientInput(
        person_kind="fisica",
        company_type="PF",
        first_name="José",
        addresses=[AddressInput(country="PE", line="Av. Larco 123")],
        contacts=[ContactInput(email="jose@correo.pe", first_name="José")],
        fiscal=FiscalInput("612", "G03", "06600"),
    )
    save_draft("ana", data, "addresses")
    save_draft("beto", ClientInput(legal_name="Otro"), "identity")
    restored, step = load_draft("ana")
    assert restored == data and step == "addresses"
    discard_draft("ana")
    assert load_draft("ana") is None
    assert load_draft("beto")[0].legal_name == "Otro"


def test_a_damaged_draft_is_ignored(db):
    m.AppMeta.create(key="wizard-draft:carla", value="{not json")
    assert load_draft("carla") is None


def test_the_company_picker_finds_words_inside_names_and_says_who_is_a_client(db):
    client = andina()
    [found] = search_companies("logist")  # a word inside "Andina Logística S.A.S."
    assert found.legal_name == "Andina Logística S.A.S."
    assert (found.client_id, found.client_code) == (client.id, client.code)
    delete_client(client.id)
    purge_client(client.id)  # the company stays, with no client of its own now
    [alone] = search_companies("andina")
    assert alone.client_id is None and alone.client_code == ""
