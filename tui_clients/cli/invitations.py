"""``tui-clients invitations send|list|smtp-password``: the outbox from a shell or cron."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys

from tui_clients.cli.common import EXIT_ERROR, EXIT_OK, error
from tui_clients.cli.terminal import json_text
from tui_clients.domain.dates import iso_text, time_text
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.invitations import STATUS_NAMES
from tui_clients.domain.text import printable
from tui_clients.services.settings import Settings


def add_parser(sub, common: argparse.ArgumentParser, positive) -> None:
    inv = sub.add_parser(
        "invitations",
        parents=[common],
        help=N_("send the invitations waiting in the outbox, list them"),
    )
    inv_sub = inv.add_subparsers(dest="inv_command", metavar=N_("ACTION"), required=True)
    send = inv_sub.add_parser(
        "send",
        parents=[common],
        help=N_("send pending invitations and retry failed ones that are due (for cron)"),
    )
    send.add_argument(
        "--limit", type=positive, default=100, help=N_("at most this many (default 100)")
    )
    send.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    lst = inv_sub.add_parser("list", parents=[common], help=N_("invitations, newest first"))
    lst.add_argument(
        "--client", default="", metavar=N_("CODE"), help=N_("only this client (CL-0000001)")
    )
    lst.add_argument("--status", choices=tuple(STATUS_NAMES), help=N_("only this status"))
    lst.add_argument("--limit", type=positive, default=50, help=N_("how many (default 50)"))
    lst.add_argument("--json", action="store_true", help=N_("machine-readable output"))
    inv_sub.add_parser(
        "smtp-password",
        parents=[common],
        help=N_(
            "store the SMTP password encrypted in the settings file (asked, or "
            "read from standard input)"
        ),
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.inv_command == "send":
        return cmd_send(settings, args.limit, args.json)
    return cmd_list(args.client, args.status, args.limit, args.json)


def cmd_send(settings: Settings, limit: int, as_json: bool) -> int:
    """Exit 0 when everything due was sent (or nothing was due), 1 when some failed or the
    settings cannot send."""
    from tui_clients.services.channels.invitations import deliver_pending, due_count, get_invitation
    from tui_clients.services.channels.mailer import config_from_settings

    config = config_from_settings(settings)
    report = deliver_pending(config, limit=limit)
    failed = []
    for invitation_id, reason in report.failed:
        row = get_invitation(invitation_id)
        failed.append(
            {
                "id": invitation_id,
                "client": row.client_code,
                "email": row.email,
                "reason": reason,
                "attempts": row.attempts,
                "next_attempt_at": iso_text(row.next_attempt_at),
            }
        )
    problem = ""
    if not report.configured:
        problem = _("Outgoing mail is not configured (smtp_host); nothing was sent.")
    elif report.problem:
        problem = _("The outgoing mail settings cannot be used: {problem}").format(
            problem=report.problem
        )
    if as_json:
        print(
            json_text(
                {
                    "sent": len(report.sent),
                    "failed": failed,
                    "waiting": due_count(),
                    "problem": problem,
                },
            )
        )
    elif not problem:
        for f in failed:
            print(
                printable(_("Invitation {id} to {email} ({client}) failed: {reason}").format(**f)),
                file=sys.stderr,
            )
        print(
            _("Invitations sent: {sent}; failed: {failed}.").format(
                sent=len(report.sent), failed=len(failed)
            )
        )
    if problem:
        return error(problem)
    return EXIT_ERROR if failed else EXIT_OK


def cmd_list(client_code: str, status: str | None, limit: int, as_json: bool) -> int:
    from tui_clients.db import models as m
    from tui_clients.services.channels.invitations import invitations

    client_id = None
    if client_code:
        found = m.Client.get_or_none(m.Client.code == client_code.strip().upper())
        if found is None:
            return error(_("no client with the code {code}").format(code=printable(client_code)))
        client_id = found.id
    rows = invitations(client_id, status=status, limit=limit)
    if as_json:
        print(
            json_text(
                [
                    {
                        "id": r.id,
                        "client": r.client_code,
                        "channel": r.channel,
                        "email": r.email,
                        "status": r.status,
                        "attempts": r.attempts,
                        "created_at": iso_text(r.created_at),
                        "created_by": r.created_by,
                        "sent_at": iso_text(r.sent_at),
                        "next_attempt_at": iso_text(r.next_attempt_at),
                        "reason": r.reason,
                    }
                    for r in rows
                ],
            )
        )
        return EXIT_OK
    for r in rows:
        state = _(STATUS_NAMES.get(r.status, r.status))
        print(
            printable(
                "  ".join(
                    x
                    for x in (
                        f"{r.id:>5}",
                        time_text(r.created_at),
                        r.client_code,
                        r.channel,
                        r.email,
                        state,
                        _("attempts: {n}").format(n=r.attempts),
                        r.reason,
                    )
                    if x
                )
            )
        )
    print(
        ngettext("{n} invitation shown.", "{n} invitations shown.", len(rows)).format(n=len(rows))
    )
    return EXIT_OK


_LINE = re.compile(r"^\s*smtp_password\s*=.*$", re.MULTILINE)


def cmd_smtp_password(settings: Settings) -> int:
    """Ask for the password (twice on a terminal) and keep it encrypted in settings.toml."""
    from tui_clients.services.admin.secrets import SecretKeyError
    from tui_clients.services.channels.mailer import encrypt_password

    if sys.stdin.isatty():
        first = getpass.getpass(_("SMTP password: "))
        if first != getpass.getpass(_("Again: ")):
            return error(_("the two passwords differ; nothing was stored"))
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    if not first:
        return error(_("no password given; nothing was stored"))
    try:
        token = encrypt_password(first)
    except SecretKeyError as exc:
        return error(str(exc))
    path = settings.path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f'smtp_password = "{token}"'
    if _LINE.search(text):
        text = _LINE.sub(line, text, count=1)
    else:
        text += ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT: it holds a secret
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(_("The SMTP password is stored encrypted in {path}.").format(path=path))
    if os.environ.get("TUI_CLIENTS_SMTP_PASSWORD"):
        print(
            _("Note: TUI_CLIENTS_SMTP_PASSWORD is set and takes precedence over the file."),
            file=sys.stderr,
        )
    return EXIT_OK
