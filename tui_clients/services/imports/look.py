"""A first look at a file before it is imported (the TUI's mapping step): its sheets, its
header, its first rows, the mapping it would be read through, and a preview of those
rows as they would be stored, with the error each would get.

Everything here reads a few rows only; it runs in a worker of the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui_clients.db import models as m
from tui_clients.domain.csv.decode import FileRefused
from tui_clients.domain.csv.read import RawRow, open_csv
from tui_clients.domain.csv.rows import column_for
from tui_clients.domain.csv.workbook import is_workbook, sheet_names
from tui_clients.domain.documents import is_shared_document
from tui_clients.domain.errors import FieldError
from tui_clients.domain.mapping import ColumnMapping
from tui_clients.domain.recognise import Recognition, recognise
from tui_clients.domain.text import fold
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.clients.checks import duplicate_error
from tui_clients.services.imports.mappings import SAMPLE_ROWS, mapping_fields, mapping_for_header
from tui_clients.services.imports.prepare import Rules, check_row

PREVIEW_ROWS = 20  # rows shown as they would be stored


@dataclass
class FileLook:
    path: str
    sheets: list[str] = field(default_factory=list)  # a workbook's (visible) sheets
    sheet: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)  # the first ones (SAMPLE_ROWS)
    template: bool = False  # the template's columns: read as it is
    mapping: ColumnMapping | None = None  # the one found (saved, layout) or recognised
    found_by: str = ""  # "saved", "layout" or "recognised"
    recognition: Recognition | None = None


def look_at(path: str | Path, sheet: str | None = None) -> FileLook:
    """What the file is; FileRefused for a whole-file problem (as the import says it)."""
    look = FileLook(str(path))
    if is_workbook(path):
        look.sheets = sheet_names(path)
    extra = tuple(d.key for d in definitions(active_only=True))
    with open_csv(path, extra=extra, strict=False, sheet=sheet) as source:
        look.sheet = source.sheet
        look.header = [h.strip() for h in source.header]
        look.rows = [r for _i, r in zip(range(SAMPLE_ROWS), source.rows(), strict=False)]
        look.template = source.is_template
    if look.template:
        return look
    found = mapping_for_header(look.header)
    if found is not None:
        look.mapping, look.found_by = found[0].resolved(look.header), found[1]
        return look
    look.recognition = recognise(look.header, [r.cells for r in look.rows], mapping_fields())
    look.mapping, look.found_by = look.recognition.mapping, "recognised"
    return look


def source_values(look: FileLook, row: RawRow) -> dict[str, str]:
    """A sample row's cells by source column name (of two of one name, the first)."""
    named: dict[str, str] = {}
    for name, cell in zip(look.header, row.cells, strict=False):
        named.setdefault(name, cell)
    return named


def distinct_values(look: FileLook, mapping: ColumnMapping, target: str) -> list[str]:
    """The values the sample rows give a field before its value map (sorted, once each
    whatever its case or accents), for the operator to say what each becomes."""
    bare = ColumnMapping(mapping.name, {target: mapping.columns[target]})
    seen: dict[str, str] = {}
    for row in look.rows:
        value = bare.apply(source_values(look, row)).get(target, "").strip()
        if value:
            seen.setdefault(fold(value), value)
    return sorted(seen.values(), key=fold)


@dataclass(frozen=True)
class PreviewRow:
    line: int
    values: dict[str, str]  # the template values the mapping gives the row
    person: str  # "PF" (persona física) or "PM" (moral), "" when the row has errors
    name: str
    document: str  # type and number, as they would be stored
    problem: str  # the first error, in the operator's language ("" when it would be stored)


def preview(
    look: FileLook, mapping: ColumnMapping | None, rules: Rules, *, update: bool = False
) -> list[PreviewRow]:
    """The first rows as they would be stored, each with the error it would get (a row
    whose document is a registered client's is refused, unless ``update``)."""
    shown = []
    for row in look.rows[:PREVIEW_ROWS]:
        named = source_values(look, row)
        values = dict(row.values) if mapping is None else mapping.apply(named)
        if row.problems:
            shown.append(_row(row.line, values, errors=list(row.problems), mapping=mapping))
            continue
        checked = check_row(rules, row.line, values)
        if checked.errors:
            shown.append(_row(row.line, values, errors=checked.errors, mapping=mapping))
            continue
        clean = checked.clean
        assert clean is not None
        if not update and not is_shared_document(clean.document_type, clean.document_number):
            other = _registered(checked)
            if other is not None:
                error = duplicate_error(clean.document_number, other)
                shown.append(
                    _row(
                        row.line,
                        values,
                        errors=[
                            FieldError(
                                "UniqueReference",
                                error.code,
                                error.template,
                                error.value,
                                error.params,
                            )
                        ],
                        mapping=mapping,
                    )
                )
                continue
        person = "PF" if clean.person_kind == "fisica" else "PM"
        name = clean.legal_name or f"{clean.first_name} {clean.last_name}".strip()
        document = f"{clean.document_type} {clean.document_number}".strip()
        shown.append(PreviewRow(row.line, values, person, name, document, ""))
    return shown


def _registered(checked):
    """The registered client (trash included) with this checked row's document, if any."""
    clean, refs = checked.valid()
    return (
        m.Client.select(m.Client.id, m.Client.code, m.Client.legal_name, m.Client.deleted_at)
        .where(
            m.Client.document_type == refs["document_type"],
            m.Client.document_number == clean.document_number,
        )
        .first()
    )


def _row(
    line: int, values: dict[str, str], *, errors: list[FieldError], mapping: ColumnMapping | None
) -> PreviewRow:
    first = errors[0]
    column = column_for(first.field)  # as the error file names it: the file's own column
    problem = f"{mapping.header_of(column) if mapping else column}: {first.message()}"
    return PreviewRow(
        line, values, "", values.get("Name", ""), values.get("UniqueReference", ""), problem
    )


__all__ = [
    "FileLook",
    "FileRefused",
    "PreviewRow",
    "distinct_values",
    "look_at",
    "preview",
]
