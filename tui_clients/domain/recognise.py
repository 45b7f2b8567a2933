"""What another system's file means: a mapping guessed column by column.

A file whose header is not the template's is read through a :class:`.mapping.ColumnMapping`.
This module proposes one as a first draft the operator corrects, for a file that is no
known layout (:mod:`.layouts`).  It is pure: it reads the header, the first rows and the
shipped catalogs, nothing else.

**Known layouts** (:mod:`.layouts`): Google Contacts (today's CSV
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
   without a trailing number ("Correo 2").  An address part may say whose address it is
   first ("Mailing City", "Billing Country", "Business Country/Region"; Salesforce and
   Zoho write ``Mailing …`` and ``Other …``): of several such addresses one is read, the
   first of business, billing, mailing, work, primary, postal, physical, shipping, home,
   other, the others' columns are left unmapped; a ``Mailing State`` is the Region.
   Some names are known to be no field, and their values are not read: salutations
   (``Salutation``, ``Tratamiento``, ``Title``: "Mr." is not Mauritania), dates
   (``Fecha``, ``Alta``, ``Created``…: never a phone), a job (``Puesto``, ``Job title``).
   A name that says e-mail or phone must be borne out by the cells: when most non-empty
   cells hold no e-mail (no ``@`` and domain), or no phone (fewer than 7 digits, or a
   date), the column is left unmapped ("Email Opt Out" holding true/false).
2. Some names say two things, and **the values** decide: ``Estado``/``State`` holding
   region names is Region, holding 0/1, Sí/No, Activo/Inactivo it is State (the active
   flag; a column named ``Disabled``/``Inactivo`` is the flag turned over), else
   nothing; ``Empresa``/``Company`` holding tax IDs or EM- codes is
   CompanyId, else CompanyName; ``Tipo`` holding Empresa/Persona… is CompanyType,
   holding CC/NIT/Pasaporte… DocumentType; ``Departamento`` is the Region, but beside a
   job's columns (``Puesto``, ``Organización``, ``Company``; Outlook in Spanish) it is the
   contact's department and is left unmapped, unless its cells are region names.
3. A column no name explains is read *by its values* (the first 50 rows; 80 % of the
   non-empty cells must agree): e-mails, documents (RFC, CURP, NIT with its check digit,
   RUC, DNI: the document, UniqueReference), company codes (CompanyId), phones, region
   names, Activo/Inactivo, countries, company types (never true/false or 1/0), and 4-6
   digit numbers when the sheet has an address (PostalCode).  A date (2024-03-05,
   05/03/2024, 2024-03-05 14:30) is never a phone.  Countries by their names only
   ("Mexico", "Perú", "EE. UU."): two- and three-letter codes (MX, "Mr.", PER) only in a
   column whose name says country (``Cod. país``), and a salutation never.

A second column of a name already seen (``Nombre``, ``Nombre``) is left unmapped: the
reader reads the first column of a name.

Several columns for one field: the one recognised by name wins over one by values, then
the first; the rest are left unmapped, but for these (decided so): a second e-mail
column is ExtraEmails (all further ones joined with "; "); a second phone is Mobile;
first and last names in parts (``Apellido paterno`` + ``Apellido materno``) are joined
with a space; ``Nombre`` next to ``Apellidos`` or ``Segundo nombre`` is the first name
(joined with the middle name, in the file's order); ``Latitud`` and
``Longitud`` are joined into Latitude-Longitude.  **The address**: a column that is the
whole address line (Dirección, Domicilio, Address) alone is Address; when the address
comes in parts (Calle, Número exterior, Ciudad…, beside a Dirección or not), Address joins
them with ", " together with the colonia, municipio, state, postal code and country
columns (each of which also fills its own field), in the file's order, so the line ends
with the country as the template asks (a Dirección that already held the city repeats
it: the operator sees the preview).  The city (Ciudad, City, Mailing City) is a part of
the Address and nothing else (decided so): it is neither the Region (the state) nor the
Province (the municipio, which a city is not everywhere), as the Outlook and Odoo
layouts read it.

**Value maps** (:func:`value_maps`): for the closed sets (State, CompanyType,
DocumentType, Region, Country, Category, RegimenFiscal, UsoCFDI) what each distinct
value found becomes; the recognised mapping carries them.  Region reads the everyday
abbreviations too (N.L., Edo. Méx., CDMX, D.F.); RegimenFiscal and UsoCFDI the SAT code
a cell leads with ("601 - General de Ley Personas Morales" -> 601, "G03 Gastos en
general" -> G03) or its description; services are an office's own: none is proposed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from tui_clients.domain.countries import country_code
from tui_clients.domain.csv.read import CLIENT_COLUMNS, CUSTOM_PREFIX
from tui_clients.domain.documents import guess_document_type
from tui_clients.domain.i18n import N_
from tui_clients.domain.mapping import (
    JOIN,
    ONE,
    SOURCE_ID,
    ColumnMapping,
    Source,
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
_DEPARTMENT = "?department"  # the region, or a job's department beside a job's columns
_NOTHING, _DATE, _JOB = "?nothing", "?date", "?job"  # known names that are no field

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
    _NOTHING: (
        "Salutation | Saludo | Tratamiento | Title | Título | Prefix | Prefijo | Suffix "
        "| Sufijo | Sexo | Género | Gender | Nickname | Apodo"
    ),
    _DATE: (
        "Fecha | Fecha de alta | Fecha alta | Alta | Fecha de registro | Fecha de creación "
        "| Creado | Creado el | Creación | Fecha de modificación | Modificado | Última "
        "modificación | Fecha de nacimiento | Nacimiento | Cumpleaños | Aniversario | "
        "Cliente desde | Date | Created | Created time | Created date | Created at | Date "
        "created | Modified | Modified time | Modified date | Last modified | Updated | "
        "Updated at | Last activity time | Birthday | Birth date | Date of birth | "
        "Anniversary | Customer since"
    ),
    _JOB: (
        "Puesto | Cargo | Puesto de trabajo | Ocupación | Profesión | Job title | Job | "
        "Position | Occupation | Profession"
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
        "Región | Entidad federativa | Entidad | Estado (región) | Region | Province/State "
        "| State/Province | Provincia o estado | Estado o provincia | State or province"
    ),
    _DEPARTMENT: "Departamento",
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
    "CompanyName": (
        "Nombre de la empresa | Company name | Organization name | Nombre empresa | Account "
        "name | Nombre de la cuenta | Nombre de cuenta"
    ),
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
        "Folio | External ID | Customer ID | Record ID | Contact ID | ID de contacto | Id "
        "del contacto"
    ),
    "Services": "Servicios | Services",
    "Latitude-Longitude": "Coordenadas | Coordinates | Lat/Long | Latitud-Longitud",
    _LATITUDE: "Latitud | Latitude | Lat",
    _LONGITUDE: "Longitud | Longitude | Lng | Lon",
}
_SPLIT_FIELDS = {_LATITUDE: "Latitude-Longitude", _LONGITUDE: "Latitude-Longitude"}
_PLACE_FIELDS = ("District", "Province", "Region", "PostalCode", "Country")
_MIDDLE_NAMES = frozenset(("segundonombre", "middlename", "secondname", "otrosnombres"))
_SAT_CATALOGS = {"RegimenFiscal": "sat_regimen_fiscal.csv", "UsoCFDI": "sat_uso_cfdi.csv"}
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


# the words before an address part that say which of a contact's addresses it is
# ("Mailing City", "Business Country/Region"), the preferred first
_QUALIFIERS = (
    "business",
    "billing",
    "mailing",
    "work",
    "primary",
    "postal",
    "physical",
    "shipping",
    "home",
    "other",
)
_PLACES = {
    "Address",
    _ADDRESS_PART,
    _STATE_OR_REGION,
    _DEPARTMENT,
    "AddressDetail",
    "District",
    "Province",
    "Region",
    "PostalCode",
    "Country",
}


def _by_name(column: str, fields: Collection[str]) -> str | None:
    """The field (or marker) a column's name says, or None."""
    return _named(column, fields)[0]


def _named(column: str, fields: Collection[str]) -> tuple[str | None, str]:
    """The field (or marker) a column's name says (None: none), and the qualifier of an
    address part that needed one to be read ("Mailing City": "mailing"; else "")."""
    table = _name_table()
    custom = {
        compact_key(f[len(CUSTOM_PREFIX) :]): f for f in fields if f.startswith(CUSTOM_PREFIX)
    }
    words = fold(column).split()
    found = _lookup(words, table, custom)
    if found is None and len(words) > 1 and words[0] in _QUALIFIERS:
        found = _lookup(words[1:], table, {})
        if found in _PLACES:
            return ("Region" if found == _STATE_OR_REGION else found), words[0]
        return found, ""
    return found, ""


def _lookup(words: list[str], table: Mapping[str, str], custom: Mapping[str, str]) -> str | None:
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
# a date, day first, month first or year first, maybe with its time: 2024-03-05,
# 05/03/2024, 5.3.24, 2024-03-05 14:30, 2024-03-05T14:30:00Z, 03/05/2024 2:30 PM
_DATE_TEXT = re.compile(
    r"(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?\s?m\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?)?",
    re.I,
)
# a SAT code ahead of its description: "601 - General de Ley…", "G03 Gastos en general"
_SAT_CODE = re.compile(r"\s*([A-Za-z]{0,2}\d{2,3})(?:\s*[-–—:.)]\s*|\s+)\S")
# how people are addressed (folded): "Mr." is not Mauritania, "Sr." not Suriname
_SALUTATIONS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "dra",
        "sr",
        "sra",
        "srta",
        "sres",
        "don",
        "dona",
        "lic",
        "lcdo",
        "lcda",
        "ing",
        "prof",
        "profa",
        "mtro",
        "mtra",
        "arq",
        "sir",
        "madam",
        "rev",
    )
)

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
    "n l": "MX-NLE",
    "edo de mex": "MX-MEX",
    "cd de mexico": "MX-CMX",
    "cd mx": "MX-CMX",
    "b c": "MX-BCN",
    "b c s": "MX-BCS",
    "q roo": "MX-ROO",
    "qroo": "MX-ROO",
    "s l p": "MX-SLP",
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


@lru_cache(maxsize=2)
def _sat_words(name: str) -> dict[str, str]:
    """A SAT catalog (data/sat_*.csv) by its codes and descriptions (folded) -> code."""
    table: dict[str, str] = {}
    for row in _data_rows(name):
        table.setdefault(fold(row["code"]), row["code"])
        table.setdefault(fold(row["description"]), row["code"])
    return table


def _sat_code(name: str, text: str) -> str:
    """The SAT code a cell says: the code ("601"), its description ("Gastos en general")
    or both, the code first ("601 - General de Ley Personas Morales", "G03 Gastos en
    general"); "" when it is none of the catalog's."""
    table = _sat_words(name)
    found = table.get(fold(text), "")
    if not found and (lead := _SAT_CODE.match(text)):
        found = table.get(fold(lead.group(1)), "")
    return found


def _is_salutation(text: str) -> bool:
    """How a person is addressed ("Mr.", "Sra", "Dr."), not a two-letter code in
    capitals ("MS" in a country column is Montserrat)."""
    bare = text.strip()
    return fold(bare) in _SALUTATIONS and ("." in bare or not bare.isupper())


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
    (:func:`region_codes`); Country: names and ISO codes -> alpha-2 (never a salutation:
    "Mr." is not Mauritania); Category: the shipped categories' names -> codes
    (data/categories.csv); RegimenFiscal and UsoCFDI: the SAT code a cell leads with or
    describes ("601 - General de Ley Personas Morales" -> 601, "G03 Gastos en general"
    -> G03; data/sat_regimen_fiscal.csv, data/sat_uso_cfdi.csv)."""
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
            stored = "" if _is_salutation(text) else country_code(text)
        elif field in _SAT_CATALOGS:
            stored = _sat_code(_SAT_CATALOGS[field], text)
        if stored:
            out[text] = stored
    return out


def _is_email(value: str) -> bool:
    parts = [p for p in _MULTI.split(value) if p]
    return bool(parts) and all(_EMAIL.fullmatch(p) for p in parts)


def _is_document(value: str) -> bool:
    return guess_document_type(value) is not None


def _is_date(value: str) -> bool:
    """A date, or a date and time, as spreadsheets and other systems write them."""
    found = _DATE_TEXT.fullmatch(value.strip())
    if found is None:
        return False
    first, _sep, second, third = found.groups()
    if len(first) == 4:  # year first
        orders = [(first, second, third)] if len(third) <= 2 else []
    elif len(first) <= 2 and len(third) in (2, 4):  # day or month first
        orders = [(third, second, first), (third, first, second)]
    else:
        orders = []
    for year, month, day in orders:
        full = int(year) + (2000 if len(year) == 2 else 0)
        try:
            date(full, int(month), int(day))
        except ValueError:
            continue
        if 1800 <= full <= 2200:
            return True
    return False


def _is_phone(value: str) -> bool:
    if _is_date(value):
        return False
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


def _is_country_name(value: str) -> bool:
    """A country by its name ("Mexico", "Perú", "EE. UU."), not a code: two or three
    letters ("MR", "Mr.", "PER") say a country only in a column named so."""
    return len(compact_key(value)) > 3 and bool(country_code(value)) and not _is_salutation(value)


def _is_country_code(value: str) -> bool:
    return bool(country_code(value)) and not _is_salutation(value)


def _looks_email(value: str) -> bool:
    return bool(_EMAIL.search(value))


def _looks_phone(value: str) -> bool:
    return sum(c.isdigit() for c in value) >= 7 and "@" not in value and not _is_date(value)


def _mostly(values: Sequence[str], test: Callable[[str], bool]) -> bool:
    """Whether most of the non-empty cells pass ``test`` (none: nothing says no)."""
    return not values or sum(1 for v in values if test(v)) * 2 > len(values)


def _agree(values: Sequence[str], test: Callable[[str], bool]) -> bool:
    return bool(values) and sum(1 for v in values if test(v)) >= AGREE * len(values)


# a name says what its cells must look like: "Email Opt Out" holding true/false is not one
_CONFIRM = {
    "Email": _looks_email,
    "ExtraEmails": _looks_email,
    "Telephone": _looks_phone,
    "Mobile": _looks_phone,
}
_COUNTRY_WORDS = frozenset(("pais", "country", "nacion", "nation"))


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
    seen: set[str] = set()
    named: dict[int, tuple[str | None, str]] = {}
    for i, name in enumerate(names):  # a second column of one name is never read
        if name and compact_key(name) not in seen:
            seen.add(compact_key(name))
            named[i] = _named(name, allowed)
    # of a contact's several addresses (Mailing, Other…) one is read, the preferred
    qualifiers = {q for _t, q in named.values() if q}
    address = min(qualifiers, key=_QUALIFIERS.index) if qualifiers else ""
    at_work = any(t in (_JOB, _COMPANY, "CompanyName") for t, _q in named.values())
    guesses: list[tuple[int, str, str]] = []  # (column index, field or marker, why)
    for i, (target, qualifier) in named.items():
        values = cells[i]
        if qualifier and qualifier != address:
            continue
        if target is not None:
            if target in (_NOTHING, _DATE, _JOB):
                continue
            target = _settle(target, values, at_work=at_work)
            if target is not None and not _mostly(values, _CONFIRM.get(target, bool)):
                continue  # the name says e-mail or phone, the cells say otherwise
            if target is not None:
                guesses.append((i, target, NAME))
                continue
            if named[i][0] == _DEPARTMENT and at_work:
                continue
        target = _by_values(values, names[i])
        if target is not None:
            guesses.append((i, target, VALUES))
    has_address = any(
        t in ("Address", _ADDRESS_PART, *_PLACE_FIELDS) and t != "PostalCode"
        for _i, t, _w in guesses
    )
    guesses = [(i, t, w) for i, t, w in guesses if t != "PostalCode" or w == NAME or has_address]
    return _assemble(names, cells, guesses, allowed)


def _settle(target: str, values: Sequence[str], *, at_work: bool = False) -> str | None:
    """The field of a name whose values decide it (the markers), else the name's own;
    ``at_work``: the header has a job's columns (Puesto, Organización)."""
    if target == _DEPARTMENT:
        if at_work and not _agree(values, _is_region):
            return None  # a job's department (Ventas), beside Puesto or Organización
        return "Region"
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


def _by_values(values: Sequence[str], name: str = "") -> str | None:
    """The field a column's cells say; ``name`` is the column's (country codes need a
    column named so)."""
    named_country = bool(_COUNTRY_WORDS & set(fold(name).split()))
    tests = (
        ("Email", _is_email),
        ("UniqueReference", _is_document),
        ("CompanyId", lambda v: bool(_COMPANY_CODE.fullmatch(v))),
        ("PostalCode", lambda v: bool(_POSTAL.fullmatch(v))),
        ("Telephone", _is_phone),
        ("Country", _is_country_code if named_country else _is_country_name),
        ("Region", _is_region),
        ("State", _is_flag_word),
        ("CompanyType", lambda v: _is_company_type(v) and not _flag(v)),
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
    # "Nombre" beside "Apellidos" is the first name, and so beside "Segundo nombre" alone
    # (joined with it: Outlook's "Nombre", "Segundo nombre"); beside a "First Name" it is
    # the whole name
    middle = all(compact_key(names[i]) in _MIDDLE_NAMES for i in taken.get("FirstName", []))
    if "Name" in taken and middle and ("LastName" in taken or "FirstName" in taken):
        i = taken["Name"][0]
        if compact_key(names[i]) in ("nombre", "name", "nombres") and "FirstName" in allowed:
            del taken["Name"]
            take("FirstName", i, chosen[i][1])
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
    closed = ("State", "CompanyType", "DocumentType", "Region", "Country", "Category")
    for field in (*closed, *_SAT_CATALOGS):
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
