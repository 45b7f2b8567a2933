"""Identity and tax document numbers of Mexico, Peru and Colombia (python-stdnum).

Every number is stored compact and upper-case.  Policies where the official
rule leaves room:

* RFC: persona física 13 characters, persona moral 12; the homoclave check
  digit is verified.  The 10-character RFC without homoclave is refused.  The
  SAT generic RFCs XAXX010101000 (público en general) and XEXX010101000
  (extranjero) are accepted as they are.
* NIT: the check digit (DV) is required.  Written ``900123456-7`` the DV is
  the part after the hyphen; written without a separator only the common
  10-digit form (9 digits + DV) is accepted.  A NIT typed without its DV is
  refused with the DV it would have, never reinterpreted.
* DNI (Peru): 8 digits, optionally followed by its check character.
* Cédulas of Colombia have no check digit: 3 to 10 digits (CC), 3 to 7 (CE
  letters allowed); passports and carné de extranjería: 5 to 12 letters/digits.
* REF: a unique code for a client with no known document (letters, digits,
  '-', '.', '_').
"""

from __future__ import annotations

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

FISICA = "fisica"
MORAL = "moral"
GENERIC_RFC = {"XAXX010101000", "XEXX010101000"}
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
_SEPARATORS = re.compile(r"[\s.\-/]")


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


def _rfc(number: str, kind: str | None) -> str:
    compact = rfc.compact(number)
    if compact in GENERIC_RFC:
        return compact
    if len(compact) == 10:
        raise DocumentError(
            "rfc_no_homoclave", N_("RFC “{value}” lacks its homoclave (3 characters).")
        )
    expected = {FISICA: 13, MORAL: 12}.get(kind or "")
    if expected and len(compact) != expected:
        raise DocumentError(
            "rfc_kind",
            N_("RFC “{value}” has {length} characters; a {kind} RFC has {expected}."),
            length=len(compact),
            kind=kind,
            expected=expected,
        )
    return rfc.validate(compact, validate_check_digits=True)


def _ruc(number: str, kind: str | None) -> str:
    compact = ruc.validate(number)
    if kind == MORAL and not compact.startswith("20"):
        raise DocumentError("ruc_kind", N_("RUC “{value}” of a company must begin with 20."))
    if kind == FISICA and compact[:2] not in ("10", "15", "17"):
        raise DocumentError(
            "ruc_kind", N_("RUC “{value}” of a person must begin with 10, 15 or 17.")
        )
    return compact


def _nit(number: str, kind: str | None) -> str:
    text = number.strip()
    if "-" in text:
        base, _, dv = text.rpartition("-")
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
    if len(compact) == 10 and nit.calc_check_digit(compact[:-1]) == compact[-1]:
        return compact
    raise DocumentError(
        "nit_dv_missing",
        N_(
            "NIT “{value}” has no valid check digit. Write it after a hyphen: "
            "if “{value}” is the whole NIT, that is {value}-{expected}."
        ),
        expected=nit.calc_check_digit(compact),
    )


def _dni(number: str, kind: str | None) -> str:
    return cui.validate(number)


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


def guess_document_type(number: str) -> tuple[str, str] | None:
    """(country, type) when a number's shape names its type without doubt."""
    compact = re.sub(r"[\s.]", "", number or "").upper()
    bare = compact.replace("-", "")  # RFC and CURP are often written with hyphens
    if re.fullmatch(r"[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}", bare):
        return ("MX", "RFC")
    if re.fullmatch(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d", bare):
        return ("MX", "CURP")
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
