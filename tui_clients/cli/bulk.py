"""Headless bulk commands: the import template, CSV import and export (exit codes for
scripts)."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui_clients.cli.common import EXIT_ERROR, EXIT_OK, EXIT_REFUSED, EXIT_REJECTED, error
from tui_clients.domain.csv.read import FileRefused, open_input
from tui_clients.domain.i18n import _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.faults import file_error
from tui_clients.services.output_files import OutputRefused


def files_written(write, messages: list[str]) -> int:
    """Run ``write()`` (it returns the paths it wrote) and say each path with its message;
    a file there already (not replaced without --replace), a symlink, a FIFO, a device or
    a folder that cannot be written is a message, exit 1."""
    try:
        paths = write()
    except OutputRefused as exc:
        return error(printable(exc.message()))
    except FileExistsError as exc:
        print(
            _("tui-clients: {path} exists already; choose another name or folder.").format(
                path=exc.args[0]
            ),
            file=sys.stderr,
        )
        return EXIT_REJECTED
    except OSError as exc:
        print(
            _("tui-clients: cannot write {path}: {error}").format(
                path=exc.filename, error=file_error(exc)
            ),
            file=sys.stderr,
        )
        return EXIT_REJECTED
    for message, path in zip(messages, paths, strict=True):
        print(message.format(path=path))
    return EXIT_OK


def cmd_template(target: str | None, replace: bool = False, xlsx: bool = False) -> int:
    from tui_clients.services.imports.template import write_template, write_template_xlsx

    if xlsx or (target and target.lower().endswith(".xlsx")):
        return files_written(
            lambda: (write_template_xlsx(target, overwrite=replace),),
            [_("Template written: {path}")],
        )
    return files_written(
        lambda: write_template(target, overwrite=replace),
        [_("Template written: {path}"), _("Instructions: {path}")],
    )


def readable_csv(path: str, as_json: bool = False) -> bool:
    """Whether the import's FILE argument is a file that can be read (a FIFO is never
    opened: that would wait for a writer); else why not: on stderr, or with ``as_json``
    as the JSON report of a refused file on stdout (as a refused file's content gives)."""
    try:
        open_input(path).close()
    except FileRefused as exc:
        if as_json:
            from tui_clients.cli.terminal import json_text

            refused = {"file": str(Path(path).absolute()), "status": "refused"}
            print(json_text(refused | {"refused": exc.error.message()}))
        else:
            print(
                _("The file was refused: {reason}").format(reason=exc.error.message()),
                file=sys.stderr,
            )
        return False
    return True


def import_outcome(report, as_json: bool, fields: dict, summary_text) -> int:
    """Print an import's result (``fields`` as JSON, else ``summary_text(report)``, or the
    reason a file was refused) and give its exit code: 0 all in, 1 rows rejected, 2 the
    file refused, 1 too when the import failed (the storage: the reason on stderr)."""
    common = {
        "file": report.file,
        "status": report.status,
        "rows": report.rows,
        "imported": report.imported,
        "rejected": report.rejected,
        "error_file": report.error_path or None,
        "refused": report.refused or None,
        "ignored_columns": report.ignored_columns,
        "dry_run": report.dry_run,
        "seconds": round(report.seconds, 2),
    }
    if as_json:
        from tui_clients.cli.terminal import json_text

        print(json_text(common | fields))
    elif report.status == "refused":
        print(_("The file was refused: {reason}").format(reason=report.refused), file=sys.stderr)
    elif report.status == "failed":  # the storage failed: what happened and what to do
        return error(report.refused)
    else:
        print(summary_text(report))
    if report.status == "refused":
        return EXIT_REFUSED
    if report.status == "failed":
        return EXIT_ERROR
    return EXIT_REJECTED if report.rejected else EXIT_OK


@contextmanager
def stopped_by_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl+C stops the import after its current batch, as the TUI's ctrl+x does
    (the same file imported again continues it); a second one ends the process at once."""

    def asked(_signum, _frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print(
            _("Stopping after the current batch… (Ctrl+C again to stop at once)"),
            file=sys.stderr,
        )

    before = signal.signal(signal.SIGINT, asked)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def cmd_import(settings, args) -> int:
    from tui_clients.services.imports.importer import run_import

    last = [time.monotonic()]  # the first line after 2 s: a short import prints none

    def progress(p) -> None:
        now = time.monotonic()
        if now - last[0] >= 2:
            last[0] = now
            print(
                ngettext(
                    "{rows:,} row read: {imported:,} imported, {updated:,} updated, "
                    "{rejected:,} rejected",
                    "{rows:,} rows read: {imported:,} imported, {updated:,} updated, "
                    "{rejected:,} rejected",
                    p.rows,
                ).format(rows=p.rows, imported=p.imported, updated=p.updated, rejected=p.rejected),
                file=sys.stderr,
            )

    if not readable_csv(args.file, args.json):
        return EXIT_REFUSED
    mapping = None
    if args.mapping:
        from tui_clients.domain.mapping import MappingError
        from tui_clients.services.imports.mappings import find_mapping

        try:
            mapping = find_mapping(args.mapping)
        except MappingError as exc:
            print(_("The mapping was refused: {reason}").format(reason=exc), file=sys.stderr)
            return EXIT_REFUSED
    stop = threading.Event()
    with stopped_by_ctrl_c(stop):
        report = run_import(
            args.file,
            update=args.update,
            dry_run=args.dry_run,
            errors_path=args.errors,
            replace_errors=args.replace,
            default_country=settings.default_country,
            progress=progress,
            cancel=stop,
            mapping=mapping,
            sheet=args.sheet,
        )
    return import_outcome(
        report,
        args.json,
        {
            "job": report.job_id,
            "updated": report.updated,
            "companies_created": report.companies_created,
            "warnings": report.warnings,
            "resumed_after_line": report.resumed_after or None,
            "addresses_geocoded": report.geocoded,
            "addresses_not_geocoded": report.not_geocoded,
            "addresses_to_geocode": report.to_geocode,
            "mapping": report.mapping or None,
            "sheet": report.sheet or None,
        },
        summary,
    )


def summary(report) -> str:
    lines = [
        (
            ngettext(
                "Checked (nothing stored): {rows:,} row",
                "Checked (nothing stored): {rows:,} rows",
                report.rows,
            )
            if report.dry_run
            else ngettext(
                "Import #{job}: {rows:,} row", "Import #{job}: {rows:,} rows", report.rows
            )
        ).format(job=report.job_id, rows=report.rows),
        (_("  would be imported: {n:,}") if report.dry_run else _("  imported: {n:,}")).format(
            n=report.imported
        ),
        (_("  would be updated: {n:,}") if report.dry_run else _("  updated: {n:,}")).format(
            n=report.updated
        ),
        _("  rejected: {n:,}").format(n=report.rejected),
        _("  companies created: {n:,}").format(n=report.companies_created),
    ]
    if report.mapping:
        how = {
            "saved": _("  read through the saved mapping “{name}”"),
            "layout": _("  read as a known layout: {name}"),
        }.get(report.mapping_found_by, _("  read through the mapping “{name}”"))
        lines.insert(1, how.format(name=report.mapping))
    if report.sheet:
        lines.insert(1, _("  sheet: {name}").format(name=report.sheet))
    if report.resumed_after:
        lines.insert(
            1,
            _(
                "  continued after line {line:,}, where an interrupted run of this "
                "file had stopped (its rows are counted here)"
            ).format(line=report.resumed_after),
        )
    if report.status == "cancelled" and not report.dry_run:
        lines.append(
            _(
                "  stopped before the end of the file: import the same file again to continue "
                "where it stopped"
            )
        )
    if report.warnings:
        lines.append(
            _(
                "  stored with a warning (a phone kept as typed or modernised, an RFC whose "
                "check digit fails): {n:,}"
            ).format(n=report.warnings)
        )
    if report.geocoded or report.not_geocoded:
        lines.append(
            _("  addresses placed on the map: {n:,} (not placed: {x:,})").format(
                n=report.geocoded, x=report.not_geocoded
            )
        )
    if report.to_geocode:
        lines.append(
            _(
                "  addresses left to the online geocoder: {n:,} "
                "(place them with: tui-clients geocode)"
            ).format(n=report.to_geocode)
        )
    if report.ignored_columns:
        lines.append(
            _("  ignored columns: {names}").format(
                names=", ".join(printable(n) for n in report.ignored_columns)
            )
        )
    if report.error_path:
        lines.append(_("  error file: {path}").format(path=report.error_path))
    return "\n".join(lines)


def cmd_export(args) -> int:
    from tui_clients.services.clients.listing import ClientFilter
    from tui_clients.services.imports.exporter import export_csv

    active = True if args.active else (False if args.inactive else None)
    where = ClientFilter(
        text=args.query,
        category=args.category.upper(),
        company_type=args.type.upper(),
        country=args.client_country.upper(),
        active=active,
        trash=args.trash,
    )
    if args.path == "-":
        from tui_clients.cli.terminal import csv_output

        rows = export_csv_stream(csv_output(), where)
    else:
        try:
            rows = export_csv(args.path, where, overwrite=args.replace)
        except OutputRefused as exc:  # a file there (no --replace), a symlink, a FIFO…
            return error(printable(exc.message()))
        except OSError as exc:
            print(
                _("tui-clients: cannot write {path}: {error}").format(
                    path=args.path, error=file_error(exc)
                ),
                file=sys.stderr,
            )
            return EXIT_REJECTED
    print(
        ngettext("{n:,} client exported.", "{n:,} clients exported.", rows).format(n=rows),
        file=sys.stderr,
    )
    return EXIT_OK


def export_csv_stream(out, where) -> int:
    """To standard output: no BOM (a pipe is not a spreadsheet), flushed at the end."""
    from tui_clients.domain.csv.write import write_csv
    from tui_clients.services.imports.exporter import export_columns, export_rows

    header, custom = export_columns()
    rows = write_csv(out, header, export_rows(where, custom=custom), bom=False)
    out.flush()
    return rows
