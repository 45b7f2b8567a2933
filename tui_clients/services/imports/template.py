"""The client import template: Client_Template.csv and its instructions, or the workbook
Client_Template.xlsx.  The template has a column for each active custom field of this
registry (by its key), and its example row a value for each one that applies to it, so
the example imports as it is; the instructions end with those fields' rules.

The workbook has the export's columns (the CSV template's, the optional ones, the custom
fields'), each formatted as text, with a drop-down list
of this registry's codes on State, CompanyType, Category, DocumentType, RegimenFiscal,
UsoCFDI and each custom choice field; its second sheet holds the instructions."""

from __future__ import annotations

import csv
import io
import os
import shutil
import textwrap
from pathlib import Path
from typing import TextIO, cast

from tui_clients.db import models as m
from tui_clients.domain.csv.write import write_csv
from tui_clients.domain.custom_fields import TYPES, FieldDef
from tui_clients.domain.i18n import _
from tui_clients.services.admin.catalogs import data_file
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.imports import xlsx_out
from tui_clients.services.imports.exporter import export_columns
from tui_clients.services.output_files import check_target, private_output

TEMPLATE = "Client_Template.csv"
TEMPLATE_XLSX = "Client_Template.xlsx"
INSTRUCTIONS = "Client_Template_instrucciones.txt"


def template_paths(target: str | None, name: str = TEMPLATE) -> tuple[Path, Path]:
    """Where `template [PATH]` writes: a folder (one that exists, or a new name without a
    suffix) gets ``name`` (Client_Template.csv), anything else is the file's own name;
    the instructions go beside it."""
    path = Path(target) if target else Path.cwd()
    if path.is_dir() or (not path.suffix and not os.path.lexists(path)):
        path = path / name
    return path, path.with_name(f"{path.stem}_instrucciones.txt")


def write_template(target: str | None, *, overwrite: bool = False) -> tuple[Path, Path]:
    """Write the template and its instructions (a missing folder is created).  Neither is
    written over an existing file unless ``overwrite`` (the default name in the current
    folder included), nor through a symlink, nor into a FIFO, a device or a folder:
    :class:`OutputRefused` before either is written.  Both are created 0600."""
    csv_path, notes_path = template_paths(target)
    if not csv_path.parent.is_dir() and not os.path.lexists(csv_path.parent):
        csv_path.parent.mkdir(parents=True, exist_ok=True)
    for path in (csv_path, notes_path):
        check_target(path, overwrite=overwrite)
    custom = tuple(definitions(active_only=True))
    header, example = template_rows(custom)
    with private_output(csv_path, overwrite=overwrite, encoding="utf-8", newline="") as fh:
        write_csv(cast("TextIO", fh), header, [example])
    with private_output(notes_path, overwrite=overwrite, binary=True) as out:
        with data_file(INSTRUCTIONS).open("rb") as src:
            shutil.copyfileobj(src, out)
        out.write(custom_columns_text().encode("utf-8"))
    return csv_path, notes_path


def write_template_xlsx(target: str | None, *, overwrite: bool = False) -> Path:
    """Write the template as a workbook (Client_Template.xlsx in a folder; a missing
    folder is created), by the rules of :func:`write_template`; its instructions are its
    second sheet."""
    path, _notes = template_paths(target, TEMPLATE_XLSX)
    if not path.parent.is_dir() and not os.path.lexists(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
    check_target(path, overwrite=overwrite)
    columns, custom = export_columns()  # the export's columns: it imports as they are
    header, example = template_rows(custom)
    given = dict(zip(header, example, strict=True))
    with (
        private_output(path, overwrite=overwrite, binary=True) as out,
        xlsx_out.workbook(out, folder=path.parent) as book,
    ):
        sheet = xlsx_out.TextSheet(book, _("Clients"), columns)
        sheet.add_row(given.get(key, "") for key in columns)
        notes = xlsx_out.TextSheet(book, _("Instructions"), [_("Instructions")], [100])
        for line in instructions_text(path.name).splitlines():
            notes.add_row([line])
        xlsx_out.drop_downs(book, sheet, columns, template_lists(custom))
    return path


def instructions_text(name: str) -> str:
    """The workbook's instructions: how it is imported, then the CSV template's."""
    lead = _(
        "This workbook is imported as it is (tui-clients import {name}, or “Import” in the "
        "list): one client a row on its first sheet. Every column is text, so what is "
        "typed stays as typed; the columns with a drop-down list take one of its values."
    ).format(name=name)
    lead = textwrap.fill(lead, 80)
    text = data_file(INSTRUCTIONS).read_text(encoding="utf-8-sig")
    return f"{lead}\n\n{text}{custom_columns_text()}"


def template_lists(custom: tuple[FieldDef, ...]) -> dict[str, list[str]]:
    """The values of the workbook's drop-down lists, by column: this registry's codes."""
    document_types = [d.code for d in m.DocumentType.select().order_by(m.DocumentType.id)]
    lists = {
        "State": ["1", "0"],
        "CompanyType": [t.code for t in m.CompanyType.select().order_by(m.CompanyType.sort_order)],
        "Category": [c.code for c in m.Category.select().order_by(m.Category.sort_order)],
        "DocumentType": list(dict.fromkeys(document_types)),
        "RegimenFiscal": [r.code for r in m.RegimenFiscal.select().order_by(m.RegimenFiscal.code)],
        "UsoCFDI": [u.code for u in m.UsoCfdi.select().order_by(m.UsoCfdi.code)],
    }
    for d in custom:
        if d.type == "choice" and d.choices and d.key not in lists:
            lists[d.key] = list(d.choices)
    return lists


EXAMPLES = {  # a value of each type that its check takes (the example row is Mexican)
    "number": "1",
    "date": "2026-01-31",
    "bool": "1",
    "email": "contacto@azteca.mx",
    "phone": "+52 55 1234 5678",
}


def example_value(d: FieldDef) -> str:
    """What the example row holds in a custom field's column: a valid value when the field
    applies to it (a client with no company type or category), else nothing."""
    if not d.applies("", ""):
        return ""
    if d.type == "choice":
        return d.choices[0] if d.choices else ""
    return EXAMPLES.get(d.type) or _("example")


def template_rows(custom: tuple[FieldDef, ...]) -> tuple[list[str], list[str]]:
    """The template's header and example row: the bundled file's, then a column for each
    custom field in ``custom``."""
    text = data_file(TEMPLATE).read_text(encoding="utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))[:2]
    return header + [d.key for d in custom], example + [example_value(d) for d in custom]


def custom_columns_text() -> str:
    """The instructions' part on this registry's custom fields (extra columns by key)."""
    defs = definitions(active_only=True)
    if not defs:
        return ""
    title = _("Additional fields of this registry")
    lines = [
        "",
        "",
        title,
        "-" * len(title),
        _("Columns named by the field's key (the template has them):"),
    ]
    for d in defs:
        notes = [_(TYPES[d.type])]
        if d.required:
            notes.append(_("required"))
        if d.choices:
            notes.append(_("one of: {choices}").format(choices=", ".join(d.choices)))
        if d.category or d.company_type:
            notes.append(
                _("only category {code}").format(code=d.category)
                if d.category
                else _("only company type {code}").format(code=d.company_type)
            )
        lines.append(f"{d.key} ({d.label}): " + "; ".join(notes))
    return "\n".join(lines) + "\n"
