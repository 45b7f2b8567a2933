"""The profile's Summary tab: one client in figures, small enough to read at 80x24.

What the client has (addresses, contacts, services…), its changes per month as a small
column chart with the number under each month, the fields that changed most as bars
with their counts, and the imports that created or updated it.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.text import Text

from tui_clients.domain.charts import Bar, bar_chart, column_chart, month_label, number
from tui_clients.domain.dates import time_text
from tui_clients.domain.i18n import _
from tui_clients.domain.text import printable
from tui_clients.services.clients.figures import ClientFigures, client_figures
from tui_clients.services.dto import ClientDetail
from tui_clients.tui.profile.labels import field_labels, history_label
from tui_clients.tui.widgets.charts import chart_text

WIDTH = 70  # the charts' width: inside the profile's tab at 80 columns
TOP_FIELDS = 5


def today() -> dt.date:
    """The day the months count back from (local)."""
    return dt.date.today()


def heading(text: str) -> Text:
    return Text(text, style="bold")


def has_line(f: ClientFigures) -> Text:
    parts = [
        (_("Addresses"), f.addresses),
        (_("Contacts"), f.contacts),
        (_("E-mails"), f.emails),
        (_("Phones"), f.phones),
        (_("Servers"), f.servers),
    ]
    return Text(" · ".join(f"{name} {number(n)}" for name, n in parts))


def services_line(f: ClientFigures) -> Text:
    if not f.services_own and not f.services_inherited:
        return Text(_("No services."))
    return Text(
        _(
            "Own services: {own} · inherited from the company: {inherited} · active: {active}"
        ).format(own=f.services_own, inherited=f.services_inherited, active=f.services_active)
    )


def months_lines(f: ClientFigures) -> Text:
    labels = [(month_label(ym).split()[0], n) for ym, n in f.changes_per_month.items()]
    text = Text(no_wrap=True, overflow="ellipsis")
    bars, names, numbers = column_chart(labels)
    text.append(bars, style="cyan")
    text.append("\n" + names + "\n" + numbers)
    return text


def fields_lines(f: ClientFigures) -> Text:
    if not f.changed_fields:
        return Text(_("Nothing changed since it was registered."), style="italic")
    labels = field_labels()
    bars = [Bar(history_label(k, labels), n) for k, n in f.changed_fields]
    return chart_text(bar_chart(bars, WIDTH, top=TOP_FIELDS, others=_("Other fields ({n})")))


def origins_lines(f: ClientFigures) -> Text:
    if not f.origins:
        return Text(_("No import created or updated it."), style="italic")
    verbs = {"created": _("created by"), "updated": _("updated by")}
    rows = [
        f"{time_text(o.at)}  "  # as the History tab shows it
        f"{verbs.get(o.action, o.action)} {printable(o.text)}"
        for o in f.origins
    ]
    return Text("\n".join(rows), no_wrap=True, overflow="ellipsis")


def client_summary(c: ClientDetail) -> Group:
    """The Summary tab of ``c``'s profile."""
    f = client_figures(c, today())
    changes = _("Changes per month, last {months} months: {n} (in all: {total})").format(
        months=len(f.changes_per_month),
        n=number(sum(f.changes_per_month.values())),
        total=number(f.changes),
    )
    return Group(
        has_line(f),
        services_line(f),
        Text(""),
        heading(changes),
        months_lines(f),
        Text(""),
        heading(_("What changed most")),
        fields_lines(f),
        Text(""),
        heading(_("Imports that created or updated it")),
        origins_lines(f),
    )
