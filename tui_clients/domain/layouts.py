"""Known layouts: other systems' exports read with no setup (Google Contacts, Outlook,
Odoo, ERPNext), each a mapping file in ``data/layouts`` with a ``[match]`` table naming
the columns that tell it (where each header comes from is written in its file).

:func:`known_layout` picks the layout a header is, keeping only the columns the file
has; :func:`layout_named` gives a layout by name (``--mapping "Google Contacts"``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from tui_clients.domain.mapping import FIRST, JOIN, SOURCE_ID, ColumnMapping, mapping_from_toml
from tui_clients.domain.recognise import region_codes
from tui_clients.domain.text import compact_key, fold


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
