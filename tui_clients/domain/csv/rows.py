"""One row of the client template read as a client: the rules a spreadsheet needs.

A row says less than the wizard asks, so a few decisions are made here, and
only here:

- **The document** is the row's UniqueReference.  Its type is the
  DocumentType column when given, else the one its shape names without doubt
  (an RFC, a CURP, a NIT with its check digit after a hyphen, an 11-digit RUC,
  a DNI with its check character in Peru).  Else the row's country decides what
  bare digits are (its Country column, else the last part of its Address, else
  its phone's country code, else its CompanyId's country): in Colombia 6 to 10
  digits are a cédula (CC, a persona natural: seed 000's template says
  UniqueReference is "Cédula o NIT", and a NIT carries its check digit), except
  10 digits from 8 or 9 whose last one is the check digit of the rest (a
  company's NIT, 800… to 999…, written without its hyphen: no cédula looks so);
  in Peru 8 digits are a DNI.  Otherwise it must be a clean code (type REF).  A
  person is never made a company for want of a type.
- **Persona física or moral** follows the CompanyType column when given, else
  the document: RFC of 13 characters, CURP, DNI, CC, CE, passport, RUC 10/15/17
  are físicas; RFC of 12, RUC 20, NIT and clean codes are morales.
- **The name of a persona física** is split into first names and last names:
  two words 1+1, three words 1+2, four or more 2+rest (Latin American order:
  given names, then the two surnames).  One word is refused.  Names given apart
  (FirstName, LastName: another system's export) are taken as given, and make the
  row a persona física when its document does not say otherwise.
- **CompanyName** is the company a contact works for, by its name: the registered
  company of that name, else a new one with no document.  A row with only a
  CompanyName (no Name, no names) is that company itself.
- **CompanyId** is a registered company's code (EM-0000001) or a tax ID (RFC,
  NIT with its check digit, RUC).  Anything else refuses the row.
- **State** is 1 (active) or 0 (inactive); empty means active.
- **A postal code one digit short** of its country's length, all digits, is one a
  spreadsheet kept as a number (06600 became 6600): its leading zero is put back.
- **Line breaks** in Name, Address, AddressDetail and TradeName (Excel's Alt+Enter)
  become ", "; anywhere else they are refused like any control character.

Errors name the template column (``column_for``), so the error file and the
summary can say "Telephone: …".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stdnum.co import nit
from stdnum.pe import cui

from tui_clients.domain.documents import (
    FISICA,
    MORAL,
    guess_document_type,
    is_shared_document,
    validate_document,
)
from tui_clients.domain.entities import AddressInput, ClientInput, FiscalInput
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import fold

# Template columns (Client_Template.csv, in this order), then the optional extras.
TEMPLATE = (
    "Name",
    "Email",
    "Telephone",
    "CompanyId",
    "Latitude-Longitude",
    "Address",
    "AddressDetail",
    "State",
    "UniqueReference",
)
# extras read from other systems' files that the export never writes (a person's names
# apart, a company by its name): its Name and CompanyId say them already
OTHER_SYSTEMS = ("FirstName", "LastName", "CompanyName")
EXTRAS = (
    "DocumentType",
    "TradeName",
    "InternalCode",
    "CompanyType",
    "Category",
    "Country",
    "Region",
    "Province",
    "District",
    "PostalCode",
    "RegimenFiscal",
    "UsoCFDI",
    "ExtraEmails",
    "Mobile",
    "Services",
    *OTHER_SYSTEMS,
)
COMPANY_CODE = re.compile(r"EM-\d{7}")

FISICA_TYPES = {("MX", "CURP"), ("PE", "DNI"), ("CO", "CC"), ("PE", "CE"), ("CO", "CE")}
FIELD_COLUMNS = (  # client field (as validation errors name it) -> template column
    ("document_number", "UniqueReference"),
    ("document_type", "DocumentType"),
    ("document_country", "Country"),
    ("legal_name", "Name"),
    ("first_name", "Name"),
    ("last_name", "Name"),
    ("person_kind", "CompanyType"),
    ("trade_name", "TradeName"),
    ("internal_code", "InternalCode"),
    ("company_type", "CompanyType"),
    ("category", "Category"),
    ("company_id", "CompanyId"),
    ("emails[0]", "Email"),
    ("emails", "ExtraEmails"),
    ("phones[0]", "Telephone"),
    ("phones", "Mobile"),
    ("addresses[0].coordinates", "Latitude-Longitude"),
    ("addresses[0].line", "Address"),
    ("addresses[0].detail", "AddressDetail"),
    ("addresses[0].country", "Country"),
    ("addresses[0].region", "Region"),
    ("addresses[0].province", "Province"),
    ("addresses[0].district", "District"),
    ("addresses[0].postal_code", "PostalCode"),
    ("addresses", "Address"),
    ("fiscal.regimen", "RegimenFiscal"),
    ("fiscal.uso_cfdi", "UsoCFDI"),
    ("fiscal.postal_code", "PostalCode"),
    ("fiscal", "RegimenFiscal"),
    ("active", "State"),
    ("services", "Services"),
)


@dataclass(frozen=True)
class CompanyRef:
    """How a row names its company: by registry code, or by tax ID (created if new)."""

    code: str = ""
    country: str = ""
    document_type: str = ""
    document_number: str = ""
    name: str = ""  # a company named only by its name (a contact list's): found or created


@dataclass
class ImportRow:
    data: ClientInput
    company: CompanyRef | None
    key: str  # the UniqueReference as compared for repeats in a file
    email_columns: tuple[str, ...] = ()  # the column each of data.emails came from
    phone_columns: tuple[str, ...] = ()
    country: str = ""  # the country the row points to (phones without a code are read in it)

    def in_columns(self, errors: list[FieldError]) -> list[FieldError]:
        """Client-rule errors renamed to the template columns their values came from (one
        cell feeding two fields, e.g. PostalCode, is named once per problem)."""
        renamed: list[FieldError] = []
        for e in errors:
            column = column_for(e.field)
            for prefix, columns in (
                ("emails[", self.email_columns),
                ("phones[", self.phone_columns),
            ):
                if e.field.startswith(prefix):
                    i = int(e.field[len(prefix) :].split("]", 1)[0])
                    column = columns[i] if i < len(columns) else column
            error = FieldError(column, e.code, e.template, e.value, e.params)
            if error not in renamed:
                renamed.append(error)
        return renamed


def column_for(field: str) -> str:
    """The template column a client field comes from ("phones[1]" -> "Mobile"; a custom
    field's, "custom.giro", is its key "giro")."""
    if field.startswith("custom."):
        return field[len("custom.") :]
    for name, column in FIELD_COLUMNS:
        if field == name or field.startswith(name + ".") or field.startswith(name + "["):
            return column
    return field


def reference_key(value: str, doc_type: str = "", name: str = "") -> str:
    """A UniqueReference as compared for repeats: trimmed, NFC, case-folded; a tax or
    identity document also without its separators (CAZ-550101-AA1 is CAZ550101AA1).
    Accents count: AÑB550101113 and ANB550101113 are two RFCs.  A DNI is its 8 digits
    (its check character written or not, one person).  The SAT's generic RFCs are many
    clients': with the row's Name they are one client (as ``check_unique`` says)."""

    text = unicodedata.normalize("NFC", (value or "").strip()).casefold()
    if doc_type == "REF":
        return text
    key = _SEPARATORS.sub("", text)
    if doc_type == "DNI":
        return key[:8]
    if is_shared_document(doc_type, key.upper()):
        return f"{key}|{fold(' '.join(name.split()))[:200]}"
    return key


_SEPARATORS = re.compile(r"[\s.\-/]")


def key_of(values: dict[str, str], default_country: str) -> str:
    """The repeat key of a row (as ``row_input`` gives it), "" when it has none."""
    try:
        country = country_column(values.get("Country", ""))
        _country, doc_type, number = _document(values, default_country, country)
    except ValidationError:
        return ""
    return reference_key(number, doc_type, values.get("Name", ""))


COUNTRY_NAMES = {"mexico": "MX", "mx": "MX", "peru": "PE", "pe": "PE", "colombia": "CO", "co": "CO"}


def country_in_address(text: str) -> str:
    """The country an address names last ("Cra. 71a #75b-24, Bogotá, Colombia" -> "CO"),
    as the template asks addresses to end ("…, United States": "US"); "" when it names
    none."""
    from tui_clients.domain.countries import country_code

    last = (text or "").rsplit(",", 1)[-1].strip() if "," in (text or "") else ""
    known = COUNTRY_NAMES.get(fold(last).strip(), "")
    # another country by its name; never by a two-letter code ("Pleasant Hill, CA")
    return known or (country_code(last) or "" if len(last) > 3 else "")


MULTILINE = {"Name", "Address", "AddressDetail", "TradeName"}


def _one_line(text: str) -> str:
    parts = [p.strip() for p in re.split(r"[\r\n]+", text or "")]
    return ", ".join(p for p in parts if p)


def _error(column: str, code: str, template: str, value: str = "", **params) -> FieldError:
    return FieldError(column, code, template, shown(value), params)


def country_column(value: str) -> str:
    """The Country cell as a two-letter code ("México", "mx", "MEX" are "MX"; names in
    Spanish and English and ISO codes: :func:`.countries.country_code`); "" when empty."""
    text = (value or "").strip()
    if not text:
        return ""
    from tui_clients.domain.countries import country_code

    code = COUNTRY_NAMES.get(fold(text)) or country_code(text)
    if code:
        return code
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    raise ValidationError(
        _error(
            "Country",
            "country",
            N_("“{value}” is not a country: write its two-letter code (MX, PE, CO…)."),
            text,
        )
    )


def _document(values: dict[str, str], default_country: str, country: str) -> tuple[str, str, str]:
    """(country, type, number) of the row's own document, its type decided as documented."""
    number = values.get("UniqueReference", "").strip()
    if not number:
        raise ValidationError(_error("UniqueReference", "required", N_("This field is required.")))
    doc_type = values.get("DocumentType", "").strip().upper()
    if doc_type:
        if doc_type == "REF":
            return "", "REF", number
        return country or default_country, doc_type, number
    guessed = guess_document_type(number, country or None)
    if guessed is not None and (not country or country == guessed[0]):
        return guessed[0], guessed[1], number
    bare = _PERSON_SEPARATORS.sub("", number)
    place = country or place_country(values)
    if place == "CO" and re.fullmatch(r"[89]\d{9}", bare) and nit.is_valid(bare):
        return "CO", "NIT", number  # 9 digits from 800… and their check digit: a company
    if place == "CO" and re.fullmatch(r"\d{6,10}", bare):
        return "CO", "CC", number
    if place == "PE" and (re.fullmatch(r"\d{8}", bare) or (len(bare) == 9 and cui.is_valid(bare))):
        return "PE", "DNI", number  # with its check character or not (10812543H)
    if re.fullmatch(r"\d{6,11}", _DIGIT_SEPARATORS.sub("", number)):
        raise ValidationError(
            _error(
                "UniqueReference",
                "ambiguous_reference",
                N_(
                    "“{value}” is only digits and nothing in the row says whose: a "
                    "Colombian cédula or NIT, a Peruvian DNI or RUC? Add a Country column "
                    "(or end the Address with the country), or a DocumentType (CC, NIT, "
                    "DNI, RUC; REF if it is a code of your own)."
                ),
                number,
            )
        )
    return "", "REF", number


_PERSON_SEPARATORS = re.compile(r"[\s.]")  # 52.345.678 and 52 345 678 are 52345678
_DIGIT_SEPARATORS = re.compile(r"[\s.,\-\u2010-\u2015\u2212]")
PHONE_CODES = {"52": "MX", "51": "PE", "57": "CO"}


def place_country(values: dict[str, str]) -> str:
    """The country a row points to besides its Country column: the last part of its
    Address, else its phone's country code, else its CompanyId's; "" when none."""
    found = country_in_address(values.get("Address", ""))
    if found:
        return found
    for column in ("Telephone", "Mobile"):
        digits = re.sub(r"[\s().\-]", "", values.get(column, ""))
        code = re.match(r"(?:\+|00)(5[127])", digits)
        if code:
            return PHONE_CODES[code.group(1)]
    guessed = guess_document_type(values.get("CompanyId", "").strip())
    return guessed[0] if guessed in (("MX", "RFC"), ("CO", "NIT"), ("PE", "RUC")) else ""


def person_kind_for(country: str, doc_type: str, number: str) -> str:
    if (country, doc_type) in FISICA_TYPES or doc_type == "PAS":
        return FISICA
    compact = re.sub(r"[^0-9A-Za-z&Ññ]", "", number)
    if doc_type == "RFC":
        return FISICA if len(compact) == 13 else MORAL
    if doc_type == "RUC":
        return FISICA if compact[:2] in ("10", "15", "17") else MORAL
    return MORAL


def split_name(name: str) -> tuple[str, str]:
    """First names and last names of a persona física's full name (see the module notes)."""
    words = name.split()
    if len(words) < 2:
        raise ValidationError(
            _error(
                "Name",
                "name_parts",
                N_("“{value}”: a persona física needs first names and last names."),
                name,
            )
        )
    return given_split(words)


def given_split(words: list[str]) -> tuple[str, str]:
    """Latin American order: 2 words 1+1, 3 words 1+2, 4 or more 2+rest."""
    given = 1 if len(words) <= 3 else 2
    return " ".join(words[:given]), " ".join(words[given:])


def company_ref(value: str) -> CompanyRef | None:
    """The company a CompanyId names, or a ValidationError saying why it names none."""
    text = (value or "").strip()
    if not text:
        return None
    if COMPANY_CODE.fullmatch(text.upper()):
        return CompanyRef(code=text.upper())
    guessed = guess_document_type(text)
    if guessed in (("MX", "RFC"), ("CO", "NIT"), ("PE", "RUC")):
        country, doc_type = guessed
        kind = person_kind_for(country, doc_type, text)
        try:
            number = validate_document(country, doc_type, text, kind, field="CompanyId")
        except ValidationError as exc:
            raise ValidationError(
                [_error("CompanyId", e.code, e.template, text, **e.params) for e in exc.errors]
            ) from None
        if is_shared_document(doc_type, number):
            raise ValidationError(
                _error(
                    "CompanyId",
                    "company_ref_generic",
                    N_(
                        "“{value}” is one of the SAT's generic RFCs, shared by many: it names "
                        "no company. Give the company's code (EM-0000001) or its own RFC."
                    ),
                    text,
                )
            )
        return CompanyRef(country=country, document_type=doc_type, document_number=number)
    raise ValidationError(
        _error(
            "CompanyId",
            "company_ref",
            N_(
                "“{value}” is neither a registered company's code (EM-0000001) nor a tax ID "
                "(RFC, NIT with its check digit, RUC)."
            ),
            text,
        )
    )


def _active(value: str) -> bool:
    text = (value or "").strip()
    if text in ("", "1"):
        return True
    if text == "0":
        return False
    raise ValidationError(
        _error("State", "state", N_("“{value}”: State is 1 (active) or 0 (inactive)."), text)
    )


def lost_zero(value: str, country: str) -> str:
    """A postal code a spreadsheet kept as a number has lost its leading zero (06600 is
    6600): one digit short of its country's length, all digits, it gets it back."""
    from tui_clients.domain.places import POSTAL_DIGITS

    text = (value or "").strip()
    digits = POSTAL_DIGITS.get(country, 0)
    return "0" + text if digits and text.isdigit() and len(text) == digits - 1 else text


def row_input(
    values: dict[str, str], *, default_country: str, type_kinds: dict[str, str] | None = None
) -> ImportRow:
    """A template row as the client it describes, or a ValidationError naming its columns.

    ``type_kinds`` maps company type codes to "fisica"/"moral" (from the catalog).
    The result still goes through the client rules (domain.client_rules).  Line breaks
    inside the free-text cells (Excel's Alt+Enter in an address) become ", ".
    """
    values = {k: _one_line(v) if k in MULTILINE else v for k, v in values.items()}
    errors: list[FieldError] = []

    def take(check, default):
        try:
            return check()
        except ValidationError as exc:
            errors.extend(exc.errors)
            return default

    country_cell = take(lambda: country_column(values.get("Country", "")), "")
    country, doc_type, number = take(
        lambda: _document(values, default_country, country_cell), ("", "", "")
    )
    company_type = values.get("CompanyType", "").strip().upper()
    given, family = (" ".join(values.get(c, "").split()) for c in ("FirstName", "LastName"))
    name = " ".join(values.get("Name", "").split()) or f"{given} {family}".strip()
    company_name = " ".join(values.get("CompanyName", "").split())
    own_company = not name and company_name  # a contact that is a company, not a person
    if own_company:
        name, company_name = company_name, ""
    kind = (type_kinds or {}).get(company_type) or (
        FISICA
        if (given or family) and doc_type in ("", "REF")
        else person_kind_for(country, doc_type, number)
    )
    first = last = legal = ""
    if kind == FISICA and given and family:
        first, last = given, family
    elif kind == FISICA and name:
        first, last = take(lambda: split_name(name), ("", ""))
    else:
        legal = name
    company = take(lambda: company_ref(values.get("CompanyId", "")), None)
    if company is None and company_name:
        company = CompanyRef(name=company_name)
    active = take(lambda: _active(values.get("State", "")), True)
    extra = [e for e in re.split(r"[;,\s]+", values.get("ExtraEmails", "")) if e]
    emails = [("Email", values.get("Email", "")), *(("ExtraEmails", e) for e in extra)]
    emails = [(c, e) for c, e in emails if e.strip()]
    phones = [(c, values.get(c, "")) for c in ("Telephone", "Mobile") if values.get(c, "").strip()]
    address = None
    place = ("Address", "AddressDetail", "Latitude-Longitude", "Region", "Province", "District")
    # the row's country: its Country column, its address, its document, its CompanyId
    row_country = (
        country_cell
        or country_in_address(values.get("Address", ""))
        or country
        or (company.country if company else "")
        or default_country
    )
    postal = lost_zero(values.get("PostalCode", ""), row_country)
    if any(values.get(c, "").strip() for c in place):
        address = AddressInput(
            country=row_country,
            region=values.get("Region", "").strip(),
            province=values.get("Province", "").strip(),
            district=values.get("District", "").strip(),
            postal_code=postal,
            line=values.get("Address", ""),
            detail=values.get("AddressDetail", ""),
            coordinates=values.get("Latitude-Longitude", ""),
        )
    fiscal = None
    if values.get("RegimenFiscal", "").strip() or values.get("UsoCFDI", "").strip():
        fiscal = FiscalInput(
            values.get("RegimenFiscal", "").strip(),
            values.get("UsoCFDI", "").strip(),
            postal,
        )
    if errors:
        raise ValidationError(errors)
    data = ClientInput(
        person_kind=kind,
        company_type=company_type,
        category=values.get("Category", "").strip().upper(),
        document_country=country or ("" if doc_type == "REF" else row_country),
        document_type=doc_type,
        document_number=number,
        first_name=first,
        last_name=last,
        legal_name=legal,
        trade_name=values.get("TradeName", ""),
        internal_code=values.get("InternalCode", ""),
        active=active,
        emails=[e for _c, e in emails],
        phones=[p for _c, p in phones],
        addresses=[address] if address else [],
        fiscal=fiscal,
        custom={k[len("custom.") :]: v for k, v in values.items() if k.startswith("custom.")},
        services=[c for c in re.split(r"[;,\s]+", values.get("Services", "")) if c],
    )
    return ImportRow(
        data,
        company,
        reference_key(number, doc_type, name),
        tuple(c for c, _e in emails),
        tuple(c for c, _p in phones),
        row_country,
    )
