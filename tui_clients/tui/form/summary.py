"""The wizard's last step: everything that will be registered, to read before Finish."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tui_clients.domain.custom_fields import value_text
from tui_clients.domain.documents import document_label
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.i18n import _
from tui_clients.domain.text import printable
from tui_clients.services.admin import catalogs
from tui_clients.services.admin.custom_fields import applicable
from tui_clients.tui.form.entry_steps import KIND_LABELS
from tui_clients.tui.form.steps import STEP_TITLES, Step

MASK = "••••••••"


def _label(options: list[tuple[str, str]], code: str) -> str:
    return next((label for label, c in options if c == code), code)


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        if value:
            table.add_row(Text(label), Text(printable(value)))
    return table


def _heading(step: str) -> Text:
    return Text("\n" + _(STEP_TITLES[step]), style="bold underline")


def summary_sections(data: ClientInput, steps: list[str], default_country: str) -> list:
    """Rich renderables, one block per step, with user text always as plain Text."""
    d = data
    country = d.document_country or default_country
    types = [(label, code) for label, code, _k, _s in catalogs.company_types(country)]
    cats = [(label, code) for label, code, _s in catalogs.categories_for(d.company_type)]
    name = d.legal_name if d.person_kind != "fisica" else f"{d.first_name} {d.last_name}"
    blocks: list = [
        _table(
            [
                (_("Company type"), _label(types, d.company_type)),
                (_("Category"), _label(cats, d.category)),
                (
                    _("Document"),
                    f"{document_label(d.document_type, d.document_number)} ({country})",
                ),
                (_("Name / razón social"), name.strip()),
                (_("Trade name"), d.trade_name),
                (_("Internal code"), d.internal_code),
            ]
        )
    ]
    contacts = [
        f"{'★ ' if c.is_primary else ''}{c.first_name} {c.last_name} <{c.email}> {c.phone}".strip()
        for c in d.contacts
    ]
    blocks += [_heading("contacts"), Text("\n".join(map(printable, contacts)) or _("No contacts."))]
    if "addresses" in steps:
        lines = []
        for a in d.addresses:
            names = catalogs.area_names(a.country, [a.region, a.province, a.district])
            place = ", ".join(names.get(x, x) for x in (a.district, a.province, a.region) if x)
            parts = [a.line, a.detail, place, a.postal_code, a.country]
            lines.append(
                f"{_(KIND_LABELS.get(a.kind, a.kind))}: " + ", ".join(p for p in parts if p)
            )
        blocks += [
            _heading("addresses"),
            Text("\n".join(map(printable, lines)) or _("No addresses.")),
        ]
    if "fiscal_mx" in steps and d.fiscal:
        regimen, uso = catalogs.fiscal_names(d.fiscal.regimen, d.fiscal.uso_cfdi)
        blocks += [
            _heading("fiscal_mx"),
            _table(
                [
                    (_("Régimen fiscal"), regimen),
                    (_("Uso de CFDI"), uso),
                    (_("Fiscal postal code"), d.fiscal.postal_code),
                    (_("E-mails"), ", ".join(d.emails)),
                ]
            ),
        ]
    if "other" in steps:
        rows = [
            (_("Contact person"), d.contact_person),
            (_("Phones"), ", ".join(d.phones)),
            (_("Website"), d.website),
        ]
        if "fiscal_mx" not in steps:
            rows.append((_("E-mails"), ", ".join(d.emails)))
        blocks += [_heading("other"), _table(rows)]
    if "server" in steps and d.server:
        s = d.server
        rows = [
            (_("GitLab user"), s.gitlab_user),
            (_("Discord user"), s.discord_user),
            (_("Slack channel"), s.slack_channel),
            (_("Discord channel"), s.discord_channel),
        ]
        for srv in s.servers:
            secret = MASK if srv.password or srv.server_id else ""
            rows.append(
                (_("Server"), " ".join(x for x in (srv.host, srv.ip, srv.username, secret) if x))
            )
        blocks += [_heading("server"), _table(rows)]
    if "custom" in steps:
        defs = applicable(d.company_type, d.category)
        rows = [(f.label, value_text(f.type, d.custom.get(f.key, "").strip())) for f in defs]
        blocks += [_heading("custom"), _table(rows)]
    return blocks


class SummaryStep(Step):
    key = "finish"

    def fields(self):
        from textual.widgets import Static

        yield Static(
            Text(_("Check the data, then Finish (ctrl+f) registers the client.")), classes="intro"
        )
        sections = summary_sections(self.data, self.ctx.steps, self.ctx.default_country)
        yield Static(Group(*sections), id="summary")
