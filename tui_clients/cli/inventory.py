"""`tui-clients inventory import|template|export`: the inventory headless, with the
client import's exit codes (0 all imported, 1 rows rejected, 2 the file refused)."""

from __future__ import annotations

import argparse
import sys

from tui_clients.cli.bulk import files_written, import_outcome, readable_csv
from tui_clients.cli.common import EXIT_OK, EXIT_REFUSED, EXIT_REJECTED, error
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.faults import file_error
from tui_clients.services.output_files import OutputRefused


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    inv = sub.add_parser("inventory", parents=[common], help=N_("items delivered to clients"))
    actions = inv.add_subparsers(dest="inventory_command", metavar=N_("ACTION"), required=True)
    imp = actions.add_parser("import", parents=[common], help=N_("import items from a CSV file"))
    imp.add_argument("file", help=N_("the CSV file (the inventory template's columns)"))
    imp.add_argument(
        "--errors", help=N_("where to write the error file (default: beside the file)")
    )
    imp.add_argument("--dry-run", action="store_true", help=N_("check everything, store nothing"))
    imp.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    template = actions.add_parser(
        "template", parents=[common], help=N_("write the inventory CSV template")
    )
    template.add_argument("path", nargs="?", help=N_("a folder or a .csv name (default: here)"))
    template.add_argument(
        "--replace", action="store_true", help=N_("replace the file if it exists")
    )
    exp = actions.add_parser("export", parents=[common], help=N_("export items to CSV"))
    exp.add_argument(
        "path", nargs="?", default="-", help=N_("the CSV file to write, or - (default)")
    )
    exp.add_argument(
        "--client", default="", metavar=N_("CODE"), help=N_("only this client's items")
    )
    exp.add_argument("--replace", action="store_true", help=N_("replace the file if it exists"))


def cmd_template(target: str | None, replace: bool = False) -> int:
    from tui_clients.services.inventory.transfer import write_template

    return files_written(
        lambda: (write_template(target, overwrite=replace),), [_("Template written: {path}")]
    )


def run(args: argparse.Namespace) -> int:
    if args.inventory_command == "template":
        return cmd_template(args.path, args.replace)
    if args.inventory_command == "export":
        return cmd_export(args.path, args.client, args.replace)
    return cmd_import(args)


def cmd_import(args: argparse.Namespace) -> int:
    from tui_clients.services.inventory.transfer import run_inventory_import

    if not readable_csv(args.file, args.json):
        return EXIT_REFUSED
    report = run_inventory_import(args.file, errors_path=args.errors, dry_run=args.dry_run)
    return import_outcome(report, args.json, {"unchanged": report.unchanged}, summary)


def summary(report) -> str:
    """The counts of an inventory import, one per line."""
    lines = [
        (
            ngettext(
                "Checked (nothing stored): {rows:,} row",
                "Checked (nothing stored): {rows:,} rows",
                report.rows,
            )
            if report.dry_run
            else ngettext(
                "Inventory import: {rows:,} row", "Inventory import: {rows:,} rows", report.rows
            )
        ).format(rows=report.rows),
        (_("  would be imported: {n:,}") if report.dry_run else _("  imported: {n:,}")).format(
            n=report.imported
        ),
        _("  already registered, unchanged: {n:,}").format(n=report.unchanged),
        _("  rejected: {n:,}").format(n=report.rejected),
    ]
    if report.ignored_columns:
        lines.append(
            _("  ignored columns: {names}").format(names=", ".join(report.ignored_columns))
        )
    if report.error_path:
        lines.append(_("  error file: {path}").format(path=report.error_path))
    return "\n".join(lines)


def cmd_export(path: str, client_code: str, replace: bool = False) -> int:
    from tui_clients.db import models as m
    from tui_clients.services.inventory.transfer import export_inventory

    client_id = None
    if client_code:
        client = m.Client.get_or_none(m.Client.code == client_code.strip().upper())
        if client is None:
            print(
                _("tui-clients: no client has the code {code}").format(code=client_code),
                file=sys.stderr,
            )
            return EXIT_REJECTED
        client_id = client.id
    if path == "-":
        from tui_clients.cli.terminal import csv_output

        out = csv_output()  # exact bytes to a pipe; escaped on a terminal
        rows = export_inventory(out, client_id, bom=False)
        out.flush()
    else:
        try:
            rows = export_inventory(path, client_id, overwrite=replace)
        except OutputRefused as exc:  # a file there (no --replace), a symlink, a FIFO…
            return error(printable(exc.message()))
        except OSError as exc:
            print(
                _("tui-clients: cannot write {path}: {error}").format(
                    path=path, error=file_error(exc)
                ),
                file=sys.stderr,
            )
            return EXIT_REJECTED
    print(
        ngettext("{n:,} item exported.", "{n:,} items exported.", rows).format(n=rows),
        file=sys.stderr,
    )
    return EXIT_OK
