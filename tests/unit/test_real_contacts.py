"""Phones and e-mails as they are really written (libphonenumber's data, the issue's)."""

from pathlib import Path

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from tui_clients.domain.contact import modernised_note, normalize_email, normalize_phone
from tui_clients.domain.errors import ValidationError

DATA = Path(__file__).parent.parent / "data" / "contacts"


def rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [
        [c.strip() for c in line.split("|")]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def example_numbers() -> list[tuple[str, str, phonenumbers.PhoneNumber]]:
    found = []
    for region in ("MX", "CO", "PE"):
        for name in dir(PhoneNumberType):
            if name.isupper():
                number = phonenumbers.example_number_for_type(
                    region, getattr(PhoneNumberType, name)
                )
                if number is not None:
                    found.append((region, name, number))
    return found


# --- phones: what is valid today is stored as it is --------------------------------------


def test_there_are_example_numbers_of_every_kind():
    kinds = {(region, name) for region, name, _ in example_numbers()}
    assert {("MX", "MOBILE"), ("CO", "FIXED_LINE"), ("PE", "MOBILE"), ("CO", "TOLL_FREE")} <= kinds


@pytest.mark.parametrize(
    ("region", "kind", "number"),
    example_numbers(),
    ids=[f"{r}-{k}" for r, k, _ in example_numbers()],
)
def test_every_libphonenumber_example_number_is_stored_right(region, kind, number):
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    written = {
        phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL): region,
        phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL): "PE",
        e164: "MX",
        "00" + e164[1:]: "CO",
    }
    for text, country in written.items():
        phone = normalize_phone(text, country)
        assert phone is not None
        assert (phone.number, phone.country, phone.verified) == (e164, region, True), text
        assert phone.modernised_from == "" and modernised_note(phone, "phones[0]") is None


@pytest.mark.parametrize(
    ("text", "country", "e164", "age"), rows("libphonenumber_test_numbers.txt"), ids=str
)
def test_numbers_written_in_libphonenumbers_tests(text, country, e164, age):
    phone = normalize_phone(text, country)
    assert phone is not None
    assert (phone.number, phone.verified) == (e164, True)
    assert phone.modernised_from == (text if age == "old" else "")


# --- phones: old formats are modernised and say so ------------------------------------


@pytest.mark.parametrize(("text", "country", "e164"), rows("issue_examples.txt"), ids=str)
def test_old_formats_from_the_issue_are_stored_modern(text, country, e164):
    phone = normalize_phone(text, country)
    assert phone is not None
    assert (phone.number, phone.verified, phone.modernised_from) == (e164, True, text)
    assert phonenumbers.is_valid_number(phonenumbers.parse(e164))
    note = modernised_note(phone, "phones[0]")
    assert note is not None and note.code == "phone_modernised"
    assert text in note.message_en and e164 in note.message_en
    assert text in note.message_es and e164 in note.message_es


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("+57 3 770 1048", "CO"),  # 3 was never an area code (mobiles begin with 3)
        ("+57 9 770 1048", "CO"),
        ("+52 1 12 3456 7890", "MX"),  # the modern number would not be valid either
    ],
)
def test_an_old_looking_number_that_is_not_valid_modern_is_still_refused(text, country):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(text, country)
    assert caught.value.errors[0].code == "phone_invalid"


@pytest.mark.parametrize(
    ("text", "country"), [("044 12 3456 7890", "MX"), ("9 770 1048", "CO"), ("045 1234 5678", "MX")]
)
def test_an_old_looking_national_number_that_is_not_valid_modern_is_kept_unverified(text, country):
    phone = normalize_phone(text, country)
    assert phone is not None
    assert (phone.number, phone.verified, phone.modernised_from) == (text, False, "")


def test_a_national_1_before_ten_digits_is_not_read_as_an_old_mexican_mobile():
    """From Mexico ``1 212 555 1234`` is more likely a US number missing its 00 than a
    mobile: the old ``1`` is only read after +52."""
    phone = normalize_phone("1 212 555 1234", "MX")
    assert phone is not None and not phone.verified and phone.modernised_from == ""


def test_old_prefixes_are_only_read_for_their_own_country():
    phone = normalize_phone("044 55 4525 8448", "PE")
    assert phone is not None and not phone.verified and phone.modernised_from == ""


# --- e-mails -----------------------------------------------------------------------------


def test_a_local_part_of_64_characters_is_accepted():
    address = "a" * 64 + "@empresa.com"
    assert normalize_email(address) == address


@pytest.mark.parametrize("length", [65, 66, 80])
def test_a_local_part_over_64_characters_is_refused_clearly(length):
    with pytest.raises(ValidationError) as caught:
        normalize_email("a" * length + "@empresa.com")
    error = caught.value.errors[0]
    assert error.code == "email_local_too_long"
    assert error.params == {"length": length, "max": 64}
    assert str(length) in error.message_es and "64" in error.message_es


def test_email_validators_strict_mode_agrees_on_the_length():
    from email_validator import EmailNotValidError, validate_email

    for length in (64, 65, 66):
        address = "b" * length + "@empresa.com"
        try:
            validate_email(address, check_deliverability=False, strict=True)
            strict_ok = True
        except EmailNotValidError:
            strict_ok = False
        try:
            normalize_email(address)
            ours = True
        except ValidationError:
            ours = False
        assert ours == strict_ok, length


@pytest.mark.parametrize(
    "written", ["a<\u0338b@empresa.com", "<\u0338@empresa.com", "a>\u0338@x.pe"]
)
def test_an_address_invalid_as_written_is_refused_even_if_its_nfc_form_is_valid(written):
    """``<`` followed by a combining long solidus is written; NFC turns it into ``≮``."""
    with pytest.raises(ValidationError) as caught:
        normalize_email(written)
    assert caught.value.errors[0].code == "email"


def test_a_decomposed_address_valid_as_written_is_stored_nfc():
    assert normalize_email("jose\u0301@correo.pe") == "jos\u00e9@correo.pe"
    assert normalize_email("  Nu\u0301n\u0303ez@Empresa.COM ") == "N\u00fa\u00f1ez@empresa.com"
    assert normalize_email("e\u0301" * 33 + "@x.com") == "\u00e9" * 33 + "@x.com"
