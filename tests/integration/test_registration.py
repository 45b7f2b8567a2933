"""The registry lookups the wizard uses, on real databases."""

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput, ContactInput, FiscalInput
from tui_clients.services.clients.writing import create_client, delete_client, purge_client
from tui_clients.services.registration.lookups import (
    check_step,
    client_from_company,
    discard_draft,
    document_owner,
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


TEMPLATE_HEADER = (
    "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,UniqueReference"
)


def import_untyped_companies(tmp_path):
    """A template CSV whose companies have no company type (a spreadsheet cannot say one):
    Comercial Lima Ferretería is named by its employee's CompanyId and then comes as a client
    itself; 20603456786 is only named by a CompanyId, so it keeps its document as its name."""
    from tui_clients.services.imports.importer import run_import

    rows = [
        TEMPLATE_HEADER,
        "Rosa Quispe Mamani,rosa@limaferr.pe,,20455667781,,,,1,10456789019",
        "Comercial Lima Ferretería S.A.C.,ventas@limaferr.pe,,,,,,1,20455667781",
        "Pedro Huamán Soto,,,20603456786,,,,1,10101010100",
    ]
    source = tmp_path / "Client_Template.csv"
    source.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    report = run_import(source, default_country="PE", user="ana")
    assert (report.imported, report.rejected, report.companies_created) == (3, 0, 1)
    return report


def test_companies_an_import_created_have_no_type_and_are_found_all_the_same(db, tmp_path):
    import_untyped_companies(tmp_path)
    assert m.Company.select().where(m.Company.company_type.is_null()).count() == 2
    for typed in ("Ferreter", "comercial lima", "Comercial Lima Ferretería", "20455667781"):
        [found] = search_companies(typed)
        assert found.legal_name == "Comercial Lima Ferretería S.A.C.", typed
        assert found.company_type == "" and found.client_code  # its own client came too
    [alone] = search_companies("20603456786")  # the full RUC of a company with no client yet
    assert (alone.document_type, alone.company_type, alone.client_id) == ("RUC", "", None)
    assert [c.document_number for c in search_companies("2060")] == ["20603456786"]
    data = client_from_company(alone)
    assert (data.company_type, data.document_number, data.company_id) == (
        "",  # the wizard asks for it
        "20603456786",
        alone.id,
    )
    assert data.legal_name == ""  # "RUC 20603456786" is a stand-in, not a name to keep
    assert client_from_company(alone, company_type="PM").company_type == "PM"
    assert client_from_company(alone, company_type="PF").company_type == ""  # not a persona física


def test_a_document_already_registered_is_named_at_the_identity_step(db):
    client = andina()
    steps = ["company_type", "category", "identity", "contacts", "addresses", "other", "finish"]
    twin = ClientInput(
        person_kind="moral",
        company_type="PM",
        category="GEN",
        document_country="CO",
        document_type="NIT",
        document_number="900.123.456-8",  # the same NIT, spelled otherwise
        legal_name="Otra Andina S.A.S.",
        emails=["compras en andina"],  # a later step's mistake must not hide the duplicate
    )
    [error] = check_step(twin, "identity", steps, default_country="CO")
    assert (error.field, error.code, error.params["client_id"]) == (
        "document_number",
        "duplicate",
        client.id,
    )
    assert client.code in error.message() and "Andina Logística S.A.S." in error.message()
    assert document_owner(twin, default_country="CO") == [error]
    assert check_step(twin, "category", steps, default_country="CO") == []  # other steps: no
    assert [e.field for e in check_step(twin, "other", steps, default_country="CO")] == [
        "emails[0]"
    ]
    own = ClientInput(**{**twin.__dict__, "document_number": "800100532-8"})
    assert check_step(own, "identity", steps, default_country="CO") == []
