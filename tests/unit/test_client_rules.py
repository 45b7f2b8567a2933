import pytest

from tui_clients.domain.client_rules import validate_client
from tui_clients.domain.entities import AddressInput, ClientInput, ContactInput, FiscalInput
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.fiscal import Regimen, UsoCfdi, regimenes_for, usos_for

REGIMENES = {
    "601": Regimen("601", "General de Ley Personas Morales", False, True),
    "612": Regimen("612", "Personas Físicas con Actividades Empresariales", True, False),
    "605": Regimen("605", "Sueldos y Salarios", True, False),
}
USOS = {
    "G03": UsoCfdi("G03", "Gastos en general", True, True, frozenset({"601", "612"})),
    "CN01": UsoCfdi("CN01", "Nómina", True, False, frozenset({"605"})),
}


def persona(**kw) -> ClientInput:
    base = dict(
        person_kind="fisica",
        document_country="MX",
        document_type="RFC",
        document_number="GODE561231GR8",
        first_name="Diana",
        last_name="González",
    )
    return ClientInput(**{**base, **kw})


def test_persona_fisica_gets_a_legal_name_from_first_and_last_names():
    clean = validate_client(persona())
    assert clean.legal_name == "Diana González"
    assert clean.document_number == "GODE561231GR8"


def test_every_error_is_reported_at_once_with_its_field():
    data = ClientInput(
        person_kind="moral",
        document_country="CO",
        document_type="NIT",
        document_number="900123456",
        legal_name=" ",
        emails=["bad@", "ok@x.co"],
        phones=["abc"],
        website="not a site",
        addresses=[AddressInput(country="CO", postal_code="123", line="")],
        contacts=[
            ContactInput(email="a@b.co", first_name="Ana"),
            ContactInput(email="A@B.CO", first_name="Otra"),
        ],
    )
    with pytest.raises(ValidationError) as info:
        validate_client(data, default_country="CO")
    fields = {e.field for e in info.value.errors}
    assert {
        "document_number",
        "legal_name",
        "emails[0]",
        "phones[0]",
        "website",
        "addresses[0].postal_code",
        "addresses[0].line",
        "contacts[1].email",
    } <= fields


def test_at_most_three_emails_and_no_duplicates():
    with pytest.raises(ValidationError) as info:
        validate_client(persona(emails=["a@x.mx", "b@x.mx", "c@x.mx", "d@x.mx"]))
    assert [e.code for e in info.value.errors] == ["too_many"]
    with pytest.raises(ValidationError) as info:
        validate_client(persona(emails=["a@x.mx", "A@X.MX"]))
    assert [e.code for e in info.value.errors] == ["duplicate"]


def test_phone_without_prefix_uses_the_address_country_and_warns_when_unverified():
    clean = validate_client(
        persona(
            phones=["987 654 321"], addresses=[AddressInput(country="PE", line="Av. Larco 123")]
        )
    )
    assert clean.phones[0].number == "+51987654321"
    clean = validate_client(persona(phones=["123 4567"]))
    assert [w.code for w in clean.warnings] == ["phone_unverified"]


def test_first_contact_becomes_primary_and_only_one_primary_allowed():
    clean = validate_client(persona(contacts=[ContactInput(email="a@x.mx", first_name="A")]))
    assert clean.contacts[0].is_primary
    with pytest.raises(ValidationError) as info:
        validate_client(
            persona(
                contacts=[
                    ContactInput(email="a@x.mx", first_name="A", is_primary=True),
                    ContactInput(email="b@x.mx", first_name="B", is_primary=True),
                ]
            )
        )
    assert info.value.errors[0].code == "primary"


def test_fiscal_regimen_and_uso_must_match_the_person_kind():
    ok = validate_client(
        persona(fiscal=FiscalInput("612", "G03", "06600")), regimenes=REGIMENES, usos=USOS
    )
    assert ok.fiscal.regimen == "612"
    with pytest.raises(ValidationError) as info:
        validate_client(
            persona(fiscal=FiscalInput("601", "CN01", "6600")), regimenes=REGIMENES, usos=USOS
        )
    codes = {e.field: e.code for e in info.value.errors}
    assert codes == {
        "fiscal.regimen": "regimen_kind",
        "fiscal.uso_cfdi": "uso_regimen",
        "fiscal.postal_code": "postal_code",
    }


def test_mexican_fiscal_data_needs_a_mexican_rfc():
    peru = persona(
        document_country="PE",
        document_type="DNI",
        document_number="45781236",
        fiscal=FiscalInput("612", "G03", "06600"),
    )
    with pytest.raises(ValidationError) as info:
        validate_client(peru, regimenes=REGIMENES, usos=USOS)
    assert [(e.field, e.code) for e in info.value.errors] == [("fiscal", "needs_rfc")]


def test_municipality_names_longer_than_a_code_are_kept():
    town = "San Pedro Garza García"
    clean = validate_client(
        persona(
            addresses=[AddressInput(country="MX", region="MX-NLE", province=town, line="Calzada 1")]
        )
    )
    assert clean.addresses[0].province == town


def test_fiscal_pickers_filter_by_kind_and_regimen():
    assert [r.code for r in regimenes_for("moral", REGIMENES)] == ["601"]
    assert [u.code for u in usos_for("fisica", "605", USOS)] == ["CN01"]
    assert [u.code for u in usos_for("fisica", "612", USOS)] == ["G03"]


def test_errors_speak_spanish_and_english():
    with pytest.raises(ValidationError) as info:
        validate_client(persona(first_name=""))
    error = info.value.errors[0]
    assert error.field == "first_name"
    assert error.message_es == "Este campo es obligatorio."
    assert error.message_en == "This field is required."


@pytest.mark.parametrize(
    ("kind", "number"), [("fisica", "VACE460910SX6"), ("moral", "AAC0903183F6")]
)
def test_rfc_failing_its_check_digit_is_kept_with_a_warning(kind, number):
    data = persona(person_kind=kind, document_number=number, legal_name="Empresa SA")
    clean = validate_client(data)
    assert clean.document_number == number
    assert [w.code for w in clean.warnings] == ["rfc_check_digit"]
    assert clean.warnings[0].field == "document_number"


def test_rfc_that_is_no_date_is_still_refused():
    with pytest.raises(ValidationError) as info:
        validate_client(persona(document_number="VACE461310SX6"))
    assert [e.code for e in info.value.errors] == ["rfc_date"]


def test_sound_rfc_has_no_document_warning():
    assert validate_client(persona()).warnings == []
