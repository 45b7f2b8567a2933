"""The client import template: Client_Template.csv and its instructions, which end with
this registry's custom fields (extra columns by key)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_clients.domain.custom_fields import TYPES
from tui_clients.domain.i18n import _
from tui_clients.services.admin.catalogs import data_file
from tui_clients.services.admin.custom_fields import definitions

TEMPLATE = "Client_Template.csv"
INSTRUCTIONS = "Client_Template_instrucciones.txt"


def template_paths(target: str | None) -> tuple[Path, Path]:
    """Where `template [PATH]` writes: a folder gets Client_Template.csv, a .csv name is kept;
    the instructions go beside it."""
    path = Path(target) if target else Path.cwd()
    if path.is_dir() or not path.suffix:
        path = path / TEMPLATE
    return path, path.with_name(f"{path.stem}_instrucciones.txt")


def write_template(target: str | None) -> tuple[Path, Path]:
    csv_path, notes_path = template_paths(target)
    for path in (csv_path, notes_path):
        if path.exists():
            raise FileExistsError(path)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    for name, dest in ((TEMPLATE, csv_path), (INSTRUCTIONS, notes_path)):
        with data_file(name).open("rb") as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out)
    with notes_path.open("a", encoding="utf-8") as out:
        out.write(custom_columns_text())
    return csv_path, notes_path


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
        _("Optional columns, named by the field's key (add them to the template):"),
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
