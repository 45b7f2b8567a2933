"""`tui-clients mapping list|show|export|import|delete|propose`: the column mappings that
read other systems' files (saved in the database for every operator, or built in)."""

from __future__ import annotations

import argparse
import sys

from tui_clients.cli.bulk import files_written
from tui_clients.cli.common import EXIT_OK, EXIT_REFUSED, error
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.mapping import MappingError, to_toml


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    top = sub.add_parser(
        "mapping",
        parents=[common],
        help=N_("column mappings that read other systems' files (Odoo, Outlook…)"),
    )
    actions = top.add_subparsers(dest="mapping_command", metavar=N_("ACTION"), required=True)
    listing = actions.add_parser(
        "list", parents=[common], help=N_("the saved mappings and the known layouts")
    )
    listing.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    show = actions.add_parser("show", parents=[common], help=N_("a mapping as TOML"))
    show.add_argument("name", help=N_("the mapping's name"))
    export = actions.add_parser(
        "export", parents=[common], help=N_("write a mapping to a TOML file")
    )
    export.add_argument("name", help=N_("the mapping's name"))
    export.add_argument(
        "path", nargs="?", default="-", help=N_("the file (default: -, the screen)")
    )
    export.add_argument("--replace", action="store_true", help=N_("replace the file if it exists"))
    imp = actions.add_parser(
        "import", parents=[common], help=N_("save a mapping from a TOML file, for everyone")
    )
    imp.add_argument("path", help=N_("the TOML file"))
    imp.add_argument(
        "--replace", action="store_true", help=N_("replace a saved mapping of the same name")
    )
    delete = actions.add_parser("delete", parents=[common], help=N_("delete a saved mapping"))
    delete.add_argument("name", help=N_("the mapping's name"))
    propose = actions.add_parser(
        "propose",
        parents=[common],
        help=N_("the mapping recognised for a file's columns, as TOML to check and import"),
    )
    propose.add_argument("file", help=N_("the file to read (CSV, .xlsx, .xls, .ods)"))
    propose.add_argument("path", nargs="?", default="-", help=N_("where to write it (default: -)"))
    propose.add_argument("--name", default="", help=N_("the mapping's name"))
    propose.add_argument(
        "--sheet", default=None, help=N_("the workbook's sheet (default: the first)")
    )
    propose.add_argument("--replace", action="store_true", help=N_("replace the file if it exists"))


def run(args: argparse.Namespace) -> int:
    try:
        return {
            "list": lambda: cmd_list(args.json),
            "show": lambda: _write_text(_text_of(args.name), "-", False),
            "export": lambda: _write_text(_text_of(args.name), args.path, args.replace),
            "import": lambda: cmd_import(args.path, args.replace),
            "delete": lambda: cmd_delete(args.name),
            "propose": lambda: cmd_propose(args),
        }[args.mapping_command]()
    except MappingError as exc:
        return error(str(exc))


def cmd_list(as_json: bool) -> int:
    from tui_clients.domain.layouts import LAYOUTS
    from tui_clients.services.imports.mappings import saved_mappings

    saved = saved_mappings()
    if as_json:
        from tui_clients.cli.terminal import json_text

        print(
            json_text(
                {
                    "saved": [
                        {
                            "name": s.name,
                            "fields": s.columns,
                            "columns": s.header,
                            "user": s.user,
                            "updated_at": str(s.updated_at),
                        }
                        for s in saved
                    ],
                    "known_layouts": list(LAYOUTS),
                }
            )
        )
        return EXIT_OK
    print(_("Saved mappings:"))
    for s in saved:
        fields = ngettext("{n} field", "{n} fields", s.columns).format(n=s.columns)
        print(
            _("  {name}: {fields}, from {count} columns (by {user})").format(
                name=s.name, fields=fields, count=len(s.header), user=s.user or "—"
            )
        )
    if not saved:
        print(_("  none (save one in the application, or with: tui-clients mapping import FILE)"))
    print(_("Known layouts (recognised with no setup):"))
    for name in LAYOUTS:
        print(f"  {name}")
    return EXIT_OK


def _text_of(name: str) -> str:
    """A saved mapping's TOML, or a known layout's, or a mapping file's."""
    from tui_clients.services.imports.mappings import find_mapping

    return to_toml(find_mapping(name))


def _write_text(text: str, path: str, replace: bool) -> int:
    if path == "-":
        sys.stdout.write(text)
        return EXIT_OK
    from tui_clients.services.output_files import private_output

    def write():
        with private_output(path, overwrite=replace, encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        return (path,)

    return files_written(write, [_("Mapping written: {path}")])


def cmd_import(path: str, replace: bool) -> int:
    from tui_clients.services.imports.mappings import read_mapping_file, save_mapping

    mapping = read_mapping_file(path)
    try:
        save_mapping(mapping, sorted(mapping.sources()), replace=replace)
    except MappingError as exc:
        return error(f"{exc} " + _("(--replace replaces it.)"))
    print(
        _("Mapping “{name}” saved: every operator of this registry has it.").format(
            name=mapping.name
        )
    )
    return EXIT_OK


def cmd_delete(name: str) -> int:
    from tui_clients.services.imports.mappings import delete_mapping

    if not delete_mapping(name):
        return error(_("There is no saved mapping “{name}”.").format(name=name))
    print(_("Mapping “{name}” deleted.").format(name=name))
    return EXIT_OK


def cmd_propose(args: argparse.Namespace) -> int:
    from tui_clients.domain.csv.decode import FileRefused
    from tui_clients.services.imports.mappings import proposal

    try:
        mapping = proposal(args.file, args.name or _("My mapping"), sheet=args.sheet)
    except FileRefused as exc:
        print(
            _("The file was refused: {reason}").format(reason=exc.error.message()), file=sys.stderr
        )
        return EXIT_REFUSED
    if not mapping.columns:
        return error(_("No column of this file could be recognised; write the mapping by hand."))
    return _write_text(to_toml(mapping), args.path, args.replace)
