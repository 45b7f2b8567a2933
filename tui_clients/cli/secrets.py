"""``tui-clients secrets status|reset``: the key of server passwords, when it is lost."""

from __future__ import annotations

import argparse

from tui_clients.cli.common import EXIT_ERROR, EXIT_OK, error
from tui_clients.domain.i18n import N_, _, ngettext


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "secrets", parents=[common], help=N_("the key that encrypts server passwords")
    )
    cmd_sub = cmd.add_subparsers(dest="secrets_command", metavar=N_("ACTION"), required=True)
    cmd_sub.add_parser(
        "status", parents=[common], help=N_("how many stored passwords the key in use cannot open")
    )
    reset = cmd_sub.add_parser(
        "reset",
        parents=[common],
        help=N_(
            "forget the stored passwords the key in use cannot open (a lost key), so a "
            "new key can be made"
        ),
    )
    reset.add_argument("--yes", action="store_true", help=N_("do it: nothing is asked"))


def run(args: argparse.Namespace) -> int:
    from tui_clients.services.clients.server_keys import (
        forget_unreadable_passwords,
        unreadable_passwords,
    )
    from tui_clients.services.session import current_user

    lost = len(unreadable_passwords())
    if args.secrets_command == "status":
        if lost:
            print(
                ngettext(
                    "{n} stored server password cannot be opened with the key in use: "
                    "restore the key file from your backup, or run "
                    "`tui-clients secrets reset --yes` to forget it.",
                    "{n} stored server passwords cannot be opened with the key in use: "
                    "restore the key file from your backup, or run "
                    "`tui-clients secrets reset --yes` to forget them.",
                    lost,
                ).format(n=lost)
            )
            return EXIT_ERROR
        print(_("Every stored server password opens with the key in use."))
        return EXIT_OK
    if not lost:
        print(_("Every stored server password opens with the key in use: nothing to forget."))
        return EXIT_OK
    if not args.yes:
        return error(
            ngettext(
                "{n} stored server password would be forgotten for good; if the key file "
                "can be restored from a backup, do that instead; else add --yes.",
                "{n} stored server passwords would be forgotten for good; if the key file "
                "can be restored from a backup, do that instead; else add --yes.",
                lost,
            ).format(n=lost)
        )
    forgotten = forget_unreadable_passwords(current_user())
    print(
        ngettext(
            "{n} server password forgotten; the client's history says so. The next "
            "password saved makes a new key.",
            "{n} server passwords forgotten; the history of each client says so. The next "
            "password saved makes a new key.",
            forgotten,
        ).format(n=forgotten)
    )
    return EXIT_OK
