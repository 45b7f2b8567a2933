"""What another system's file means: its known layout, or a mapping guessed column by column.

A file whose header is not the template's is read through a :class:`.mapping.ColumnMapping`.
This module proposes one, with no operator at all for the layouts it knows and as a first
draft the operator corrects for any other.  It is pure: it reads the header, the first
rows and the shipped data files (``data/layouts/*.toml``, the catalogs), nothing else.

**Known layouts** (:func:`known_layout`, :data:`LAYOUTS`): Google Contacts (today's CSV
and the legacy one), Outlook, Odoo's partner export (with labels, and import-compatible)
and ERPNext's Customer export.  Each is a TOML file of the mapping's own shape plus a
``[match]`` table: ``columns`` that must all be in the header, and ``any``, of which one
must be (the comment on top of each file says where its header comes from).  A layout
reads only the columns the file has (Odoo writes the fields the export chose); the
``[match]`` columns must be spelled as the system writes them (Odoo's labels "Name" and
its field names "name" are two layouts), the others are found as the reader finds names
(case, accents and punctuation aside); the more columns a layout requires, the earlier
it is tried.  A layout that maps Region gets the table of region names
(:func:`region_codes`: "Jalisco", "Jalisco (MX)" -> MX-JAL) as its value map.
:func:`layout_named` gives a layout's whole mapping by its name (``--mapping Outlook``).

**Recognition** (:func:`recognise`) of any other header, column by column:

1. *By name* (Spanish and English, with their common variants: RFC, NIT, Razón social,
   Correo, Celular, Municipio, CP…), compared without case, accents, spaces or
   punctuation, whole or by its first words ("Teléfono oficina" is a Teléfono) and
   without a trailing number ("Correo 2").
2. Some names say two things, and **the values** decide: ``Estado``/``State`` holding
   region names is Region, holding 0/1, Sí/No, Activo/Inactivo it is State (the active
   flag; a column named ``Disabled``/``Inactivo`` is the flag turned over), else
   nothing; ``Empresa``/``Company`` holding tax IDs or EM- codes is
   CompanyId, else CompanyName; ``Tipo`` holding Empresa/Persona… is CompanyType,
   holding CC/NIT/Pasaporte… DocumentType.
3. A column no name explains is read *by its values* (the first 50 rows; 80 % of the
   non-empty cells must agree): e-mails, documents (RFC, CURP, NIT with its check digit,
   RUC, DNI: the document, UniqueReference), company codes (CompanyId), phones, region
   names, Activo/Inactivo, countries, company types, and 4-6 digit numbers when the
   sheet has an address (PostalCode).

Several columns for one field: the one recognised by name wins over one by values, then
the first; the rest are left unmapped, but for these (decided so): a second e-mail
column is ExtraEmails (all further ones joined with "; "); a second phone is Mobile;
first and last names in parts (``Apellido paterno`` + ``Apellido materno``) are joined
with a space; ``Nombre`` next to ``Apellidos`` is the first name; ``Latitud`` and
``Longitud`` are joined into Latitude-Longitude.  **The address**: a column that is the
whole address line (Dirección, Domicilio, Address) alone is Address; when the address
comes in parts (Calle, Número exterior, Ciudad…, beside a Dirección or not), Address joins
them with ", " together with the colonia, municipio, state, postal code and country
columns (each of which also fills its own field), in the file's order, so the line ends
with the country as the template asks (a Dirección that already held the city repeats
it: the operator sees the preview).

**Value maps** (:func:`value_maps`): for the closed sets (State, CompanyType,
DocumentType, Region, Country, Category) what each distinct value found becomes; the
recognised mapping carries them.  RegimenFiscal and UsoCFDI are SAT codes already
(601, G03) and services an office's own: none is proposed for them.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from tui_clients.domain.countries import country_code
from tui_clients.domain.csv.read import CLIENT_COLUMNS, CUSTOM_PREFIX
from tui_clients.domain.documents import guess_document_type
from tui_clients.domain.i18n import N_
from tui_clients.domain.mapping import (
    FIRST,
    JOIN,
    ONE,
    SOURCE_ID,
    ColumnMapping,
    Source,
    mapping_from_toml,
)
from tui_clients.domain.text import compact_key, fold

NAME, VALUES = "name", "values"  # why a column got its field
WHY = {NAME: N_("recognised by its name"), VALUES: N_("recognised by its values")}
SAMPLE_ROWS = 50  # rows of the file looked at
AGREE = 0.8  # share of a column's non-empty cells that must look alike

# --- names --------------------------------------------------------------------------------

# markers for names whose field the values decide, and for parts of an address
_STATE_OR_REGION, _COMPANY, _TYPE, _DISABLED = "?state", "?company", "?type", "?disabled"
_ADDRESS_PART, _LATITUDE, _LONGITUDE = "?part", "?latitude", "?longitude"

# field (or marker) -> the names that say it, separated by "|"
_NAMES: dict[str, str] = {
    "UniqueReference": (
        "RFC | NIT | RUC | DNI | CURP | Cédula | Cedula de ciudadania | CC | Cédula o NIT "
        "| NIT o cédula | Documento | Documento de identidad | Número de documento | No. "
        "documento | Num documento | Nro documento | Identificación | Número de "
        "identificación | No. identificación | RUC/DNI | DNI/RUC | RFC del cliente | Tax "
        "ID | Tax number | VAT | VAT number | TIN | NIF | CUIT | RUT | Referencia única | "
        "UniqueReference"
    ),
    "DocumentType": (
        "Tipo de documento | Tipo documento | Tipo doc | Tipo de identificación | Tipo "
        "identificación | Tipo ID | Document type | ID type"
    ),
    "Name": (
        "Nombre | Razón social | Nombre o razón social | Razón social o nombre | Nombre "
        "completo | Nombre del cliente | Cliente | Denominación | Name | Full name | "
        "Customer name | Customer | Client | Display name"
    ),
    "FirstName": (
        "Nombres | Nombre de pila | Primer nombre | Segundo nombre | First name | Given "
        "name | Middle name"
    ),
    "LastName": (
        "Apellidos | Apellido | Apellido paterno | Apellido materno | Primer apellido | "
        "Segundo apellido | Last name | Surname | Family name"
    ),
    "TradeName": "Nombre comercial | Trade name | Marca | Brand",
    "Email": (
        "Correo | Correo electrónico | Email | E-mail | Mail | Email address | E-mail "
        "address | Email Id | Dirección de correo"
    ),
    "ExtraEmails": (
        "Otros correos | Correos adicionales | Otro correo | Correo alternativo | Other "
        "emails | Secondary email"
    ),
    "Telephone": (
        "Teléfono | Telefono fijo | Tel | Tels | Tlf | Fono | Fijo | Teléfonos | Número "
        "de teléfono | Phone | Phone number | Telephone | Business phone | Work phone | "
        "Landline"
    ),
    "Mobile": (
        "Celular | Cel | Móvil | Teléfono móvil | Teléfono celular | WhatsApp | Mobile | "
        "Mobile phone | Mobile No | Cell | Cell phone"
    ),
    "Address": (
        "Dirección | Domicilio | Dirección completa | Address | Full address | Domicilio "
        "fiscal | Dirección fiscal"
    ),
    _ADDRESS_PART: (
        "Calle | Calle y número | Avenida | Número exterior | No. exterior | Num ext | No "
        "ext | Street | Street address | Address line 1 | Address line 2 | Ciudad | City "
        "| Localidad | Población | Town"
    ),
    "AddressDetail": (
        "Detalle | Detalle de la dirección | Número interior | No. interior | Num int | "
        "Interior | Referencias | Entre calles"
    ),
    "District": (
        "Colonia | Barrio | Distrito | Fraccionamiento | Neighborhood | Neighbourhood | Suburb"
    ),
    "Province": "Municipio | Alcaldía | Delegación | Provincia | Municipality | County",
    "Region": (
        "Región | Departamento | Entidad federativa | Entidad | Estado (región) | Region "
        "| Province/State | State/Province"
    ),
    _STATE_OR_REGION: "Estado | State | Status | Estatus | Situación",
    "State": "Activo | Activa | Active | Habilitado | Enabled | Vigente | Is active",
    _DISABLED: "Inactivo | Disabled | Deshabilitado | Baja | De baja | Archived",
    "PostalCode": (
        "CP | C.P. | Código postal | Cod postal | Zip | Zip code | ZIP | Postal code | Postcode"
    ),
    "Country": "País | Country | Country/Region | Nación",
    _COMPANY: (
        "Empresa | Compañía | Company | Organización | Organization | Related company | "
        "Empresa donde trabaja"
    ),
    "CompanyName": "Nombre de la empresa | Company name | Organization name | Nombre empresa",
    "CompanyId": (
        "RFC de la empresa | NIT de la empresa | RUC de la empresa | Código de empresa | CompanyId"
    ),
    "CompanyType": (
        "Tipo de empresa | Tipo de persona | Tipo persona | Persona | Personería | "
        "Régimen jurídico | Naturaleza | Company type | Customer type | Is a company | Es "
        "empresa | Tipo de contribuyente"
    ),
    _TYPE: "Tipo | Type | Tipo de cliente | Client type",
    "Category": (
        "Categoría | Giro | Sector | Industria | Rubro | Segmento | Category | Industry | Actividad"
    ),
    "RegimenFiscal": "Régimen fiscal | Régimen | Tax regime | Regimen fiscal SAT",
    "UsoCFDI": "Uso de CFDI | Uso CFDI | CFDI",
    "InternalCode": "Código interno | Internal code",
    SOURCE_ID: (
        "ID | Id cliente | ID del cliente | Código | Código de cliente | Código cliente | "
        "Clave | Clave de cliente | Clave cliente | No. cliente | Número de cliente | "
        "Folio | External ID | Customer ID | Record ID"
    ),
    "Services": "Servicios | Services",
    "Latitude-Longitude": "Coordenadas | Coordinates | Lat/Long | Latitud-Longitud",
    _LATITUDE: "Latitud | Latitude | Lat",
    _LONGITUDE: "Longitud | Longitude | Lng | Lon",
}
_SPLIT_FIELDS = {_LATITUDE: "Latitude-Longitude", _LONGITUDE: "Latitude-Longitude"}
_PLACE_FIELDS = ("District", "Province", "Region", "PostalCode", "Country")
_TEMPLATE_AMBIGUOUS = {"estado", "company", "empresa", "compania", "organization", "organizacion"}


@lru_cache(maxsize=1)
def _name_table() -> dict[str, str]:
    table = {
        key: target for key, target in CLIENT_COLUMNS.keys.items() if key not in _TEMPLATE_AMBIGUOUS
    }
    for target, names in _NAMES.items():
        for name in names.split("|"):
            table[compact_key(name)] = target
    return table


def _by_name(column: str, fields: Collection[str]) -> str | None:
    """The field (or marker) a column's name says, or None."""
    table = _name_table()
    custom = {
        compact_key(f[len(CUSTOM_PREFIX) :]): f for f in fields if f.startswith(CUSTOM_PREFIX)
    }
    words = fold(column).split()
    bare = list(words)
    while bare and bare[-1].isdigit():  # "Correo 2", "Teléfono 1"
        bare.pop()
    for candidate in (words, bare):
        key = "".join(candidate)
        if key in custom:
            return custom[key]
        if key in table:
            return table[key]
    for n in range(len(bare) - 1, 0, -1):  # "Teléfono oficina", "Correo electrónico del cliente"
        key = "".join(bare[:n])
        if key in table and len(key) > 2:
            return table[key]
    return None


# --- values -------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split("|"))


_EMAIL = re.compile(r"[^@\s;,<>]+@[^@\s;,<>]+\.[A-Za-z]{2,}")
_MULTI = re.compile(r"\s*(?::::|;|,)\s*")
_PHONE_CHARS = re.compile(r"[\d\s()+\-./]+(?:\s*(?:ext|x)\.?\s*\d+)?", re.I)
_POSTAL = re.compile(r"\d{4,6}")
_COMPANY_CODE = re.compile(r"EM-\d{7}", re.I)

# folded words (separated by "|") and what they are
_YES = _words(
    "1 | si | s | yes | y | true | verdadero | v | activo | activa | active | "
    "enabled | habilitado | habilitada | vigente | x | alta"
)
_NO = _words(
    "0 | no | n | false | falso | f | inactivo | inactiva | inactive | disabled | "
    "deshabilitado | deshabilitada | baja | de baja | suspendido | cancelado | "
    "archived"
)
_FLAG_WORDS = _words(
    "activa | active | activo | baja | de baja | deshabilitado | habilitado | "
    "inactiva | inactive | inactivo | suspendido | vigente"
)
# company type code (data/company_types.csv) -> folded words that say it
_COMPANY_TYPES = {
    "PM": (
        "company | empresa | persona moral | moral | pm | persona juridica | juridica "
        "| organization | organizacion | sociedad | partnership | business | "
        "corporation | true | 1 | si"
    ),
    "PF": (
        "individual | persona | persona fisica | fisica | pf | persona natural | "
        "natural | person | particular | proprietorship | consumidor final | false | "
        "0 | no"
    ),
    "GOB": "gobierno | government | entidad de gobierno | entidad publica | publica",
    "ONG": (
        "ong | ngo | non profit | nonprofit | sin fines de lucro | asociacion civil | "
        "fundacion | a c"
    ),
}
# document type code (data/document_types.csv) -> folded words that say it
_DOCUMENT_TYPES = {
    "CC": "cedula de ciudadania | cedula | c c | cc | cedula ciudadania",
    "CE": ("cedula de extranjeria | carne de extranjeria | carnet de extranjeria | ce | c e"),
    "PAS": "pasaporte | passport | pas | pp",
    "NIT": "nit",
    "RUC": "ruc",
    "DNI": "dni",
    "RFC": "rfc",
    "CURP": "curp",
    "REF": "ref | referencia | codigo",
}
# everyday names of regions ISO spells otherwise (folded -> code)
_REGION_ALIASES = {
    "cdmx": "MX-CMX",
    "df": "MX-CMX",
    "d f": "MX-CMX",
    "distrito federal": "MX-CMX",
    "mexico city": "MX-CMX",
    "ciudad de mexico": "MX-CMX",
    "edomex": "MX-MEX",
    "estado de mexico": "MX-MEX",
    "edo mex": "MX-MEX",
    "edo de mexico": "MX-MEX",
    "nuevo leon": "MX-NLE",
    "nl": "MX-NLE",
    "veracruz": "MX-VER",
    "michoacan": "MX-MIC",
    "coahuila": "MX-COA",
    "queretaro": "MX-QUE",
    "bogota": "CO-DC",
    "bogota d c": "CO-DC",
    "bogota dc": "CO-DC",
    "distrito capital": "CO-DC",
    "san andres": "CO-SAP",
    "lima metropolitana": "15",
    "callao": "07",
}


def _data_rows(name: str) -> list[dict[str, str]]:
    text = files("tui_clients.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def region_codes() -> dict[str, str]:
    """Names of the regions of Mexico, Colombia and Peru (folded) -> the code an address
    stores (MX-JAL, CO-ANT; Peru's by its ubigeo department, 15 for Lima); "Jalisco (MX)"
    (Odoo's spelling) too.  A name two countries share (Amazonas) names neither, but
    with its country in parentheses."""
    found: dict[str, set[str]] = {}
    with_country: dict[str, str] = {}

    def add(country: str, name: str, code: str) -> None:
        found.setdefault(fold(name), set()).add(code)
        with_country[fold(f"{name} ({country})")] = code

    for row in _data_rows("subdivisions.csv"):
        if row["country"] in ("MX", "CO"):
            add(row["country"], row["name"], row["code"])
            add(row["country"], row["code"], row["code"])
            add(row["country"], row["code"].split("-")[1], row["code"])
    for row in _data_rows("pe_ubigeo.csv"):
        add("PE", row["department"], row["ubigeo"][:2])
    table = {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}
    table.update(with_country)
    table.update(_REGION_ALIASES)
    for alias, code in _REGION_ALIASES.items():
        country = code.split("-")[0] if "-" in code else "PE"
        table[fold(f"{alias} ({country})")] = code
    for name in ("mx", "co", "pe", "ce", "cc"):  # two letters that are other things first
        table.pop(name, None)
    return table


@lru_cache(maxsize=1)
def _company_type_words() -> dict[str, str]:
    table = {word: code for code, words in _COMPANY_TYPES.items() for word in _words(words)}
    for row in _data_rows("company_types.csv"):
        for name in (row["code"], row["name_es"], row["name_en"]):
            table.setdefault(fold(name), row["code"])
    return table


@lru_cache(maxsize=1)
def _category_words() -> dict[str, str]:
    """The shipped categories (data/categories.csv) by code and names; an office's own
    are the operator's to map."""
    table: dict[str, str] = {}
    for row in _data_rows("categories.csv"):
        for name in (row["code"], row["name_es"], row["name_en"]):
            table.setdefault(fold(name), row["code"])
    return table


@lru_cache(maxsize=1)
def _document_type_words() -> dict[str, str]:
    table = {word: code for code, words in _DOCUMENT_TYPES.items() for word in _words(words)}
    for row in _data_rows("document_types.csv"):
        for name in (row["name_es"], row["name_en"]):
            table.setdefault(fold(name), row["code"])
            table.setdefault(fold(name.split(" (")[0]), row["code"])
    return table


def _flag(value: str) -> str:
    folded = fold(value)
    return "1" if folded in _YES else "0" if folded in _NO else ""


def value_maps(
    field: str, distinct_values: Iterable[str], *, inverted: bool = False
) -> dict[str, str]:
    """Proposals for a closed set: each distinct source value -> what is stored, for those
    recognised (the others are left out, for the operator).  State: Sí/No, TRUE/FALSE,
    Activo/Inactivo, 1/0… -> "1"/"0" (``inverted`` for a column that says "Disabled");
    CompanyType: Empresa/Persona física/Company/Individual… -> PM, PF, GOB, ONG (the
    codes of data/company_types.csv); DocumentType: Cédula de ciudadanía -> CC,
    Pasaporte -> PAS… (data/document_types.csv); Region: names -> codes
    (:func:`region_codes`); Country: names and ISO codes -> alpha-2; Category: the
    shipped categories' names -> codes (data/categories.csv)."""
    out: dict[str, str] = {}
    for value in distinct_values:
        text = value.strip()
        if not text:
            continue
        folded = fold(text)
        stored = ""
        if field == "State":
            stored = _flag(text)
            if stored and inverted:
                stored = "0" if stored == "1" else "1"
        elif field == "CompanyType":
            stored = _company_type_words().get(folded, "")
        elif field == "DocumentType":
            stored = _document_type_words().get(folded, "")
        elif field == "Region":
            stored = region_codes().get(folded, "")
        elif field == "Category":
            stored = _category_words().get(folded, "")
        elif field == "Country":
            stored = country_code(text)
        if stored:
            out[text] = stored
    return out


def _is_email(value: str) -> bool:
    parts = [p for p in _MULTI.split(value) if p]
    return bool(parts) and all(_EMAIL.fullmatch(p) for p in parts)


def _is_document(value: str) -> bool:
    return guess_document_type(value) is not None


def _is_phone(value: str) -> bool:
    parts = [p for p in re.split(r"\s*(?::::|;|/)\s*", value) if p]
    for part in parts:
        digits = sum(c.isdigit() for c in part)
        if not _PHONE_CHARS.fullmatch(part) or not 7 <= digits <= 15:
            return False
    return bool(parts)


def _is_region(value: str) -> bool:
    return fold(value) in region_codes()


def _is_flag(value: str) -> bool:
    return bool(_flag(value))


def _is_flag_word(value: str) -> bool:
    return fold(value) in _FLAG_WORDS


def _is_company_type(value: str) -> bool:
    folded = fold(value)
    return folded in _company_type_words() and not folded.isdigit() and folded not in ("si", "no")


def _is_document_type(value: str) -> bool:
    return fold(value) in _document_type_words()


def _is_country(value: str) -> bool:
    return bool(country_code(value)) and len(value.strip()) > 2


def _agree(values: Sequence[str], test: Callable[[str], bool]) -> bool:
    return bool(values) and sum(1 for v in values if test(v)) >= AGREE * len(values)


# --- recognition --------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """One source column: the field proposed for it (None: ignored) and why (NAME, VALUES
    or "" when none)."""

    column: str
    field: str | None
    why: str = ""


@dataclass(frozen=True)
class Recognition:
    columns: tuple[Proposal, ...]  # every named source column, in the file's order
    mapping: ColumnMapping  # named "", with the value maps proposed
    unmapped: tuple[str, ...]  # the columns with no field


def recognise(
    header: Sequence[str], samples: Sequence[Sequence[str]], fields: Collection[str]
) -> Recognition:
    """The mapping proposed for a header that is neither the template nor a known layout
    (see the module notes); ``samples`` are the first rows (cells in header order),
    ``fields`` those the file may have (plus SourceId, always)."""
    allowed = set(fields) | {SOURCE_ID}
    names = [h.strip() for h in header]
    cells = {
        i: [row[i].strip() for row in samples[:SAMPLE_ROWS] if i < len(row) and row[i].strip()]
        for i in range(len(names))
    }
    guesses: list[tuple[int, str, str]] = []  # (column index, field or marker, why)
    for i, name in enumerate(names):
        if not name:
            continue
        target = _by_name(name, allowed)
        values = cells[i]
        if target is not None:
            target = _settle(target, values)
            if target is not None:
                guesses.append((i, target, NAME))
                continue
        target = _by_values(values)
        if target is not None:
            guesses.append((i, target, VALUES))
    has_address = any(
        t in ("Address", _ADDRESS_PART, *_PLACE_FIELDS) and t != "PostalCode"
        for _i, t, _w in guesses
    )
    guesses = [(i, t, w) for i, t, w in guesses if t != "PostalCode" or w == NAME or has_address]
    return _assemble(names, cells, guesses, allowed)


def _settle(target: str, values: Sequence[str]) -> str | None:
    """The field of a name whose values decide it (the markers), else the name's own."""
    if target == _STATE_OR_REGION:
        if _agree(values, _is_region):
            return "Region"
        if _agree(values, _is_flag):
            return "State"
        return None
    if target == _COMPANY:
        if _agree(values, lambda v: _is_document(v) or bool(_COMPANY_CODE.fullmatch(v))):
            return "CompanyId"
        return "CompanyName"
    if target == _TYPE:
        if _agree(values, _is_company_type):
            return "CompanyType"
        if _agree(values, _is_document_type):
            return "DocumentType"
        return None
    return target


def _by_values(values: Sequence[str]) -> str | None:
    tests = (
        ("Email", _is_email),
        ("UniqueReference", _is_document),
        ("CompanyId", lambda v: bool(_COMPANY_CODE.fullmatch(v))),
        ("PostalCode", lambda v: bool(_POSTAL.fullmatch(v))),
        ("Telephone", _is_phone),
        ("Country", _is_country),
        ("Region", _is_region),
        ("State", _is_flag_word),
        ("CompanyType", _is_company_type),
    )
    for target, test in tests:
        if _agree(values, test):
            return target
    return None


def _assemble(
    names: list[str],
    cells: dict[int, list[str]],
    guesses: list[tuple[int, str, str]],
    allowed: set[str],
) -> Recognition:
    # by name first, then by values; within each, the file's order
    ordered = sorted(guesses, key=lambda g: (g[2] != NAME, g[0]))
    taken: dict[str, list[int]] = {}  # field -> its columns
    chosen: dict[int, tuple[str, str]] = {}  # column -> (field shown, why)
    inverted = False

    def take(field: str, i: int, why: str) -> None:
        taken.setdefault(field, []).append(i)
        chosen[i] = (field, why)

    for i, target, why in ordered:
        field = _SPLIT_FIELDS.get(target, target)
        if target == _DISABLED:
            field = "State"
        if target == _ADDRESS_PART:
            field = "Address"
        if field not in allowed:
            continue
        if field in ("LastName", "FirstName", "ExtraEmails", "Latitude-Longitude", "Address"):
            take(field, i, why)  # joined
        elif field == "State" and "State" not in taken:
            take(field, i, why)
            inverted = target == _DISABLED
        elif field == "Email" and "Email" in taken:
            if "ExtraEmails" in allowed:
                take("ExtraEmails", i, why)
        elif field == "Telephone" and "Telephone" in taken:
            if "Mobile" in allowed and "Mobile" not in taken:
                take("Mobile", i, why)
        elif field == "Mobile" and "Mobile" in taken:
            if "Telephone" not in taken:
                take("Telephone", i, why)
        elif field not in taken:
            take(field, i, why)
    # "Nombre" beside "Apellidos" is the first name
    if "LastName" in taken and "Name" in taken and "FirstName" not in taken:
        i = taken.pop("Name")[0]
        if compact_key(names[i]) in ("nombre", "name", "nombres"):
            take("FirstName", i, chosen[i][1])
        else:
            taken["Name"] = [i]
    columns: dict[str, Source] = {}
    for field, idx in taken.items():
        idx = sorted(idx)  # joined in the file's order
        cols = tuple(names[i] for i in idx)
        if field == "Address":
            if any(_by_name(names[i], allowed) == _ADDRESS_PART for i in idx):
                places = [i for f in _PLACE_FIELDS for i in taken.get(f, [])]
                idx = sorted(set(idx) | set(places))
            columns[field] = Source(tuple(names[i] for i in idx), JOIN, ", ")
        elif field in ("FirstName", "LastName"):
            columns[field] = Source(cols, JOIN if len(cols) > 1 else ONE, " ")
        elif field == "ExtraEmails":
            columns[field] = Source(cols, JOIN, "; ")
        elif field == "Latitude-Longitude":
            columns[field] = Source(cols, JOIN if len(cols) > 1 else ONE, ",")
        else:
            columns[field] = Source(cols[:1])
    values: dict[str, dict[str, str]] = {}
    for field in ("State", "CompanyType", "DocumentType", "Region", "Country", "Category"):
        if field in taken:
            found = {v for i in taken[field] for v in cells[i]}
            table = value_maps(field, sorted(found), inverted=inverted and field == "State")
            if table:
                values[field] = {fold(k).strip(): v for k, v in table.items()}
    mapping = ColumnMapping("", columns, values)
    by_column = {i: f for f, idx in taken.items() for i in idx}
    proposals = tuple(
        Proposal(name, by_column.get(i), chosen[i][1] if i in by_column else "")
        for i, name in enumerate(names)
        if name
    )
    unmapped = tuple(p.column for p in proposals if p.field is None)
    return Recognition(proposals, mapping, unmapped)


# --- known layouts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    name: str
    file: str  # its file name in data/layouts
    data: Mapping[str, object]  # the parsed TOML
    required: tuple[str, ...]  # [match] columns: all of them
    any_of: tuple[str, ...]  # [match] any: one of them

    def matches(self, header: Collection[str]) -> bool:
        """Whether ``header`` has the columns the layout requires, spelled as the system
        writes them (Odoo's labels and its field names differ only so: "Name", "name")."""
        names = {h.strip() for h in header}
        return all(c in names for c in self.required) and (
            not self.any_of or any(c in names for c in self.any_of)
        )


@lru_cache(maxsize=1)
def layouts() -> tuple[Layout, ...]:
    """The shipped layouts, the most demanding first."""
    found = []
    folder = files("tui_clients.data").joinpath("layouts")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        match = data.get("match", {})
        found.append(
            Layout(
                str(data["name"]),
                entry.name,
                data,
                tuple(match.get("columns", ())),
                tuple(match.get("any", ())),
            )
        )
    return tuple(sorted(found, key=lambda one: -(len(one.required) + bool(one.any_of))))


LAYOUTS: tuple[str, ...] = tuple(sorted(layout.name for layout in layouts()))


def layout_text(name: str) -> str:
    """The TOML text of a shipped layout (its comments say where its header comes from)."""
    for layout in layouts():
        if layout.name == name:
            path = files("tui_clients.data").joinpath("layouts").joinpath(layout.file)
            return path.read_text(encoding="utf-8")
    raise KeyError(name)


def layout_named(name: str, fields: Collection[str]) -> ColumnMapping | None:
    """A known layout's whole mapping by its name ("Outlook") or file name ("outlook",
    "odoo-partners.toml"), case and accents aside; None when no layout is so named.  It
    reads every column the layout knows: :func:`known_layout` keeps a file's own."""
    wanted = fold(name.removesuffix(".toml"))
    for layout in layouts():
        if wanted in (fold(layout.name), fold(layout.file.removesuffix(".toml"))):
            header = [c for spec in _specs(layout) for c in _listed(spec)]
            return _layout_mapping(layout, header, fields)
    return None


def _specs(layout: Layout) -> list[object]:
    raw = layout.data.get("columns", {})
    return list(raw.values()) if isinstance(raw, dict) else []


def _listed(spec: object) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        listed = spec.get(JOIN, spec.get(FIRST, []))
        return [c for c in listed if isinstance(c, str)] if isinstance(listed, list) else []
    return []


def known_layout(header: Sequence[str], fields: Collection[str]) -> ColumnMapping | None:
    """The mapping of the first known layout ``header`` matches (named as the layout),
    reading only the columns the header has, spelled as it spells them; None when it
    matches none.  The required columns must be spelled as the system writes them; the
    others are found as the reader finds names (case, accents, punctuation aside)."""
    for layout in layouts():
        if layout.matches(header):
            return _layout_mapping(layout, header, fields)
    return None


def _layout_mapping(
    layout: Layout, header: Sequence[str], fields: Collection[str]
) -> ColumnMapping:
    """The layout's mapping kept to the columns of ``header`` and the ``fields`` asked."""
    present = {compact_key(h): h.strip() for h in header if h.strip()}
    present.update({h.strip(): h.strip() for h in header if h.strip()})
    columns: dict[str, object] = {}
    raw = layout.data.get("columns", {})
    assert isinstance(raw, dict)
    for field, spec in raw.items():
        if field not in fields and field != SOURCE_ID:
            continue
        kept = _present(spec, present)
        if kept is not None:
            columns[field] = kept
    raw_values = layout.data.get("values", {})
    assert isinstance(raw_values, dict)
    data = {
        "name": layout.name,
        "columns": columns,
        "values": {f: t for f, t in raw_values.items() if f in columns},
    }
    mapping = mapping_from_toml(data, fields)
    if "Region" in mapping.columns and "Region" not in mapping.values:
        mapping = ColumnMapping(
            mapping.name, mapping.columns, {**mapping.values, "Region": dict(region_codes())}
        )
    return mapping


def _present(spec: object, present: Mapping[str, str]) -> object | None:
    """A layout's column spec kept to the columns the header has (None: none of them)."""

    def spelled(column: str) -> str | None:  # as written, else as the reader compares names
        return present.get(column) or present.get(compact_key(column))

    if isinstance(spec, str):
        return spelled(spec)
    if isinstance(spec, dict):
        how = JOIN if JOIN in spec else FIRST if FIRST in spec else None
        if how is None:
            return dict(spec)
        listed = [found for c in spec[how] if (found := spelled(c))]
        if not listed:
            return None
        return {**spec, how: listed}
    return None
