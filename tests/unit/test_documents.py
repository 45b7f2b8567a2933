import pytest

from tui_clients.domain.documents import (
    document_warnings,
    guess_document_type,
    is_shared_document,
    validate_document,
)
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
        ("PE", "DNI", "10117410-2", "fisica", "10117410"),
        ("PE", "DNI", "101174102", "fisica", "10117410"),
        ("PE", "DNI", "108125433", "fisica", "10812543"),
        ("PE", "DNI", "10812543H", "fisica", "10812543"),
        ("PE", "RUC", "20131312955", "moral", "20131312955"),
        ("PE", "RUC", "10101174102", "fisica", "10101174102"),
        ("CO", "NIT", "213.123.432-1", "moral", "2131234321"),
        ("CO", "NIT", "900123456-8", "moral", "9001234568"),
        ("CO", "NIT", "9001234568", "moral", "9001234568"),
        # spellings seen in real lists: commas, an em dash, the DV after a dot, spaced hyphen
        ("CO", "NIT", "900,206,480-2", "moral", "9002064802"),
        ("CO", "NIT", "900.323.466—1", "moral", "9003234661"),
        ("CO", "NIT", "900.323.466 – 1", "moral", "9003234661"),
        ("CO", "NIT", "79.896.529.6", "fisica", "798965296"),
        ("CO", "NIT", "800226098 - 4", "moral", "8002260984"),
        # bare digits that can only be a cédula + its DV (no company NIT begins with 3 or 7)
        ("CO", "NIT", "375478370", "fisica", "375478370"),
        ("PE", "DNI", "05337812-4", "fisica", "05337812"),
        # the homoclave's check digit fails: kept (with a warning, see below)
        ("MX", "RFC", "GODE561231GR9", "fisica", "GODE561231GR9"),
        ("MX", "RFC", "AAC0903183F6", "moral", "AAC0903183F6"),
        ("MX", "RFC", "SIN 931116 9P8", "moral", "SIN9311169P8"),
        ("MX", "RFC", "VACE460910SX6", "fisica", "VACE460910SX6"),
        ("MX", "RFC", "CCM 650122 I06", "moral", "CCM650122I06"),  # homoclave alphabet
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
        ("MX", "RFC", "GODE561231", "fisica", "rfc_no_homoclave"),  # 10 characters
        ("MX", "RFC", "ABCD 123456", "fisica", "rfc_date"),  # 12/34/56 is no date
        ("MX", "RFC", "GODE561331GR8", "fisica", "rfc_date"),  # month 13, with homoclave
        ("MX", "RFC", "AABN 821103 8Ñ2", "fisica", "format"),  # Ñ not in the homoclave
        ("MX", "RFC", "CACA 580710 NF7", "fisica", "component"),  # a forbidden word
        ("MX", "RFC", "MAB9307148T4", "fisica", "rfc_kind"),  # a moral RFC for a person
        ("MX", "RFC", "GODE561231GR8", "moral", "rfc_kind"),
        ("MX", "RFC", "GODE563231GR8", None, "rfc_date"),  # month 32
        ("MX", "CURP", "BOXW310820HNERXN08", "fisica", "checksum"),
        ("PE", "DNI", "1011741", "fisica", "length"),
        ("PE", "DNI", "10117410-3", "fisica", "checksum"),
        ("PE", "RUC", "20131312956", "moral", "checksum"),
        ("PE", "RUC", "10101174102", "moral", "ruc_kind"),
        ("CO", "NIT", "900123456", "moral", "nit_dv_missing"),  # nine digits: DV missing
        ("CO", "NIT", "900123456-3", "moral", "checksum"),
        ("CO", "NIT", "900123456-12", "moral", "nit_dv"),
        ("CO", "NIT", "900.323.466—2", "moral", "checksum"),
        ("CO", "NIT", "79.896.529.7", "fisica", "checksum"),
        ("CO", "NIT", "900123455", "moral", "nit_dv_unmarked"),  # 90012345-5 or no DV?
        ("PE", "DNI", "05337812-5", "fisica", "checksum"),
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


def test_nit_whose_last_digit_is_its_dv_names_the_same_digits_first():
    with pytest.raises(ValidationError) as info:
        validate_document("CO", "NIT", "900123455", "moral")
    message = info.value.errors[0].message_en
    assert message.index("90012345-5") < message.index("900123455-0")


@pytest.mark.parametrize(
    "number", ["GODE561231GR9", "AAC0903183F6", "SIN9311169P8", "VACE460910SX6", "CCM650122I06"]
)
def test_a_failed_rfc_check_digit_is_a_warning(number):
    (warning,) = document_warnings("MX", "RFC", number)
    assert warning.code == "rfc_check_digit"
    assert number in warning.message_es and "check digit" in warning.message_en


@pytest.mark.parametrize(
    ("country", "doc", "number"),
    [
        ("MX", "RFC", "GODE561231GR8"),
        ("MX", "RFC", "XAXX010101000"),
        ("CO", "NIT", "9001234568"),
        ("PE", "DNI", "053378124"),
    ],
)
def test_sound_documents_have_no_warning(country, doc, number):
    assert document_warnings(country, doc, number) == []


def test_rfc_with_no_date_says_so_rather_than_the_missing_homoclave():
    with pytest.raises(ValidationError) as info:
        validate_document("MX", "RFC", "ABCD 123456", "fisica")
    assert "12/34/56" in info.value.errors[0].message_en


def test_only_the_sat_generic_rfcs_are_shared():
    assert is_shared_document("RFC", "XAXX010101000")
    assert is_shared_document("RFC", "XEXX010101000")
    assert not is_shared_document("RFC", "GODE561231GR8")
    assert not is_shared_document("REF", "XAXX010101000")


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
        ("900.323.466—1", ("CO", "NIT")),
        ("05337812-4", ("PE", "DNI")),  # fails the NIT check digit, passes the DNI one
        ("10812543-H", ("PE", "DNI")),  # a letter as check character
        ("10812543-3", ("PE", "DNI")),
    ],
)
def test_guess_document_type_only_when_the_shape_is_unambiguous(number, expected):
    assert guess_document_type(number) == expected


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("05337812-4", "PE", ("PE", "DNI")),
        ("05337812-4", "CO", ("CO", "NIT")),  # in Colombia: a NIT (then refused by its DV)
        ("10117410-2", "PE", ("PE", "DNI")),
        ("900123456-8", "PE", ("CO", "NIT")),
    ],
)
def test_the_country_settles_eight_digits_and_a_check_character(number, country, expected):
    assert guess_document_type(number, country) == expected
