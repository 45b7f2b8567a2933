"""Property: any list of valid clients, written as a template CSV, imports whole into an
empty registry; its export imports whole into another empty registry; and the two exports
are the same bytes.

Clients are Mexican personas morales and físicas (RFC with its homoclave check digit),
Peruvian companies and persons (RUC 20/10) and Colombian companies (NIT with its check
digit), named with accents, ñ, apostrophes, commas, quotes, semicolons, emoji, letters of
any script and leading formula triggers; with or without an e-mail, a phone valid for
their country, an address (ending with the country's name, as the template asks), its
detail and coordinates, and State 0/1/empty.  Each example gets two fresh SQLite files.
"""

import csv
import io
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.co import nit
from stdnum.mx import rfc
from stdnum.pe import ruc

from tui_clients.domain.csv.read import unneutralise
from tui_clients.domain.text import compact_key
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.clients.queries import get_client
from tui_clients.services.imports.exporter import HEADER, export_csv
from tui_clients.services.imports.importer import run_import

TEMPLATE = [
    "Name",
    "Email",
    "Telephone",
    "CompanyId",
    "Latitude-Longitude",
    "Address",
    "AddressDetail",
    "State",
    "UniqueReference",
]


@dataclass(frozen=True)
class Client:
    country: str
    fisica: bool
    document: str  # as written in the file
    canonical: str  # as the export writes it
    name: str
    email: str
    phone: str
    address: str
    detail: str
    coordinates: str
    state: str

    def row(self) -> list[str]:
        values = {
            "Name": self.name,
            "Email": self.email,
            "Telephone": self.phone,
            "CompanyId": "",
            "Latitude-Longitude": self.coordinates,
            "Address": self.address,
            "AddressDetail": self.detail,
            "State": self.state,
            "UniqueReference": self.document,
        }
        return [values[key] for key in TEMPLATE]


# Text: curated hostile characters, plus letters, marks, digits, punctuation and symbols of
# any script.  '#' is left out (a cell like "###" is a spreadsheet error, refused on
# purpose), and so is U+FFFD (the mark of a wrong encoding, refused on purpose).
CURATED = [
    *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    *"áéíóúÁÉÍÓÚüÜñÑçÇàèâêôãõ",
    *"'\",;.&()/-=+@:!?%*_<>[]{}|\\~`^$",
    *["🙂", "🚀", "❤️", "🇲🇽", "🦙", "☕", "👍🏽"],
]
# Variation selectors are marks that only mean something after a base character: alone
# they are invisible and refused (tests/unit/test_invisible_characters.py covers them).
SELECTORS = "".join(
    chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), *range(0x180B, 0x1810)]
)
ANY_SCRIPT = st.characters(
    categories=["L", "M", "N", "P", "S"], exclude_characters="#\ufffd" + SELECTORS
)
PIECE = st.one_of(st.sampled_from(CURATED), ANY_SCRIPT)
WORD = st.lists(PIECE, min_size=1, max_size=8).map("".join)
TRIGGER = st.sampled_from(["", "", "", "=", "+", "-", "@", "'", "'="])


@st.composite
def text(draw, min_words: int = 1, max_words: int = 5) -> str:
    """Words joined by single spaces, sometimes led by a formula trigger."""
    words = draw(st.lists(WORD, min_size=min_words, max_size=max_words))
    return draw(TRIGGER) + " ".join(words)


RFC_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ&Ñ"


@st.composite
def mexican_rfc(draw, fisica: bool) -> tuple[str, str]:
    letters = draw(st.text(RFC_LETTERS, min_size=4 if fisica else 3, max_size=4 if fisica else 3))
    born = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31))).strftime("%y%m%d")
    homoclave = draw(st.sampled_from("123456789ABCDEFGHIJKLMNOPQRSTUV"))
    homoclave += draw(st.sampled_from("123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    base = letters + born + homoclave
    number = base + rfc.calc_check_digit(base)
    assume(rfc.is_valid(number, validate_check_digits=True))  # names SAT refuses
    written = draw(
        st.sampled_from(
            [
                number,
                number.lower(),
                f"{number[:-9]}-{number[-9:-3]}-{number[-3:]}",
            ]
        )
    )
    return written, number


@st.composite
def peruvian_ruc(draw, fisica: bool) -> tuple[str, str]:
    base = ("10" if fisica else "20") + f"{draw(st.integers(0, 99_999_999)):08d}"
    number = base + ruc.calc_check_digit(base)
    return number, number


@st.composite
def colombian_nit(draw) -> tuple[str, str]:
    base = str(draw(st.integers(800_000_000, 999_999_999)))
    dv = nit.calc_check_digit(base)
    written = draw(st.sampled_from([f"{base}-{dv}", f"{base[:3]}.{base[3:6]}.{base[6:]}-{dv}"]))
    return written, f"{base}-{dv}"


PHONES = {
    "MX": ["55 {a:04d} {b:04d}", "+52 55 {a:04d} {b:04d}", "33 {a:04d} {b:04d}"],
    "PE": ["9{c:02d} {d:03d} {e:03d}", "01 {d:03d} {b:04d}", "+51 9{c:02d} {d:03d} {e:03d}"],
    "CO": ["3{f}{g} {d:03d} {b:04d}", "601 {d:03d} {b:04d}", "+57 3{f}{g} {d:03d} {b:04d}"],
}
COUNTRY_NAMES = {"MX": ["México", "Mexico", "MÉXICO"], "PE": ["Perú", "Peru"], "CO": ["Colombia"]}
EMAIL_DOMAINS = ["ejemplo.com", "correo.mx", "empresa.com.pe", "andina.co", "Ejemplo.COM"]


@st.composite
def phone(draw, country: str) -> str:
    pattern = draw(st.sampled_from(PHONES[country]))
    number = pattern.format(
        a=draw(st.integers(1000, 9999)),
        b=draw(st.integers(0, 9999)),
        c=draw(st.integers(0, 99)),
        d=draw(st.integers(200, 999)),
        e=draw(st.integers(0, 999)),
        f=draw(st.integers(0, 2)),
        g=draw(st.integers(0, 9)),
    )
    assume(phonenumbers.is_valid_number(phonenumbers.parse(number, country)))
    return number


EMAIL = st.builds(
    lambda local, domain: f"{local}@{domain}",
    st.one_of(
        st.from_regex(r"[a-z0-9]{1,8}([._+-][a-z0-9]{1,6})?", fullmatch=True),
        st.sampled_from(["josé.pérez", "NUÑEZ", "o'brien"]),
    ),
    st.sampled_from(EMAIL_DOMAINS),
)


# Degrees with up to 6 decimals, tiny ones included (the export must not write 1e-06).
def microdegrees(limit: int):
    return st.integers(-limit * 10**6, limit * 10**6)


COORDINATE = st.builds(
    lambda lat, lng, sep: f"{lat / 1e6:.6f}{sep}{lng / 1e6:.6f}",
    microdegrees(90),
    microdegrees(180),
    st.sampled_from([",", ", "]),
)

KINDS = [("MX", False), ("MX", True), ("PE", False), ("PE", True), ("CO", False)]


@st.composite
def client(draw) -> Client:
    country, fisica = draw(st.sampled_from(KINDS))
    if country == "MX":
        written, canonical = draw(mexican_rfc(fisica))
    elif country == "PE":
        written, canonical = draw(peruvian_ruc(fisica))
    else:
        written, canonical = draw(colombian_nit())
    address = detail = coordinates = ""
    if draw(st.booleans()):
        place = draw(st.sampled_from(COUNTRY_NAMES[country]))
        address = f"{draw(text(1, 4))}, {draw(text(1, 2))}, {place}"
        detail = draw(st.one_of(st.just(""), text(1, 3)))
        coordinates = draw(st.one_of(st.just(""), COORDINATE))
    return Client(
        country=country,
        fisica=fisica,
        document=written,
        canonical=canonical,
        name=draw(text(2 if fisica else 1, 5)),  # a persona física: given names and surnames
        email=draw(st.one_of(st.just(""), EMAIL)),
        phone=draw(st.one_of(st.just(""), phone(country))),
        address=address,
        detail=detail,
        coordinates=coordinates,
        state=draw(st.sampled_from(["", "0", "1"])),
    )


def stored_text(value: str) -> str:
    """A text cell as the registry keeps it: un-neutralised, NFC."""
    return unicodedata.normalize("NFC", unneutralise(value))


@pytest.fixture(scope="module")
def empty_registry(tmp_path_factory):
    """A migrated SQLite file with the catalogs, copied for each registry an example needs
    (the same file `prepare` makes, without paying for it 50 times)."""
    path = tmp_path_factory.mktemp("registry") / "empty.db"
    database, _ = prepare(f"sqlite:///{path}")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


def fresh_registry(template, path):
    shutil.copyfile(template, path)
    return prepare(f"sqlite:///{path}")[0]


def error_lines(report, path) -> str:
    return path.read_text(encoding="utf-8-sig") if report.rejected else ""


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    clients=st.lists(
        client(),
        min_size=1,
        max_size=12,
        # the file's repeat check compares documents folded (see the test below)
        unique_by=lambda c: compact_key(c.canonical),
    ),
    delimiter=st.sampled_from([",", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_valid_clients_survive_import_export_import_export_byte_for_byte(
    tmp_path, empty_registry, clients, delimiter, encoding
):
    work = tmp_path / "example"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    source = work / "clientes.csv"
    with source.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        out.writerow(TEMPLATE)
        out.writerows(c.row() for c in clients)

    first_db = fresh_registry(empty_registry, work / "first.db")
    try:
        report = run_import(source, errors_path=work / "first-errors.csv")
        assert (report.imported, report.rejected) == (len(clients), 0), error_lines(
            report, work / "first-errors.csv"
        )
        assert count(ClientFilter()) == len(clients)
        first = work / "first.csv"
        assert export_csv(first) == len(clients)
    finally:
        first_db.close()

    exported = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8-sig"))))
    assert list(exported[0]) == HEADER
    rows = {r["UniqueReference"]: r for r in exported}
    assert set(rows) == {c.canonical for c in clients}
    for c in clients:
        row = rows[c.canonical]
        assert stored_text(row["Name"]) == stored_text(c.name)
        assert row["State"] == ("0" if c.state == "0" else "1")
        assert row["DocumentType"] == {"MX": "RFC", "PE": "RUC", "CO": "NIT"}[c.country]
        assert row["Email"].lower() == c.email.lower()
        if c.phone:  # valid in the client's country, so stored in E.164
            e164 = phonenumbers.format_number(
                phonenumbers.parse(c.phone, c.country), phonenumbers.PhoneNumberFormat.E164
            )
            assert unneutralise(row["Telephone"]) == e164
        else:
            assert row["Telephone"] == ""
        assert stored_text(row["Address"]) == stored_text(c.address)
        assert stored_text(row["AddressDetail"]) == stored_text(c.detail)
        if c.coordinates:
            got = [float(x) for x in unneutralise(row["Latitude-Longitude"]).split(",")]
            assert got == [float(x) for x in c.coordinates.split(",")]

    second_db = fresh_registry(empty_registry, work / "second.db")
    try:
        again = run_import(first, errors_path=work / "second-errors.csv")
        assert (again.imported, again.rejected) == (len(clients), 0), error_lines(
            again, work / "second-errors.csv"
        )
        assert count(ClientFilter()) == len(clients)
        second = work / "second.csv"
        assert export_csv(second) == len(clients)
    finally:
        second_db.close()
    assert second.read_bytes() == first.read_bytes()
    shutil.rmtree(work)


def test_two_rfcs_that_differ_only_by_n_tilde_are_two_clients(sqlite_db, tmp_path):
    assert rfc.is_valid("AÑB550101113", validate_check_digits=True)
    assert rfc.is_valid("ANB550101113", validate_check_digits=True)
    source = tmp_path / "enie.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(["Name", "UniqueReference"])
        out.writerows([["Ñandú S.A.", "AÑB550101113"], ["Nandu S.A.", "ANB550101113"]])
    report = run_import(source, errors_path=tmp_path / "errors.csv")
    assert (report.imported, report.rejected) == (2, 0), error_lines(
        report, tmp_path / "errors.csv"
    )


def import_coordinates(tmp_path, name: str, coordinates: str):
    """Import one client with ``coordinates``; its stored (latitude, longitude) or None."""
    source = tmp_path / f"{name}.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(["Name", "Latitude-Longitude", "Address", "UniqueReference"])
        out.writerow(["Andina S.A.", coordinates, "Calle 1, Lima, Perú", "20131312955"])
    report = run_import(source, errors_path=tmp_path / f"{name}-errors.csv")
    if report.imported != 1:
        return None
    address = get_client(page(ClientFilter())[0].id).addresses[0]
    return address.latitude, address.longitude


@pytest.mark.parametrize("coordinates", ["0.000001,-75.5", "-12.05,-0.00001"])
def test_coordinates_near_zero_survive_export_and_import(sqlite_db, tmp_path, coordinates):
    point = tuple(float(x) for x in coordinates.split(","))
    assert import_coordinates(tmp_path, "first", coordinates) == point
    exported = tmp_path / "export.csv"
    export_csv(exported)
    again = prepare(f"sqlite:///{tmp_path / 'empty.db'}")[0]
    try:
        report = run_import(exported, errors_path=tmp_path / "again-errors.csv")
        assert (report.imported, report.rejected) == (1, 0), error_lines(
            report, tmp_path / "again-errors.csv"
        )
        address = get_client(page(ClientFilter())[0].id).addresses[0]
        assert (address.latitude, address.longitude) == point
    finally:
        again.close()


def test_a_latitude_in_scientific_notation_is_read_or_refused_never_misread(sqlite_db, tmp_path):
    assert import_coordinates(tmp_path, "sci", "1e-05,-75.5") in (None, (0.00001, -75.5))
