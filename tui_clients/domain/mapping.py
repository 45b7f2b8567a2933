"""A column mapping: how another system's file becomes the template's columns.

It is what an operator says once for a file that is not the template (an Odoo, Outlook
or Google export) and saves by name: for each template field, the source column it
comes from, several joined with a separator, or the first of several that is not
empty; and, for fields with a closed set of values, what each source value becomes.
Its TOML form (the issue's, kept working when extended)::

    name = "Odoo contactos"
    [columns]                      # field = column | {join = [...], sep = "..."} | {first = [...]}
    UniqueReference = "ID"
    Telephone = { first = ["Phone", "Mobile"] }
    Address = { join = ["Street", "City", "ZIP"], sep = ", " }
    [values.CompanyType]           # source value = stored value
    Company = "PM"

Extensions, all optional: ``split`` cuts each cell into several values (Google's
``a@x.com ::: b@y.com``) before ``first`` or ``join`` look at them, and ``skip`` passes
over the first values (``Email = {first = [...]}`` and ``ExtraEmails = {join = [...],
skip = 1}`` share one list); ``{value = "PF"}`` is a constant.  Besides the file's own
fields, a mapping may name ``SourceId``: the other system's own key of the row.

**A row with no document** (contact lists rarely have a tax ID) gets a clean code (type
REF) as its key, so importing the same list again finds its rows instead of repeating
them: the SourceId when the mapping has one (``ERP-CUST-0001``), else the first e-mail
(``ANA.LOPEZ_EJEMPLO.MX``), else the first phone's national number, however it is
written (``TEL-5512345678``).
:func:`list_key` is that rule.  Such a row that says nothing of its kind is a person
when its name is two to five words naming no business (:func:`kind_of_listed`).

This module is pure: it reads the mapping from the parsed TOML (a dict), checks it
against the fields a kind of file has, and turns a source row into template values.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from tui_clients.domain.csv.rows import given_split
from tui_clients.domain.documents import guess_document_type
from tui_clients.domain.i18n import _
from tui_clients.domain.persons import looks_like_company
from tui_clients.domain.text import compact_key, fold

ONE, JOIN, FIRST, VALUE = "one", "join", "first", "value"
DEFAULT_SEP = ", "
SOURCE_ID = "SourceId"  # the other system's own key of a row (a mapping-only field)
_OPTIONS = {"sep", "split", "skip"}
_CODE_CHARS = re.compile(r"[^A-Z0-9._-]+")
_CLEAN = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,39}")  # a clean code (documents.py, REF)
MAX_CODE = 40


class MappingError(ValueError):
    """A mapping that cannot be used; the message says where, in the user's language."""


@dataclass(frozen=True)
class Source:
    """Where one field's value comes from: one column, several joined, the first of
    several that is not empty, or a constant (``how`` VALUE, the text in ``sep``)."""

    columns: tuple[str, ...]
    how: str = ONE
    sep: str = DEFAULT_SEP
    split: str = ""  # cut each cell into several values at this text
    skip: int = 0  # values passed over before the first one taken

    def value(self, row: Mapping[str, str]) -> str:
        if self.how == VALUE:
            return self.sep
        cells = (row.get(c, "").strip() for c in self.columns)
        found = [v for c in cells for v in (c.split(self.split) if self.split else [c])]
        found = [v.strip() for v in found if v.strip()][self.skip :]
        if self.how == JOIN:
            return self.sep.join(found)
        return found[0] if found else ""

    def spec(self) -> object:
        """Its TOML form (the inverse of the reading in :func:`mapping_from_toml`)."""
        if self.how == ONE:
            return self.columns[0]
        if self.how == VALUE:
            return {VALUE: self.sep}
        spec: dict[str, object] = {self.how: list(self.columns)}
        if self.how == JOIN or self.sep != DEFAULT_SEP:
            spec["sep"] = self.sep
        if self.split:
            spec["split"] = self.split
        if self.skip:
            spec["skip"] = self.skip
        return spec


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    columns: dict[str, Source]  # template field -> where it comes from
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> folded -> stored

    def header_of(self, key: str) -> str:
        """The source columns a template column is read from, joined by " + " (the key
        itself when none: an error then names the field the file does not have)."""
        source = self.columns.get(key)
        return " + ".join(source.columns) if source and source.columns else key

    def sources(self) -> set[str]:
        """Every source column the mapping reads."""
        return {c for s in self.columns.values() for c in s.columns}

    def missing(self, header: Collection[str]) -> list[str]:
        """The source columns it reads that ``header`` does not have (sorted); a column
        is found whatever its case, accents, spaces and punctuation ("Zip" is "ZIP")."""
        have = {compact_key(h) for h in header}
        return sorted(c for c in self.sources() if compact_key(c) not in have)

    def resolved(self, header: Collection[str]) -> ColumnMapping:
        """The same mapping naming each column as ``header`` spells it (the first of two
        columns of one name)."""
        spelled: dict[str, str] = {}
        for name in header:
            spelled.setdefault(compact_key(name), name.strip())
        columns = {
            name: replace(s, columns=tuple(spelled.get(compact_key(c), c) for c in s.columns))
            for name, s in self.columns.items()
        }
        return ColumnMapping(self.name, columns, self.values)

    def apply(self, row: Mapping[str, str]) -> dict[str, str]:
        """A source row (column -> cell) as template values (field -> cell); a value
        with an entry in the field's value map becomes what the map says."""
        out: dict[str, str] = {}
        for name, source in self.columns.items():
            value = source.value(row)
            table = self.values.get(name)
            if table and value:
                value = table.get(fold(value).strip(), value)
            out[name] = value
        out.update(names_in_order(out))
        if not out.get("UniqueReference", "").strip():
            key, doc_type = list_key(out)
            if key:
                out["UniqueReference"], out["DocumentType"] = key, doc_type
                out.update(kind_of_listed(out))
        elif not out.get("DocumentType", "").strip():
            out["UniqueReference"] = system_key(out["UniqueReference"])
        out.pop(SOURCE_ID, None)
        return out


JOINED_FIELDS = {"Name", "FirstName", "LastName", "Address", "AddressDetail", "TradeName"}


@dataclass
class MappingDraft:
    """A mapping being edited column by column (the TUI's mapping step): which fields
    each source column feeds, how several columns make one field, the value maps.
    A source a layout made with ``split``/``skip`` is kept as it is until one of its
    columns is given another field."""

    header: list[str]
    sources: dict[str, Source] = field(default_factory=dict)  # field -> source
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    name: str = ""

    @classmethod
    def of(cls, mapping: ColumnMapping, header: list[str]) -> MappingDraft:
        values = {k: dict(v) for k, v in mapping.values.items()}
        return cls(list(header), dict(mapping.columns), values, mapping.name)

    def fields_of(self, column: str) -> list[str]:
        """The fields a source column feeds (in the mapping's order)."""
        return [f for f, s in self.sources.items() if column in s.columns]

    def assign(self, column: str, target: str | None) -> None:
        """``column`` feeds ``target`` alone (None: it is ignored).  A field fed by
        several columns joins them (names, addresses) or takes the first not empty."""
        for name in self.fields_of(column):
            source = self.sources[name]
            rest = tuple(c for c in source.columns if c != column)
            if not rest:
                del self.sources[name]
            else:
                how = source.how if len(rest) > 1 else ONE
                self.sources[name] = Source(rest, how, source.sep)
        if target is None:
            return
        current = self.sources.get(target)
        if current is None or current.how == VALUE:
            self.sources[target] = Source((column,))
            return
        order = {c: i for i, c in enumerate(self.header)}
        columns = tuple(sorted((*current.columns, column), key=lambda c: order.get(c, 0)))
        how = current.how if current.how in (JOIN, FIRST) else self.default_how(target)
        sep = " " if target in ("Name", "FirstName", "LastName") else current.sep
        self.sources[target] = Source(columns, how, sep, current.split, current.skip)

    @staticmethod
    def default_how(target: str) -> str:
        return JOIN if target in JOINED_FIELDS else FIRST

    def toggle(self, target: str) -> None:
        """A field of several columns: join them, or take the first that is not empty."""
        source = self.sources.get(target)
        if source is not None and len(source.columns) > 1:
            how = FIRST if source.how == JOIN else JOIN
            self.sources[target] = Source(
                source.columns, how, source.sep, source.split, source.skip
            )

    def set_value(self, target: str, found: str, stored: str) -> None:
        """What a source value becomes in a field ("" keeps it as it is)."""
        table = self.values.setdefault(target, {})
        if stored.strip():
            table[fold(found).strip()] = stored.strip()
        else:
            table.pop(fold(found).strip(), None)

    def mapping(self, name: str | None = None) -> ColumnMapping:
        order = {c: i for i, c in enumerate(self.header)}
        columns = dict(
            sorted(
                self.sources.items(),
                key=lambda item: min((order.get(c, 0) for c in item[1].columns), default=-1),
            )
        )
        values = {k: v for k, v in self.values.items() if v and k in columns}
        return ColumnMapping((name or self.name).strip(), columns, values)


def mapping_from_toml(data: Mapping[str, object], fields: Collection[str]) -> ColumnMapping:
    """The mapping a parsed TOML document describes, checked against ``fields`` (the
    template fields this kind of file has); MappingError says what is wrong."""
    name = data.get("name", "")
    if not isinstance(name, str) or not name.strip():
        raise MappingError(_('The mapping has no name (name = "…").'))
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise MappingError(_("The mapping “{name}” maps no column ([columns]).").format(name=name))
    columns = {
        _field(key, fields, name): _source(key, spec, name) for key, spec in raw_columns.items()
    }
    raw_values = data.get("values", {})
    if not isinstance(raw_values, dict):
        raise MappingError(_("[values] of “{name}” must be tables.").format(name=name))
    values: dict[str, dict[str, str]] = {}
    for key, table in raw_values.items():
        target = _field(key, fields, name)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise MappingError(
                _("[values.{field}] of “{name}” must map each value to a text.").format(
                    field=key, name=name
                )
            )
        bad = next((v for v in table.values() if not _stored_value(target, v)), None)
        if bad is not None:
            raise MappingError(
                _("[values.{field}] of “{name}” gives “{value}”, which {field} cannot be.").format(
                    field=key, name=name, value=bad
                )
            )
        values[target] = {fold(str(k)).strip(): v for k, v in table.items()}
    return ColumnMapping(name.strip(), columns, values)


def _stored_value(target: str, value: str) -> bool:
    """Whether a value map's stored value can be the field's: State is 1 or 0, Country
    a country (its name or code); other fields' values are checked with each row."""
    if target == "State":
        return value.strip() in ("1", "0")
    if target == "Country":
        from tui_clients.domain.countries import country_code

        return bool(country_code(value))
    return True


def _field(key: str, fields: Collection[str], name: str) -> str:
    if key not in fields and key != SOURCE_ID:
        raise MappingError(
            _(
                "“{field}” in the mapping “{name}” is not a field of this file (known: {known})."
            ).format(field=key, name=name, known=", ".join(sorted(fields)))
        )
    return key


def _source(key: str, spec: object, name: str) -> Source:
    if isinstance(spec, str) and spec.strip():
        return Source((spec.strip(),))
    if isinstance(spec, dict) and set(spec) == {VALUE} and isinstance(spec[VALUE], str):
        return Source((), VALUE, spec[VALUE])
    if isinstance(spec, dict) and len(spec.keys() - _OPTIONS) == 1:
        how = next(iter(spec.keys() - _OPTIONS))
        listed = spec[how]
        sep, split, skip = spec.get("sep", DEFAULT_SEP), spec.get("split", ""), spec.get("skip", 0)
        if (
            how in (JOIN, FIRST)
            and isinstance(listed, list)
            and listed
            and all(isinstance(c, str) and c.strip() for c in listed)
            and isinstance(sep, str)
            and isinstance(split, str)
            and isinstance(skip, int)
            and not isinstance(skip, bool)
            and skip >= 0
        ):
            return Source(tuple(c.strip() for c in listed), how, sep, split, skip)
    raise MappingError(
        _(
            "{field} in the mapping “{name}” must be a column's name, "
            '{{join = ["…", "…"], sep = ", "}}, {{first = ["…", "…"]}} or {{value = "…"}}.'
        ).format(field=key, name=name)
    )


def clean_code(text: str) -> str:
    """``text`` as a clean code (REF: letters, digits, '-', '.', '_'), at most 40
    characters (a longer one ends in a digest of the whole, so two stay two)."""
    code = _CODE_CHARS.sub("_", fold_upper(text)).strip("_.-")
    if len(code) > MAX_CODE:
        digest = hashlib.sha1(code.encode()).hexdigest()[:8].upper()
        code = code[: MAX_CODE - 9] + "-" + digest
    return code


def system_key(value: str) -> str:
    """A mapped UniqueReference as a key: a document as it is, and so is a clean code;
    another system's own ID (Odoo's ``__export__.res_partner_42_3f1a``) made a clean
    one.  Only a value with letters that names no document is changed."""
    text = value.strip()
    if (
        _CLEAN.fullmatch(text.upper())
        or guess_document_type(text) is not None
        or not re.search("[A-Za-z]", text)
    ):
        return value
    return clean_code(text) or value


def fold_upper(text: str) -> str:
    """Upper case without accents, keeping the characters of a code and an e-mail."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in plain if not unicodedata.combining(c)).upper().replace("@", "_")


def list_key(values: Mapping[str, str]) -> tuple[str, str]:
    """(UniqueReference, DocumentType) of a mapped row with no document (see the module
    notes): its SourceId, else its first e-mail, else its first phone; ("", "") when it
    has none of them."""
    source_id = values.get(SOURCE_ID, "").strip()
    if source_id and clean_code(source_id):
        return clean_code(source_id), "REF"
    email = values.get("Email", "").strip() or values.get("ExtraEmails", "").split(";")[0]
    if email.strip():
        return clean_code(email.strip().lower()), "REF"
    for column in ("Telephone", "Mobile"):
        digits = phone_key(values.get(column, ""), values.get("Country", ""))
        if len(digits) >= 7:
            return f"TEL-{digits}", "REF"
    return "", ""


def names_in_order(values: Mapping[str, str]) -> dict[str, str]:
    """A person's Name as other systems list it, surnames first, given as FirstName and
    LastName: "QUISPE MAMANI, JUAN" (a comma, up to three words each side), or
    "GÓMEZ MARTÍNEZ LUIS" whose RFC (13 characters) is made of it in that order only.
    Nothing when the names are given apart, or the name is a business's."""
    if any(values.get(f, "").strip() for f in ("FirstName", "LastName")):
        return {}
    name = " ".join(values.get("Name", "").split())
    if not name or looks_like_company(name):
        return {}
    before, comma, after = name.partition(",")
    if comma and "," not in after and 0 < len(before.split()) <= 3 >= len(after.split()) > 0:
        return {"FirstName": after.strip(), "LastName": before.strip()}
    rfc = "".join(c for c in values.get("UniqueReference", "") if c.isalnum())
    words = name.split()
    if guess_document_type(rfc) != ("MX", "RFC") or len(rfc) != 13 or not 2 <= len(words) <= 4:
        return {}
    surnames = 2 if len(words) >= 3 else 1
    first, last = " ".join(words[surnames:]), " ".join(words[:surnames])
    given_first = rfc_letters(*given_split(words))
    if rfc_letters(first, last) == fold_upper(rfc[:4]) != given_first:
        return {"FirstName": first, "LastName": last}
    return {}


def rfc_letters(first: str, last: str) -> str:
    """The four letters an RFC of a person begins with: the first surname's initial and
    first inner vowel, the second surname's initial (X when none), the first name's."""
    surnames, names = fold_upper(last).split(), fold_upper(first).split()
    if not surnames or not names:
        return ""
    one = surnames[0]
    vowel = next((c for c in one[1:] if c in "AEIOU"), "X")
    return one[0] + vowel + (surnames[1][0] if len(surnames) > 1 else "X") + names[0][0]


def kind_of_listed(values: Mapping[str, str]) -> dict[str, str]:
    """A listed row (no document) that says nothing of its kind is a person when its Name
    is two to five words that name no business: {"CompanyType": "PF"} (people are never
    made companies for want of a type); else nothing changes."""
    if any(values.get(f, "").strip() for f in ("CompanyType", "FirstName", "LastName")):
        return {}
    name = values.get("Name", "").split()
    if 2 <= len(name) <= 5 and not looks_like_company(" ".join(name)):
        return {"CompanyType": "PF"}
    return {}


def phone_key(text: str, country: str) -> str:
    """A phone as a key: its national number, however it is written ("+52 33 3615 2200",
    "(33) 3615-2200" and "01 33 3615 2200" are 3336152200), read in the row's country,
    else in the first of Mexico, Colombia and Peru where it is valid; else its digits."""
    import phonenumbers

    from tui_clients.domain.contact import normalize_phone
    from tui_clients.domain.countries import country_code
    from tui_clients.domain.errors import ValidationError

    home = country_code(country) if country.strip() else None
    for region in dict.fromkeys([home, "MX", "CO", "PE"]):
        try:
            phone = normalize_phone(text, region)
        except ValidationError:
            break
        if phone is not None and phone.verified:
            return str(phonenumbers.parse(phone.number, None).national_number)
    return "".join(c for c in text if c.isdigit())


def to_toml(
    mapping: ColumnMapping, originals: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """The mapping as TOML text of the shape :func:`mapping_from_toml` reads.
    ``originals``: per field, the source values as first written (the mapping keeps
    them folded), so an exported mapping reads as its author wrote it."""
    lines = [f"name = {_quoted(mapping.name)}", "", "[columns]"]
    for name, source in mapping.columns.items():
        lines.append(f"{_key(name)} = {_toml_value(source.spec())}")
    for name, table in mapping.values.items():
        lines += ["", f"[values.{_key(name)}]"]
        shown = (originals or {}).get(name, {})
        for folded, stored in table.items():
            lines.append(f"{_quoted(shown.get(folded, folded))} = {_quoted(stored)}")
    return "\n".join(lines) + "\n"


def _toml_value(spec: object) -> str:
    if isinstance(spec, str):
        return _quoted(spec)
    if isinstance(spec, bool):
        return "true" if spec else "false"
    if isinstance(spec, int):
        return str(spec)
    if isinstance(spec, list):
        return "[" + ", ".join(_toml_value(v) for v in spec) + "]"
    assert isinstance(spec, dict)
    return "{ " + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in spec.items()) + " }"


def _key(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _quoted(text)


def _quoted(text: str) -> str:
    """A TOML basic string: backslash, quote and every control character escaped."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'
