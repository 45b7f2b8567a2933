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

This module is pure: it reads the mapping from the parsed TOML (a dict), checks it
against the fields a kind of file has, and turns a source row into template values.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from tui_clients.domain.i18n import _
from tui_clients.domain.text import fold

ONE, JOIN, FIRST = "one", "join", "first"
DEFAULT_SEP = ", "


class MappingError(ValueError):
    """A mapping that cannot be used; the message says where, in the user's language."""


@dataclass(frozen=True)
class Source:
    """Where one field's value comes from: one column, several joined, or the first of
    several that is not empty."""

    columns: tuple[str, ...]
    how: str = ONE
    sep: str = DEFAULT_SEP

    def value(self, row: Mapping[str, str]) -> str:
        cells = [row.get(c, "").strip() for c in self.columns]
        if self.how == JOIN:
            return self.sep.join(c for c in cells if c)
        return next((c for c in cells if c), "")


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    columns: dict[str, Source]  # template field -> where it comes from
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> folded -> stored

    def sources(self) -> set[str]:
        """Every source column the mapping reads."""
        return {c for s in self.columns.values() for c in s.columns}

    def missing(self, header: Collection[str]) -> list[str]:
        """The source columns it reads that ``header`` does not have (sorted)."""
        have = {h.strip() for h in header}
        return sorted(self.sources() - have)

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
        return out


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
        values[target] = {fold(str(k)).strip(): v for k, v in table.items()}
    return ColumnMapping(name.strip(), columns, values)


def _field(key: str, fields: Collection[str], name: str) -> str:
    if key not in fields:
        raise MappingError(
            _(
                "“{field}” in the mapping “{name}” is not a field of this file (known: {known})."
            ).format(field=key, name=name, known=", ".join(sorted(fields)))
        )
    return key


def _source(key: str, spec: object, name: str) -> Source:
    if isinstance(spec, str) and spec.strip():
        return Source((spec.strip(),))
    if isinstance(spec, dict) and len(spec.keys() - {"sep"}) == 1:
        how = next(iter(spec.keys() - {"sep"}))
        listed = spec[how]
        sep = spec.get("sep", DEFAULT_SEP)
        if (
            how in (JOIN, FIRST)
            and isinstance(listed, list)
            and listed
            and all(isinstance(c, str) and c.strip() for c in listed)
            and isinstance(sep, str)
        ):
            return Source(tuple(c.strip() for c in listed), how, sep)
    raise MappingError(
        _(
            "{field} in the mapping “{name}” must be a column's name, "
            '{{join = ["…", "…"], sep = ", "}} or {{first = ["…", "…"]}}.'
        ).format(field=key, name=name)
    )
