import pytest

from tui_clients.domain.documents import guess_document_type, validate_document
from tui_clients.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("country", "doc", "number", "kind", "expected"),
    [
        ("MX", "RFC", "gode-561231-gr8", "fisica", "GODE561231GR8"),
        ("MX", "RFC", "GODE 561231 GR8", None, "GODE561231GR8"),
        ("MX", "RFC", "MAB-930714-8T4", "moral", "MAB9307148T4"),
        ("MX", "RFC", "XAXX010101000", "fisica", "XAXX010101000"),
        ("MX", "CURP", "BOXW310820HNERXN09", "fisica", "BOXW310820HNERXN09"),
        ("PE", "DNI", "10117410", "fisica", "10117410"),
        ("PE", "DNI", "10117410-2", "fisica", "101174102"),
        ("PE", "RUC", "20131312955", "moral", "20131312955"),
        ("PE", "RUC", "10101174102", "fisica", "10101174102"),
        ("CO", "NIT", "213.123.432-1", "moral", "2131234321"),
        ("CO", "NIT", "900123456-8", "moral", "9001234568"),
        ("CO", "NIT", "9001234568", "moral", "9001234568"),
        ("CO", "CC", "1.020.304.050", "fisica", "1020304050"),
        ("CO", "CE", "E12345", "fisica", "E12345"),
        ("PE", "CE", "001234567", "fisica", "001234567"),
        ("PE", "PAS", "ab 123456", "fisica", "AB123456"),
        (None, "REF", "cli-00.7_x", None, "CLI-00.7_X"),
    ],
)
def test_valid_documents_are_stored_compact_and_upper(country, doc, number, kind, expected):
    assert validate_document(country, doc, number, kind) == expected


@pytest.mark.parametrize(
    ("country", "doc", "number", "kind", "code"),
    [
        ("MX", "RFC", "GODE561231GR9", "fisica", "checksum"),  # wrong check digit
        ("MX", "RFC", "GODE561231", "fisica", "rfc_no_homoclave"),  # 10 characters
        ("MX", "RFC", "MAB9307148T4", "fisica", "rfc_kind"),  # a moral RFC for a person
        ("MX", "RFC", "GODE561231GR8", "moral", "rfc_kind"),
        ("MX", "RFC", "GODE563231GR8", None, "component"),  # month 32
        ("MX", "CURP", "BOXW310820HNERXN08", "fisica", "checksum"),
        ("PE", "DNI", "1011741", "fisica", "length"),
        ("PE", "DNI", "10117410-3", "fisica", "checksum"),
        ("PE", "RUC", "20131312956", "moral", "checksum"),
        ("PE", "RUC", "10101174102", "moral", "ruc_kind"),
        ("CO", "NIT", "900123456", "moral", "nit_dv_missing"),  # nine digits: DV missing
        ("CO", "NIT", "900123456-3", "moral", "checksum"),
        ("CO", "NIT", "900123456-12", "moral", "nit_dv"),
        ("CO", "CC", "12AB", "fisica", "format"),
        (None, "REF", "with space", None, "code_format"),
        ("MX", "XYZ", "123", None, "unknown_type"),
    ],
)
def test_invalid_documents_name_the_problem(country, doc, number, kind, code):
    with pytest.raises(ValidationError) as info:
        validate_document(country, doc, number, kind)
    error = info.value.errors[0]
    assert error.code == code
    if code != "unknown_type":
        assert number in error.message_es or number.strip() in error.message_en


def test_nit_without_check_digit_is_not_reinterpreted_and_suggests_the_dv():
    with pytest.raises(ValidationError) as info:
        validate_document("CO", "NIT", "900123456", "moral")
    message = info.value.errors[0].message_es
    assert "900123456-8" in message  # the DV it would have, for the operator to confirm


def test_empty_document_is_required():
    with pytest.raises(ValidationError) as info:
        validate_document("PE", "DNI", "   ")
    assert info.value.errors[0].code == "required"
    assert info.value.errors[0].message_es == "Este campo es obligatorio."


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("GODE561231GR8", ("MX", "RFC")),
        ("MAB9307148T4", ("MX", "RFC")),
        ("BOXW310820HNERXN09", ("MX", "CURP")),
        ("900123456-8", ("CO", "NIT")),
        ("20131312955", ("PE", "RUC")),
        ("900123456", None),
        ("ABC-1", None),
    ],
)
def test_guess_document_type_only_when_the_shape_is_unambiguous(number, expected):
    assert guess_document_type(number) == expected
