"""Numbers found in real use (python-stdnum's own test lists, see tests/data/documents/):
none is refused, a failed RFC check digit comes back as a warning, and the numbers those
files give as invalid stay refused."""

from pathlib import Path

import pytest
from stdnum.mx import rfc

from tui_clients.domain.documents import document_warnings, validate_document
from tui_clients.domain.errors import ValidationError

DATA = Path(__file__).parent.parent / "data" / "documents"

# file -> (country, document type)
VALID = {
    "mx_rfc_valid.txt": ("MX", "RFC"),
    "mx_rfc_check_digit_fails.txt": ("MX", "RFC"),
    "co_nit_valid.txt": ("CO", "NIT"),
    "pe_ruc_valid.txt": ("PE", "RUC"),
    "pe_cui_valid.txt": ("PE", "DNI"),
}
INVALID = {
    "mx_rfc_invalid.txt": ("MX", "RFC"),
    "co_nit_invalid.txt": ("CO", "NIT"),
    "pe_ruc_invalid.txt": ("PE", "RUC"),
    "pe_cui_invalid.txt": ("PE", "DNI"),
}


def numbers(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def refused(country: str, doc: str, listed: list[str]) -> dict[str, str]:
    found = {}
    for number in listed:
        try:
            validate_document(country, doc, number)
        except ValidationError as exc:
            found[number] = exc.errors[0].message_en
    return found


@pytest.mark.parametrize("name", sorted(VALID))
def test_numbers_found_in_use_are_accepted(name):
    listed = numbers(name)
    assert len(listed) > 30  # the list was extracted, not an empty file
    assert refused(*VALID[name], listed) == {}


def test_rfcs_failing_their_check_digit_are_kept_with_a_warning():
    warned = 0
    for number in numbers("mx_rfc_check_digit_fails.txt"):
        compact = validate_document("MX", "RFC", number)
        warnings = document_warnings("MX", "RFC", compact)
        # exactly those the strict check (alphabet and check digit) refuses are warned about
        assert bool(warnings) == (not rfc.is_valid(compact, validate_check_digits=True)), number
        assert all(w.code == "rfc_check_digit" and compact in w.message_en for w in warnings)
        warned += bool(warnings)
    assert warned >= 90


def test_rfcs_with_a_valid_check_digit_have_no_warning():
    for number in numbers("mx_rfc_valid.txt"):
        assert document_warnings("MX", "RFC", validate_document("MX", "RFC", number)) == []


@pytest.mark.parametrize("name", sorted(INVALID))
def test_numbers_listed_as_invalid_stay_refused(name):
    listed = numbers(name)
    assert listed
    assert sorted(refused(*INVALID[name], listed)) == sorted(listed)
