"""Command line: ``tui-clients`` starts the TUI; subcommands work headless.

Textual is imported only when the TUI starts, so scripts and cron jobs stay light.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from tui_clients import __version__
from tui_clients.cli.common import EXIT_INTERRUPTED, EXIT_OK, error
from tui_clients.cli.parser import Parser
from tui_clients.db.connection import DatabaseUrlError, safe_url
from tui_clients.db.migrations import SchemaTooNew
from tui_clients.domain.i18n import (
    DEFAULT_LANGUAGE,
    N_,
    _,
    language_from_locale,
    ngettext,
    set_language,
)
from tui_clients.services.settings import OPTIONS, Settings, SettingsError, secret_key_path


def _global_options() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=N_("database URL (sqlite:///file.db, postgresql://…); env TUI_CLIENTS_DB"),
    )
    common.add_argument(
        "--lang",
        choices=("es", "en"),
        default=argparse.SUPPRESS,
        help=N_("language of the interface and messages"),
    )
    common.add_argument(
        "--country",
        metavar="CC",
        default=argparse.SUPPRESS,
        help=N_("default country: MX, PE or CO"),
    )
    return common


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a whole number").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = Parser(
        prog="tui-clients",
        parents=[common],
        description=N_("Register and manage business clients from the terminal."),
    )
    parser.add_argument("--version", action="store_true", help=N_("print the version and database"))
    sub = parser.add_subparsers(dest="command", metavar=N_("COMMAND"))
    sub.add_parser("tui", parents=[common], help=N_("start the terminal interface (the default)"))
    sub.add_parser("info", parents=[common], help=N_("version, database location and size, counts"))
    config = sub.add_parser(
        "config", parents=[common], help=N_("effective settings and their origin")
    )
    config.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    db = sub.add_parser("db", parents=[common], help=N_("database maintenance"))
    db_sub = db.add_subparsers(dest="db_command", metavar=N_("ACTION"), required=True)
    db_sub.add_parser("upgrade", parents=[common], help=N_("apply pending schema migrations"))
    search = sub.add_parser(
        "search", parents=[common], help=N_("find clients (same rules as the list)")
    )
    search.add_argument(
        "query", help=N_("words to find in names, documents, e-mails, phones, codes…")
    )
    search.add_argument(
        "--limit", type=_positive, default=20, help=N_("how many to show (default 20)")
    )
    search.add_argument("--trash", action="store_true", help=N_("search the trash instead"))
    search.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    search.add_argument(
        "--near",
        default="",
        metavar=N_("PLACE"),
        help=N_(
            "only clients whose main address is near a place or a client "
            "(e.g. 'Miraflores, Lima, Perú' or CL-0000001)"
        ),
    )
    search.add_argument("--km", type=_positive, default=10, help=N_("how near, in km (default 10)"))
    demo = sub.add_parser("demo", parents=[common], help=N_("add realistic demo clients"))
    demo.add_argument(
        "--count", type=_positive, default=1000, help=N_("how many clients (default 1000)")
    )
    demo.add_argument("--seed", type=int, default=None, help=N_("random seed, for repeatable data"))
    template = sub.add_parser(
        "template", parents=[common], help=N_("write the CSV import template")
    )
    template.add_argument("path", nargs="?", help=N_("a folder or a .csv name (default: here)"))
    template.add_argument(
        "--replace", action="store_true", help=N_("replace the file if it exists")
    )
    template.add_argument(
        "--xlsx",
        action="store_true",
        help=N_("an Excel workbook, every column as text, with drop-down lists"),
    )
    imp = sub.add_parser(
        "import", parents=[common], help=N_("import clients from a CSV file or a workbook")
    )
    imp.add_argument(
        "file",
        help=N_(
            "the CSV file or workbook (.xlsx, .xls, .ods): the template's columns, or "
            "another system's through a mapping"
        ),
    )
    imp.add_argument(
        "--mapping",
        metavar=N_("NAME|FILE.toml"),
        help=N_("read the file through this column mapping (saved, known, or a TOML file)"),
    )
    imp.add_argument("--sheet", help=N_("the workbook's sheet to read (default: the first)"))
    imp.add_argument(
        "--errors", help=N_("where to write the error file (default: beside the file)")
    )
    imp.add_argument("--update", action="store_true", help=N_("update clients that exist already"))
    imp.add_argument("--dry-run", action="store_true", help=N_("check everything, store nothing"))
    imp.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    imp.add_argument(
        "--replace", action="store_true", help=N_("replace the --errors file if it exists")
    )
    exp = sub.add_parser(
        "export", parents=[common], help=N_("export clients to CSV (template columns)")
    )
    exp.add_argument(
        "path",
        nargs="?",
        default="-",
        help=N_("the CSV file to write (a .xlsx name: a workbook), or - (default)"),
    )
    exp.add_argument("--query", default="", help=N_("only clients matching these words"))
    exp.add_argument("--category", default="", help=N_("only this category (code)"))
    exp.add_argument("--type", default="", help=N_("only this company type (code)"))
    exp.add_argument(
        "--client-country", default="", help=N_("only clients of this country (MX, PE, CO)")
    )
    state = exp.add_mutually_exclusive_group()
    state.add_argument("--active", action="store_true", help=N_("only active clients"))
    state.add_argument("--inactive", action="store_true", help=N_("only inactive clients"))
    exp.add_argument("--trash", action="store_true", help=N_("export the trash instead"))
    exp.add_argument("--replace", action="store_true", help=N_("replace the file if it exists"))
    geo = sub.add_parser(
        "geocode", parents=[common], help=N_("give coordinates to addresses that have none")
    )
    geo.add_argument(
        "--missing", action="store_true", help=N_("only addresses never tried (the default)")
    )
    geo.add_argument(
        "--retry", action="store_true", help=N_("also those the geocoder could not place before")
    )
    from tui_clients.cli import inventory as cli_inventory

    cli_inventory.add_parser(sub, common)
    from tui_clients.cli.mappings import add_parser as add_mappings

    add_mappings(sub, common)
    from tui_clients.cli.invitations import add_parser as add_invitations

    add_invitations(sub, common, _positive)
    from tui_clients.cli.secrets import add_parser as add_secrets

    add_secrets(sub, common)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    flags = {
        "database": getattr(args, "db", None),
        "language": getattr(args, "lang", None),
        "default_country": getattr(args, "country", None),
    }
    return Settings.load(flags)


def main(argv: Sequence[str] | None = None) -> int:
    from tui_clients.cli.terminal import escaped_output

    with escaped_output():  # control characters are shown escaped, whatever prints them
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    from tui_clients.services.faults import storage_fault

    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C: said in a line, not in a traceback
        print(_("Interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `tui-clients … | head`: the reader left, nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a full disk, a read-only file, a lost server: one message
        fault = storage_fault(exc)
        if fault is None:
            raise
        return error(fault.message())


def _asked_language(argv: Sequence[str] | None) -> str:
    """The language of --help, of a usage error and of a settings error: the one asked
    for (--lang, then the settings), before the arguments are understood."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default=None)
    flag = early.parse_known_args(sys.argv[1:] if argv is None else argv)[0].lang
    try:
        return Settings.load({"language": flag}).language
    except SettingsError:
        return (
            flag or os.environ.get("TUI_CLIENTS_LANG") or language_from_locale() or DEFAULT_LANGUAGE
        )


def _main(argv: Sequence[str] | None) -> int:
    set_language(_asked_language(argv))
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
    except SettingsError as exc:
        return error(str(exc))
    set_language(settings.language)
    for warning in settings.warnings:
        print(f"tui-clients: {warning}", file=sys.stderr)
    command = args.command or ("version" if args.version else "tui")
    if command == "config":
        return cmd_config(settings, args.json)
    if command == "inventory" and args.inventory_command == "template":
        from tui_clients.cli.inventory import cmd_template as inventory_template

        return inventory_template(args.path, args.replace)
    from tui_clients.services.admin.secrets import SecretKeyError

    try:
        use_secret_key(settings)
    except SecretKeyError as exc:  # a key that is not one is a message, not a traceback
        return error(str(exc))
    if command == "invitations" and args.inv_command == "smtp-password":  # needs no database
        from tui_clients.cli.invitations import cmd_smtp_password

        return cmd_smtp_password(settings)
    try:
        from tui_clients.services.admin.database import prepare

        default = settings.values["database"].source == "default"
        db, applied = prepare(settings.database, create_folder=default)
    except (DatabaseUrlError, SchemaTooNew) as exc:
        return error(str(exc))
    except Exception as exc:  # a database that cannot be opened is a message, not a traceback
        if exc.__class__.__module__.split(".")[0] not in ("peewee", "sqlite3", "psycopg2"):
            raise
        from tui_clients.services.faults import storage_fault

        fault = storage_fault(exc)  # read-only, full, locked, the server: what to do
        return error(
            _("cannot open the database {url}: {error}").format(
                url=safe_url(settings.database), error=fault.message() if fault else exc
            )
        )
    from tui_clients.services.admin.database import upgrade_notes

    notes = upgrade_notes(applied)
    for note in notes:
        print(f"tui-clients: {note}", file=sys.stderr)
    from tui_clients.services.geo.geocoding import use_settings

    use_settings(settings)
    handler = {
        "version": lambda: cmd_info(db, settings, short=True),
        # the template lists the registry's custom fields: it needs the database
        "template": lambda: _bulk().cmd_template(args.path, args.replace, args.xlsx),
        "info": lambda: cmd_info(db, settings),
        "db": lambda: cmd_db_upgrade(db, applied),
        "demo": lambda: cmd_demo(db, settings, args.count, args.seed),
        "tui": lambda: cmd_tui(settings, notes),
        "search": lambda: _search().cmd_search(
            args.query, args.limit, args.trash, args.json, _search().near(args, settings)
        ),
        "import": lambda: _bulk().cmd_import(settings, args),
        "export": lambda: _bulk().cmd_export(args),
        "geocode": lambda: _search().cmd_geocode(args.retry),
        "inventory": lambda: _inventory().run(args),
        "mapping": lambda: _mappings().run(args),
        "invitations": lambda: _invitations().run(settings, args),
        "secrets": lambda: _secrets().run(args),
    }[command]
    return handler()


def _bulk():
    from tui_clients.cli import bulk as cli_bulk

    return cli_bulk


def _search():
    from tui_clients.cli import search as cli_search

    return cli_search


def _inventory():
    from tui_clients.cli import inventory as cli_inventory

    return cli_inventory


def _mappings():
    from tui_clients.cli import mappings as cli_mappings

    return cli_mappings


def _invitations():
    from tui_clients.cli import invitations as cli_invitations

    return cli_invitations


def _secrets():
    from tui_clients.cli import secrets as cli_secrets

    return cli_secrets


def use_secret_key(settings: Settings) -> None:
    """Give the services the key for server passwords: the configured one, else the key file."""
    from tui_clients.services.admin import secrets

    if settings.secret_key:
        secrets.use_key(settings.secret_key, origin=settings.values["secret_key"].source)
    else:
        secrets.use_key_file(secret_key_path())


def cmd_config(settings: Settings, as_json: bool) -> int:
    rows = {o.key: settings.values[o.key] for o in OPTIONS}
    if as_json:
        from tui_clients.cli.terminal import json_text

        print(json_text({k: {"value": v.shown(), "source": v.source} for k, v in rows.items()}))
        return EXIT_OK
    print(_("Settings file: {path}").format(path=settings.path))
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"{key.ljust(width)}  {value.shown()}  ({value.source})")
    return EXIT_OK


def cmd_info(db, settings: Settings, short: bool = False) -> int:
    from tui_clients.services.admin.database import describe
    from tui_clients.services.clients.listing import ClientFilter, count

    info = describe(db, settings.database)
    print(f"tui-clients {__version__}")
    print(_("Database: {url}").format(url=info.path or info.url))
    if short:
        return EXIT_OK
    if info.size_bytes is not None:
        print(_("Size: {mb:.1f} MB").format(mb=info.size_bytes / 1e6))
    print(
        _("Schema version: {v} (latest {latest})").format(
            v=info.schema_version, latest=info.latest_version
        )
    )
    print(
        _("Clients: {n} ({trash} in the trash)").format(
            n=f"{count(ClientFilter()):,}", trash=f"{count(ClientFilter(trash=True)):,}"
        )
    )
    return EXIT_OK


def cmd_db_upgrade(db, applied) -> int:
    from tui_clients.db import migrations

    for migration in applied:
        print(_("Applied migration {v}: {name}").format(v=migration.version, name=migration.name))
    print(
        _("Schema is at version {v}; nothing is pending.").format(v=migrations.current_version(db))
    )
    return EXIT_OK


def cmd_demo(db, settings: Settings, count: int, seed: int | None) -> int:
    from tui_clients.services.admin.demo import generate

    started = time.perf_counter()
    last = [started]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 2 or done == count:
            last[0] = now
            print(
                _("{done:,} / {count:,} clients ({rate:,.0f}/s)").format(
                    done=done, count=count, rate=done / max(now - started, 1e-9)
                ),
                file=sys.stderr,
            )

    generate(db, count, seed=seed, progress=progress)
    elapsed = time.perf_counter() - started
    print(
        ngettext(
            "Added {count:,} demo client in {s:.1f} s ({rate:,.0f} clients/s).",
            "Added {count:,} demo clients in {s:.1f} s ({rate:,.0f} clients/s).",
            count,
        ).format(count=count, s=elapsed, rate=count / max(elapsed, 1e-9))
    )
    return EXIT_OK


def cmd_tui(settings: Settings, notes: list[str]) -> int:
    from tui_clients.cli.terminal import unfiltered
    from tui_clients.tui.app import ClientsApp

    with unfiltered():  # Textual draws the screen itself (its text: printable(), no markup)
        ClientsApp(settings, [*settings.warnings, *notes]).run()
    return EXIT_OK
