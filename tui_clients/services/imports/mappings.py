"""Column mappings: saved by name in the database, read from TOML files, and the one a
file is read through.

A file whose header is the template's is read as it is.  Any other is read through, in
this order: the mapping the operator names (``--mapping``, or the one chosen in the
TUI); a saved mapping made for the same columns; a known layout (Google Contacts,
Outlook, Odoo, ERPNext: :mod:`tui_clients.domain.recognise`).  With none of them the
file is refused with what recognition could map and what it could not
(:class:`NoMapping`), and the TUI proposes that recognition for the operator to check.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tui_clients.db import models as m
from tui_clients.db.base import utcnow
from tui_clients.domain.csv.decode import FileRefused
from tui_clients.domain.csv.read import CLIENT_COLUMNS, CUSTOM_PREFIX, CsvSource, open_csv
from tui_clients.domain.errors import shown
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.layouts import known_layout, layout_named
from tui_clients.domain.mapping import ColumnMapping, MappingError, mapping_from_toml, to_toml
from tui_clients.domain.recognise import Recognition, recognise
from tui_clients.domain.text import compact_key, fold, printable
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.faults import file_error
from tui_clients.services.session import current_user

SAMPLE_ROWS = 50  # rows read to recognise columns by their values
_NO_MAPPING = N_("The header is not the template's, and no saved mapping or known layout fits it.")


class NoMapping(FileRefused):
    """A file that is not the template, with no mapping to read it through; ``found`` is
    what recognition proposes for its columns (the TUI starts from it)."""

    def __init__(self, found: Recognition, header: list[str], missing: list[str]) -> None:
        super().__init__("no_mapping", _NO_MAPPING)
        self.found, self.header = found, header
        self.missing = missing  # the template's required columns the header lacks


@dataclass(frozen=True)
class SavedMapping:
    name: str
    columns: int  # fields it fills
    header: list[str]  # the source columns it was made for
    user: str
    updated_at: object


def mapping_fields() -> set[str]:
    """The fields a mapping may fill: the template's, its extras, the active custom
    fields ("custom.<key>")."""
    custom = {CUSTOM_PREFIX + d.key for d in definitions(active_only=True)}
    return set(CLIENT_COLUMNS.keys.values()) | custom


def read_mapping_file(path: str | Path) -> ColumnMapping:
    """The mapping a TOML file describes, or MappingError saying what is wrong."""
    name = printable(str(path))
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MappingError(_("The mapping file {path} does not exist.").format(path=name)) from None
    except UnicodeDecodeError:
        raise MappingError(
            _("The mapping file {path} is not UTF-8 text: save it as UTF-8.").format(path=name)
        ) from None
    except OSError as exc:
        raise MappingError(
            _("The mapping file {path} could not be read: {why}.").format(
                path=name, why=file_error(exc)
            )
        ) from None
    return mapping_from_text(text, name)


def mapping_from_text(text: str, where: str) -> ColumnMapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        place = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = place.groups() if place else ("?", "?")
        raise MappingError(
            _(
                "{path} is not valid TOML: look at line {line}, column {column} (a quotation "
                "mark, bracket or = missing?)."
            ).format(path=where, line=line, column=column)
        ) from None
    return mapping_from_toml(data, mapping_fields())


def saved_mappings() -> list[SavedMapping]:
    rows = m.ImportMapping.select().order_by(m.ImportMapping.key)
    return [
        SavedMapping(
            r.name,
            r.toml.split("[values", 1)[0].count("\n") - 3,
            [h for h in r.header.split("\n") if h],
            r.user,
            r.updated_at,
        )
        for r in rows
    ]


def saved_mapping(name: str) -> ColumnMapping:
    """The saved mapping of this name (case and accents aside), or MappingError."""
    row = m.ImportMapping.get_or_none(m.ImportMapping.key == fold(name)[:100])
    if row is None:
        known = ", ".join(s.name for s in saved_mappings()) or "—"
        raise MappingError(
            _("There is no saved mapping “{name}” (saved: {known}).").format(
                name=printable(name), known=known
            )
        )
    return mapping_from_text(row.toml, row.name)


def saved_text(name: str) -> str:
    """A saved mapping's TOML text."""
    return to_toml(saved_mapping(name))


def save_mapping(
    mapping: ColumnMapping, header: list[str], *, replace: bool = False, user: str = ""
) -> None:
    """Save (or, with ``replace``, replace) a mapping under its name."""
    key = fold(mapping.name)[:100]
    if not key:
        raise MappingError(_("A mapping needs a name with letters or digits."))
    fields = {
        "name": mapping.name[:100],
        "header": "\n".join(h.strip() for h in header if h.strip()),
        "toml": to_toml(mapping),
        "user": user or current_user(),
        "updated_at": utcnow(),
    }
    with m.database.atomic():
        row = m.ImportMapping.get_or_none(m.ImportMapping.key == key)
        if row is not None and not replace:
            raise MappingError(
                _("A mapping named “{name}” is already saved; choose another name.").format(
                    name=printable(row.name)
                )
            )
        if row is None:
            m.ImportMapping.create(key=key, created_at=fields["updated_at"], **fields)
        else:
            m.ImportMapping.update(**fields).where(m.ImportMapping.id == row.id).execute()


def delete_mapping(name: str) -> bool:
    deleted = m.ImportMapping.delete().where(m.ImportMapping.key == fold(name)[:100]).execute()
    return bool(deleted)


def _same_columns(header: list[str]) -> frozenset[str]:
    return frozenset(compact_key(h) for h in header if h.strip())


def mapping_for_header(header: list[str]) -> tuple[ColumnMapping, str] | None:
    """(mapping, how it was found: "saved" or "layout") for a file that is not the
    template: a saved mapping made for the same columns; else the saved one that reads
    the most of them, if every column it reads is there and it reads at least half of
    them (one imported from a TOML file knows only the columns it reads); else a
    known layout."""
    columns = _same_columns(header)
    best: tuple[int, ColumnMapping] | None = None
    for row in m.ImportMapping.select().order_by(m.ImportMapping.updated_at.desc()):
        mapping = mapping_from_text(row.toml, row.name)
        if mapping.missing(header):
            continue
        if _same_columns(row.header.split("\n")) == columns:
            return mapping, "saved"
        read = len(_same_columns(list(mapping.sources())))
        if read * 2 >= len(columns) and (best is None or read > best[0]):
            best = (read, mapping)
    if best is not None:
        return best[1], "saved"
    layout = known_layout(header, mapping_fields())
    return (layout, "layout") if layout is not None else None


def open_clients(
    path: str | Path, *, mapping: ColumnMapping | None = None, sheet: str | None = None
) -> CsvSource:
    """A client file opened to be read: the template as it is, or through ``mapping``,
    a saved mapping or a known layout (``source.mapping`` is the one used, and
    ``source.found_by`` says how); NoMapping when none fits."""
    extra = tuple(d.key for d in definitions(active_only=True))
    if mapping is not None:
        source = open_csv(path, extra=extra, mapping=mapping, sheet=sheet)
        source.found_by = "given"
        return source
    source = open_csv(path, extra=extra, strict=False, sheet=sheet)
    if source.is_template:
        source.found_by = ""
        return source
    header = [h.strip() for h in source.header]
    try:
        chosen = mapping_for_header(header)
        if chosen is None:
            samples = [r.cells for _i, r in zip(range(SAMPLE_ROWS), source.rows(), strict=False)]
            found = recognise(header, samples, mapping_fields())
            raise NoMapping(found, header, list(source.missing))
    finally:
        source.close()
    source = open_csv(path, extra=extra, mapping=chosen[0], sheet=sheet)
    source.found_by = chosen[1]
    return source


def no_mapping_text(refused: NoMapping) -> str:
    """What the CLI says for a file with no mapping: the columns recognition maps, the
    others, and how to write a mapping."""
    mapped = refused.found.mapping.columns
    lines = [refused.error.message()]
    if refused.missing:  # "not the template" alone did not say what it lacks
        missing = ", ".join(refused.missing)
        lines.append(_("Columns of the template it lacks: {columns}").format(columns=missing))
    lines.append(_("Columns it could map:"))
    for field_name, source in mapped.items():
        lines.append(f"  {shown(' + '.join(source.columns))} → {field_name}")
    if not mapped:
        lines.append("  —")
    lines.append(_("Columns it could not map:"))
    lines.append("  " + (", ".join(shown(c) for c in refused.found.unmapped) or "—"))
    lines.append(
        _(
            "Import it in the application (it proposes this mapping to check and save), or "
            "write a mapping file and give it with --mapping FILE.toml: "
            "`tui-clients mapping propose FILE` writes the proposal as a start."
        )
    )
    return "\n".join(lines)


def find_mapping(name: str) -> ColumnMapping:
    """The mapping ``--mapping`` names: a TOML file (a path that exists, or ends in
    .toml), else a saved mapping, else a known layout, by name; MappingError if none."""
    path = Path(name)
    if name.lower().endswith(".toml") or path.is_file():
        return read_mapping_file(path)
    try:
        return saved_mapping(name)
    except MappingError:
        layout = layout_named(name, mapping_fields())
        if layout is None:
            raise
        return layout


def proposal(path: str | Path, name: str, *, sheet: str | None = None) -> ColumnMapping:
    """What recognition maps of a file's columns, as a mapping named ``name`` (a known
    layout's own mapping when the file is one)."""
    extra = tuple(d.key for d in definitions(active_only=True))
    with open_csv(path, extra=extra, strict=False, sheet=sheet) as source:
        header = [h.strip() for h in source.header]
        layout = known_layout(header, mapping_fields())
        if layout is not None:
            return layout
        samples = [r.cells for _i, r in zip(range(SAMPLE_ROWS), source.rows(), strict=False)]
    found = recognise(header, samples, mapping_fields()).mapping
    return ColumnMapping(name, dict(found.columns), dict(found.values))
