import pytest

from tui_clients.domain.contact import normalize_email, normalize_phone, normalize_website
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.places import normalize_postal_code, parse_coordinates
from tui_clients.domain.text import clean_name, clean_text, compact_key, fold, printable


def codes(exc_info) -> list[str]:
    return [e.code for e in exc_info.value.errors]


# --- e-mail -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ana.perez@EXAMPLE.COM", "ana.perez@example.com"),
        ("  facturas@empresa.com.mx ", "facturas@empresa.com.mx"),
        ("josé@correo.pe", "josé@correo.pe"),
        ("", ""),
    ],
)
def test_email_normalised(value, expected):
    assert normalize_email(value) == expected


@pytest.mark.parametrize("value", ["ana@", "ana.example.com", "a b@c.com", "x@localhost"])
def test_email_refused_with_value_in_message(value):
    with pytest.raises(ValidationError) as info:
        normalize_email(value)
    assert codes(info) == ["email"]
    assert value in info.value.errors[0].message_es


# --- phones -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "country", "e164", "region"),
    [
        ("55 1234 5678", "MX", "+525512345678", "MX"),
        ("(601) 555 1234", "CO", "+576015551234", "CO"),
        ("300 123 4567", "CO", "+573001234567", "CO"),
        ("987 654 321", "PE", "+51987654321", "PE"),
        ("+51 987 654 321", "MX", "+51987654321", "PE"),  # country code wins over the default
        ("0057 300 123 4567", "PE", "+573001234567", "CO"),
    ],
)
def test_phone_normalised_to_e164(value, country, e164, region):
    phone = normalize_phone(value, country)
    assert (phone.number, phone.country, phone.verified) == (e164, region, True)


def test_phone_without_country_code_invalid_there_is_kept_unverified():
    phone = normalize_phone("123 4567", "MX")
    assert (phone.number, phone.verified) == ("123 4567", False)


@pytest.mark.parametrize("value", ["abc", "12345", "5.51235E+09", "#N/A", "+52 12"])
def test_not_a_phone_is_refused(value):
    with pytest.raises(ValidationError) as info:
        normalize_phone(value, "MX")
    assert codes(info)[0] in ("phone", "phone_invalid")


def test_phone_with_country_code_must_be_valid_for_that_country():
    with pytest.raises(ValidationError) as info:
        normalize_phone("+57 123 4567", "MX")
    assert codes(info) == ["phone_invalid"]


# --- websites ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("empresa.com.mx", "https://empresa.com.mx"),
        ("HTTP://Example.COM/Path?q=1", "http://example.com/Path?q=1"),
        ("https://sub.dominio.pe:8443/x", "https://sub.dominio.pe:8443/x"),
    ],
)
def test_website_normalised(value, expected):
    assert normalize_website(value) == expected


@pytest.mark.parametrize(
    "value", ["ftp://x.com", "no spaces.com", "javascript:alert(1)", "http://"]
)
def test_website_refused(value):
    with pytest.raises(ValidationError):
        normalize_website(value)


# --- coordinates and postal codes ------------------------------------------------------------


def test_coordinates_parse_through_geopy():
    point = parse_coordinates(" 4.6097 , -74.0817 ")
    assert (point.latitude, point.longitude) == (4.6097, -74.0817)
    assert parse_coordinates("") is None


@pytest.mark.parametrize("value", ["91,10", "10,181", "-90.5,0", "nan,1", "inf,2", "abc", "4.6"])
def test_bad_coordinates_refused(value):
    with pytest.raises(ValidationError) as info:
        parse_coordinates(value)
    assert codes(info)[0] in ("coordinates", "coordinates_range")


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("06600", "MX", "06600"),
        ("15074", "PE", "15074"),
        ("110111", "CO", "110111"),
        ("sw1a 1aa", "GB", "SW1A 1AA"),
    ],
)
def test_postal_codes(value, country, expected):
    assert normalize_postal_code(value, country) == expected


@pytest.mark.parametrize(("value", "country"), [("6600", "MX"), ("1507A", "PE"), ("11011", "CO")])
def test_bad_postal_codes(value, country):
    with pytest.raises(ValidationError) as info:
        normalize_postal_code(value, country)
    assert value in info.value.errors[0].message_es


# --- names and text -----------------------------------------------------------------------------


def test_names_trimmed_nfc_and_spaces_collapsed():
    decomposed = "Jose\u0301   Nu\u0301n\u0303ez "
    assert clean_name(decomposed) == "José Núñez"


@pytest.mark.parametrize(
    "value",
    ["evil\x1b[31mred", "nul\x00byte", "c1\x85char", "bidi\u202eoverride", "tab\tinside"],
)
def test_control_and_bidi_characters_refused(value):
    with pytest.raises(ValidationError) as info:
        clean_name(value)
    error = info.value.errors[0]
    assert error.code == "control_character"
    assert "\x1b" not in error.message_es and "\x00" not in error.message_es


def test_blank_and_too_long_names():
    with pytest.raises(ValidationError) as info:
        clean_name("   ")
    assert codes(info) == ["required"]
    with pytest.raises(ValidationError) as info:
        clean_name("x" * 201)
    assert codes(info) == ["too_long"]
    assert clean_text("", "detail") == ""


def test_markup_like_names_are_kept_literally():
    assert clean_name("[bold]X[/]") == "[bold]X[/]"
    assert clean_name("[@click=app.quit]y") == "[@click=app.quit]y"


def test_zero_width_characters_are_refused_naming_them():
    for invisible in ("\u200b", "\u200d", "\ufeff", "\u00ad"):
        with pytest.raises(ValidationError) as caught:
            clean_name(f"Ana{invisible} María")
        assert caught.value.errors[0].params["char"] == f"U+{ord(invisible):04X}"
    assert printable("Ana\u200bMaría") == "Ana\\u200bMaría"


def test_fold_is_accent_case_and_punctuation_insensitive():
    assert fold("Núñez & Cía., S.A.") == fold("NUNEZ cia s a")
    assert compact_key("GODE-561231-GR8") == "gode561231gr8"


def test_fold_fast_path_agrees_with_slugify():
    import random
    import string

    from slugify import slugify

    rnd = random.Random(5)
    alphabet = string.ascii_letters + string.digits + " -_.,;:'\"!?()[]/@+#*%$\t"
    samples = ["O'Brien", "1,000,000", "a,b", "GODE-561231-GR8", "  x  ", "ana.perez@gmail.com"]
    samples += [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 30))) for _ in range(3000)
    ]
    for text in samples:
        expected = slugify(text, separator=" ", lowercase=True, backend="text-unidecode")
        assert fold(text) == expected, text


def test_fold_of_accented_latin_letters_agrees_with_slugify():
    """Accents are dropped without slugify when that leaves ASCII; the result is the same."""
    from slugify import slugify

    latin = [chr(cp) for cp in [*range(0xA0, 0x250), *range(0x1E00, 0x1F00)]]
    samples = ["Logística Pacífico", "Núñez, María José", "ÁÉÍÓÚ ñ ü 1,5", "Ærø Straße"]
    samples += [f"a{ch}b {ch}1" for ch in latin]
    for text in samples:
        expected = slugify(text, separator=" ", lowercase=True, backend="text-unidecode")
        assert fold(text) == expected, text


def test_email_fast_path_gives_email_validators_answer():
    """Plain addresses skip part of email-validator; valid or not, the answer is its own."""
    import random
    import string

    from email_validator import EmailNotValidError, validate_email

    from tui_clients.domain.contact import _validated_email

    rnd = random.Random(1)
    chars = string.ascii_letters + string.digits + ".-_+@!#$%&'*/=?^`{|}~\"() ,;:[]\\ñé"
    domains = [
        "gmail.com",
        "EMPRESA.COM.MX",
        "a..b",
        "-a.com",
        "a-.com",
        "localhost",
        "com",
        "xn--bcher-kva.ch",
        "münchen.de",
        "[1.2.3.4]",
        "ex ample.com",
        "empresa.pe.",
        "a.test",
        "x.invalid",
    ]
    samples = ["a" * 64 + "@x.com", "a" * 65 + "@x.com", ".a@x.com", "a..b@x.com", '"a b"@x.co']
    samples += [
        "".join(rnd.choice(chars) for _ in range(rnd.randrange(0, 12))) + "@" + rnd.choice(domains)
        for _ in range(5000)
    ]

    def answer(check, text):
        try:
            return check(text)
        except EmailNotValidError:
            return "invalid"

    for text in samples:
        expected = answer(lambda t: validate_email(t, check_deliverability=False).normalized, text)
        assert answer(_validated_email, text) == expected, text
