"""Identity and tax document numbers of Mexico, Peru and Colombia (python-stdnum).

Every number is stored compact and upper-case.  Policies where the official
rule leaves room:

* RFC: persona física 13 characters, persona moral 12.  Letters, date and
  length are enforced (a date that is no date is named as such).  The
  homoclave's check digit is NOT a reason to refuse: about 1.5% of RFCs in
  real use fail it (why python-stdnum leaves that check off by default), so a
  failed check digit (or homoclave alphabet) is a warning, see
  ``document_warnings``.  The 10-character RFC without homoclave is refused.
  The SAT generic RFCs XAXX010101000 (público en general) and XEXX010101000
  (extranjero) are accepted as they are and are shared by many clients
  (``is_shared_document``).
* NIT: the check digit (DV) is required.  It is the part after a hyphen (any
  dash: ``900.323.466—1``, ``800226098 - 4``), or a single digit after a
  dot, comma or space that ends a group of three digits (``79.896.529.6``);
  thousands may be separated by dots, commas or spaces (``900,206,480-2``).
  Written without any separator, digits whose last one is the DV of the rest
  are read as NIT + DV only where no other reading exists (``_dv_without_doubt``:
  10 digits, 11, or 9 not beginning with 8/9 such as ``375478370`` =
  ``37547837-0``, a cédula + DV; python-stdnum lists such numbers as found in
  use).  Other bare digits are refused, never reinterpreted: when their last
  digit already is the check digit of the rest (``900123455``), the message
  says so and names that reading first (``90012345-5``: the SAME digits), then
  the other one (the whole number without DV), for the operator to choose; it
  never only suggests appending a digit, which would be a different NIT.
* DNI (Peru): 8 digits, optionally followed by its check character (digit or
  letter, ``05337812-4`` as printed on the card), which must then verify.  Stored as
  the 8 digits alone: with or without its check character it is one person (m0015
  rewrote the numbers stored before with it).  Guessing a type from a
  number alone, 8 digits + hyphen + 1 character is a DNI when the country is
  Peru, or when it fails the NIT check digit but passes the DNI one.
* Cédulas of Colombia have no check digit: 3 to 10 digits (CC), 3 to 7 (CE
  letters allowed); passports and carné de extranjería: 5 to 12 letters/digits.
* REF: a unique code for a client with no known document (letters, digits,
  '-', '.', '_').
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum.co import nit
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError
from stdnum.mx import curp, rfc
from stdnum.pe import cui, ruc

from tui_clients.domain.errors import FieldError, shown
from tui_clients.domain.errors import ValidationError as FieldValidationError
from tui_clients.domain.i18n import N_
from tui_clients.domain.persons import FISICA, MORAL, person_kind_word

GENERIC_RFC = {"XAXX010101000", "XEXX010101000"}
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
_SEPARATORS = re.compile(r"[\s.,\-/]")
# Any dash people (or word processors) type before a check digit, with the spaces around it.
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
# A NIT whose DV follows a dot, comma or space ending a group of three digits: 79.896.529.6
_NIT_DV_AFTER_GROUP = re.compile(r"(.*\d{3})[.,\s]+(\d)")
_HOMOCLAVE = re.compile(r"[1-9A-V][1-9A-Z][0-9A]")


class DocumentError(Exception):
    """A document-specific refusal carrying its own message template."""

    def __init__(self, code: str, template: str, **params: object):
        self.code, self.template, self.params = code, template, params
        super().__init__(code)


@dataclass(frozen=True)
class DocumentRule:
    country: str | None
    code: str
    check: Callable[[str, str | None], str]


def _digits(number: str, low: int, high: int) -> str:
    compact = _SEPARATORS.sub("", number).upper()
    if not compact.isdigit():
        raise DocumentError("format", N_("“{value}” must contain only digits."))
    if not low <= len(compact) <= high:
        raise DocumentError(
            "length", N_("“{value}” must have between {low} and {high} digits."), low=low, high=high
        )
    return compact


def _alnum(number: str, low: int, high: int) -> str:
    compact = _SEPARATORS.sub("", number).upper()
    if not compact.isalnum() or not compact.isascii():
        raise DocumentError("format", N_("“{value}” must contain only letters and digits."))
    if not low <= len(compact) <= high:
        raise DocumentError(
            "length",
            N_("“{value}” must have between {low} and {high} characters."),
            low=low,
            high=high,
        )
    return compact


def _rfc_date(compact: str) -> None:
    """Refuse, naming it, a date part (YYMMDD after the 3 or 4 letters) that is no date."""
    if len(compact) not in (10, 12, 13):
        return  # the length error says more
    letters = 3 if len(compact) == 12 else 4
    m = re.match(rf"[A-Z&Ñ]{{{letters}}}(\d{{6}})", compact)
    if m is None:
        return  # the format error says more
    digits = m.group(1)
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    for century in (1900, 2000):
        try:
            datetime.date(century + year, month, day)
            return
        except ValueError:
            continue
    raise DocumentError(
        "rfc_date",
        N_("RFC “{value}”: {date} is not a date (its six digits are year, month, day)."),
        date=f"{digits[:2]}/{digits[2:4]}/{digits[4:]}",
    )


def _rfc(number: str, kind: str | None) -> str:
    compact = rfc.compact(number)
    if compact in GENERIC_RFC:
        return compact
    _rfc_date(compact)
    if len(compact) == 10:
        rfc.validate(compact)  # letters and words first: they are the real problem if wrong
        raise DocumentError(
            "rfc_no_homoclave", N_("RFC “{value}” lacks its homoclave (3 characters).")
        )
    expected = {FISICA: 13, MORAL: 12}.get(kind or "")
    if expected and len(compact) != expected:
        raise DocumentError(
            "rfc_kind",
            N_("RFC “{value}” has {length} characters; the RFC of a {kind} has {expected}."),
            length=len(compact),
            kind=person_kind_word(kind or "", "MX"),  # an RFC is Mexican
            expected=expected,
        )
    return rfc.validate(compact)  # the check digit is a warning: see document_warnings


def rfc_check_digit_fails(compact: str) -> bool:
    """Whether a valid RFC's homoclave fails the SAT's check (alphabet or check digit)."""
    if compact in GENERIC_RFC or len(compact) < 12:
        return False
    if not _HOMOCLAVE.fullmatch(compact[-3:]):
        return True
    return rfc.calc_check_digit(compact[:-1]) != compact[-1]


def _ruc(number: str, kind: str | None) -> str:
    compact = ruc.validate(number)
    if kind == MORAL and not compact.startswith("20"):
        raise DocumentError("ruc_kind", N_("RUC “{value}” of a company must begin with 20."))
    if kind == FISICA and compact[:2] not in ("10", "15", "17"):
        raise DocumentError(
            "ruc_kind", N_("RUC “{value}” of a person must begin with 10, 15 or 17.")
        )
    return compact


def _dv_without_doubt(compact: str) -> bool:
    """Whether bare NIT digits whose last digit verifies can only be base + DV: 10 digits
    (9 + DV, the common form), 11 (a 10-digit cédula + DV: no NIT base has 10 digits
    otherwise), or 9 not beginning with 8 or 9 (an 8-digit cédula + DV: companies' NITs
    are 800… to 999…, and no cédula has 9 digits).  Shorter ones, or 9 digits beginning
    with 8 or 9, may as well be a whole NIT typed without its DV."""
    return len(compact) in (10, 11) or (len(compact) == 9 and compact[0] not in "89")


def _nit(number: str, kind: str | None) -> str:
    text = _DASHES.sub("-", number.strip())
    split = _NIT_DV_AFTER_GROUP.fullmatch(text) if "-" not in text else None
    if "-" in text or split is not None:
        base, dv = split.groups() if split is not None else text.rpartition("-")[::2]
        base = _digits(base, 5, 15)
        dv = _SEPARATORS.sub("", dv)
        if len(dv) != 1 or not dv.isdigit():
            raise DocumentError(
                "nit_dv", N_("NIT “{value}”: the check digit after '-' is one digit.")
            )
        if nit.calc_check_digit(base) != dv:
            raise DocumentError(
                "checksum",
                N_("NIT “{value}”: check digit {dv} is wrong; it should be {expected}."),
                dv=dv,
                expected=nit.calc_check_digit(base),
            )
        return base + dv
    compact = _digits(text, 6, 16)
    if nit.calc_check_digit(compact[:-1]) == compact[-1] and _dv_without_doubt(compact):
        return compact
    if nit.calc_check_digit(compact[:-1]) == compact[-1]:
        # Its last digit may be its DV: name that reading (the same digits) first, never
        # only a different NIT (see the module notes).
        raise DocumentError(
            "nit_dv_unmarked",
            N_(
                "NIT “{value}”: if its last digit is the check digit, the NIT is "
                "{base}-{dv}: write it so. If “{value}” is the whole NIT without check "
                "digit, write {value}-{expected}."
            ),
            base=compact[:-1],
            dv=compact[-1],
            expected=nit.calc_check_digit(compact),
        )
    raise DocumentError(
        "nit_dv_missing",
        N_(
            "NIT “{value}” has no valid check digit. Write it after a hyphen: "
            "if “{value}” is the whole NIT, that is {value}-{expected}."
        ),
        expected=nit.calc_check_digit(compact),
    )


def _dni(number: str, kind: str | None) -> str:
    """The 8 digits: the check character, when written, must verify and is not kept
    (10117410-2, 101174102 and 10117410 are one person; so are 108125433 and 10812543H,
    its two check characters)."""
    return cui.validate(number)[:8]


def _code(number: str, kind: str | None) -> str:
    compact = number.strip().upper()
    if not _CODE.match(compact):
        raise DocumentError(
            "code_format",
            N_("“{value}” is not a clean code: use letters, digits, '-', '.' or '_', no spaces."),
        )
    return compact


RULES: dict[tuple[str | None, str], DocumentRule] = {
    (r.country, r.code): r
    for r in (
        DocumentRule("MX", "RFC", _rfc),
        DocumentRule("MX", "CURP", lambda n, k: curp.validate(n)),
        DocumentRule("MX", "PAS", lambda n, k: _alnum(n, 5, 12)),
        DocumentRule("PE", "DNI", _dni),
        DocumentRule("PE", "RUC", _ruc),
        DocumentRule("PE", "CE", lambda n, k: _alnum(n, 5, 12)),
        DocumentRule("PE", "PAS", lambda n, k: _alnum(n, 5, 12)),
        DocumentRule("CO", "NIT", _nit),
        DocumentRule("CO", "CC", lambda n, k: _digits(n, 3, 10)),
        DocumentRule("CO", "CE", lambda n, k: _alnum(n, 3, 7)),
        DocumentRule("CO", "PAS", lambda n, k: _alnum(n, 5, 12)),
        DocumentRule(None, "REF", _code),
    )
}

_STDNUM_MESSAGES = {
    InvalidChecksum: ("checksum", N_("“{value}”: the check digit is wrong.")),
    InvalidLength: ("length", N_("“{value}” has the wrong length for a {doc}.")),
    InvalidComponent: ("component", N_("“{value}” has a part that is not valid for a {doc}.")),
}


def validate_document(
    country: str | None,
    doc_type: str,
    number: str | None,
    kind: str | None = None,
    field: str = "document_number",
) -> str:
    """The compact, upper-case form of a valid number, or a FieldValidationError."""
    value = (number or "").strip()
    if not value:
        raise FieldValidationError(FieldError(field, "required", N_("This field is required.")))
    rule = RULES.get((country, doc_type)) or RULES.get((None, doc_type))
    if rule is None:
        raise FieldValidationError(
            FieldError(
                "document_type",
                "unknown_type",
                N_("Unknown document type “{value}” for country {country}."),
                shown(doc_type),
                {"country": country or "-"},
            )
        )
    try:
        return rule.check(value, kind)
    except DocumentError as exc:
        err = FieldError(field, exc.code, exc.template, shown(value), dict(exc.params))
    except ValidationError as exc:
        code, template = _STDNUM_MESSAGES.get(
            type(exc), ("format", N_("“{value}” is not a valid {doc}."))
        )
        err = FieldError(field, code, template, shown(value), {"doc": doc_type})
    raise FieldValidationError(err)


def is_shared_document(doc_type: str, number: str) -> bool:
    """A document many clients share, never a duplicate: the SAT's generic RFCs."""
    return doc_type == "RFC" and number in GENERIC_RFC


def document_warnings(
    country: str | None, doc_type: str, number: str, field: str = "document_number"
) -> list[FieldError]:
    """What to tell about a valid number (as typed or compact) kept although doubtful."""
    compact = rfc.compact(number) if doc_type == "RFC" else number
    if doc_type == "RFC" and country in ("MX", None) and rfc_check_digit_fails(compact):
        return [
            FieldError(
                field,
                "rfc_check_digit",
                N_(
                    "RFC “{value}”: its check digit does not verify. Kept, as some RFCs "
                    "the SAT issued are like this; confirm it with the SAT if in doubt."
                ),
                shown(compact),
            )
        ]
    return []


def guess_document_type(number: str, country: str | None = None) -> tuple[str, str] | None:
    """(country, type) when a number's shape names its type without doubt.

    ``country``, when the row or form names one, settles 8 digits + hyphen + 1 character:
    a Peruvian DNI with its check character in Peru, a NIT in Colombia; with no country it
    is a DNI only when it fails the NIT check digit and passes the DNI one."""
    compact = re.sub(r"[\s.,]", "", _DASHES.sub("-", number or "")).upper()
    bare = compact.replace("-", "")  # RFC and CURP are often written with hyphens
    if re.fullmatch(r"[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}", bare):
        return ("MX", "RFC")
    if re.fullmatch(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d", bare):
        return ("MX", "CURP")
    if (
        re.fullmatch(r"\d{8}-[0-9A-Z]", compact)
        and country != "CO"
        and (country == "PE" or not nit.is_valid(compact))
        and cui.is_valid(compact)
    ):
        return ("PE", "DNI")
    if re.fullmatch(r"\d{5,15}-\d", compact):
        return ("CO", "NIT")
    if re.fullmatch(r"(10|15|17|20)\d{9}", compact):
        return ("PE", "RUC")
    return None


def display_document(doc_type: str, number: str) -> str:
    """A stored (compact) number as people write it, in a form that names its type again:
    a NIT with its check digit after a hyphen ("900123456-8"); others as stored."""
    if doc_type == "NIT" and number.isdigit() and len(number) >= 6:
        return f"{number[:-1]}-{number[-1]}"
    return number


def document_label(doc_type: str, number: str) -> str:
    """A document as screens show it: its type, then the number as people write it."""
    return f"{doc_type} {display_document(doc_type, number)}"
