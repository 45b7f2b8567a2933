"""The dashboard's figures: clients by state, category, country and region, new clients
and imports per month.

Every figure is counted by the database (GROUP BY over an index), never by loading
clients: each one takes well under a second at a million clients (``bench/dashboard.py``).
Clients in the trash are left out of every figure but the trash's own count.  Months are
calendar months in local time (the machine's time zone): their boundaries are computed
here and compared with the stored UTC timestamps, the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias, cast

from peewee import Case, fn

from tui_clients.db import models as m
from tui_clients.domain.charts import last_months, next_month
from tui_clients.domain.i18n import get_language
from tui_clients.services.admin.catalogs import area_names

Month = tuple[int, int]  # (year, month)
_AreaRows: TypeAlias = "Iterable[tuple[str, str, int]]"  # (country, region, clients)
_Sum: TypeAlias = "int | Decimal | None"  # SQL's SUM: a Decimal on PostgreSQL, None over no rows


@dataclass(frozen=True)
class Count:
    """How many clients one group has; ``code`` is the catalog code ("" for none)."""

    code: str
    label: str
    value: int


@dataclass(frozen=True)
class StateCounts:
    active: int
    inactive: int
    trash: int

    @property
    def total(self) -> int:
        """The clients outside the trash."""
        return self.active + self.inactive


@dataclass(frozen=True)
class ImportMonth:
    files: int  # imports started that month (checks only are left out)
    imported: int  # new clients
    updated: int  # clients that existed and were updated
    rejected: int  # rows refused (in the error file)


def _live():
    return m.Client.deleted_at.is_null()


def _name(row) -> str:
    return row.name_en if get_language() == "en" else row.name_es


def _country_names(codes: list[str]) -> dict[str, str]:
    return {c.code: _name(c) for c in m.Country.select().where(m.Country.code.in_(codes))}


def _sorted(counts: list[Count]) -> list[Count]:
    """Largest first; the group without a code (no category, no region…) last."""
    return sorted(counts, key=lambda c: (c.code == "", -c.value, c.label))


def clients_by_state() -> StateCounts:
    query = (
        m.Client.select(m.Client.active, fn.COUNT(m.Client.id))
        .where(_live())
        .group_by(m.Client.active)
        .tuples()
    )
    rows = dict(cast("Iterable[tuple[bool, int]]", query))
    trash = m.Client.select().where(m.Client.deleted_at.is_null(False)).count()
    return StateCounts(
        active=sum(n for a, n in rows.items() if a),
        inactive=sum(n for a, n in rows.items() if not a),
        trash=trash,
    )


def clients_by_category(none_label: str = "") -> list[Count]:
    """Clients per category (names in the active language), largest first; those
    without a category last, as ``none_label``."""
    query = (
        m.Client.select(m.Client.category, fn.COUNT(m.Client.id))
        .where(_live())
        .group_by(m.Client.category)
        .tuples()
    )
    rows = cast("Iterable[tuple[int | None, int]]", query)
    categories = {c.id: c for c in m.Category.select()}
    counts = []
    for category_id, n in rows:
        c = categories.get(category_id) if category_id is not None else None
        counts.append(Count(c.code, _name(c), n) if c else Count("", none_label, n))
    return _sorted(counts)


def clients_by_country(none_label: str = "") -> list[Count]:
    """Clients per country (their document's country, as on the list), largest first."""
    query = (
        m.Client.select(m.Client.country, fn.COUNT(m.Client.id))
        .where(_live())
        .group_by(m.Client.country)
        .tuples()
    )
    rows = list(cast("Iterable[tuple[str, int]]", query))
    names = _country_names([code for code, _n in rows])
    return _sorted(
        [Count(code, names.get(code, code) if code else none_label, n) for code, n in rows]
    )


def clients_by_region(*, no_region: str = "{country}", no_address: str = "") -> list[Count]:
    """Clients per first-level region (state, department) of their main address, named
    "Jalisco (MX)", largest first; ``no_region`` names a country's addresses without a
    region (``{country}``: the country's name), ``no_address`` the clients without any
    address (both last).

    Every main address is counted from its index alone, then those of clients in the
    trash (few, found through the trash's index) are taken away: joining a million
    addresses to their clients took seconds."""
    A = m.Address
    counts: Counter[tuple[str, str]] = Counter()
    main = A.select(A.country, A.region, fn.COUNT(A.id)).where(A.position == 0)
    for country, region, n in cast(_AreaRows, main.group_by(A.country, A.region).tuples()):
        counts[(country, region)] += n
    in_trash = m.Client.select(m.Client.id).where(m.Client.deleted_at.is_null(False))
    trashed = (  # "+ 0": found by client, not by walking every main address again
        A.select(A.country, A.region, fn.COUNT(A.id))
        .where(A.client.in_(in_trash), A.position + 0 == 0)
        .group_by(A.country, A.region)
    )
    for country, region, n in cast(_AreaRows, trashed.tuples()):
        counts[(country, region)] -= n
    names: dict[str, dict[str, str]] = {}
    for country in {c for c, _r in counts}:
        names[country] = area_names(country, [r for c, r in counts if c == country])
    countries = _country_names(list(names))
    found = []
    for (country, region), n in counts.items():
        if n <= 0:
            continue
        if region:
            name = names[country].get(region, region)
            found.append(Count(f"{country}/{region}", f"{name} ({country})", n))
        else:
            found.append(Count("", no_region.format(country=countries.get(country, country)), n))
    without = clients_by_state().total - sum(c.value for c in found)
    if without > 0:
        found.append(Count("", no_address, without))
    return _sorted(found)


# --- months ------------------------------------------------------------------------------


def month_bounds(months: list[Month]) -> list[dt.datetime]:
    """The start of each month and the end of the last, at local midnight, as the UTC
    timestamps the database stores (naive)."""
    starts = [*months, next_month(months[-1])]
    return [
        dt.datetime(y, mo, 1).astimezone(dt.UTC).replace(tzinfo=None)  # naive = local time
        for y, mo in starts
    ]


def _month_of(field, months: list[Month]):
    """A CASE giving the index of the month ``field`` falls in (rows are already limited
    to the months' range); portable, and cheap next to reading the rows."""
    bounds = month_bounds(months)
    return Case(None, [(field >= b, i) for i, b in reversed(list(enumerate(bounds[:-1])))], 0)


def _in_months(field, months: list[Month]):
    bounds = month_bounds(months)
    return (field >= bounds[0]) & (field < bounds[-1])


def new_clients_per_month(today: dt.date | None = None, count: int = 12) -> dict[Month, int]:
    """Clients added in each of the last ``count`` months (this one included), by when
    they were added; those now in the trash are left out.  Months without any: absent."""
    months = last_months(today or dt.date.today(), count)
    C = m.Client
    month = _month_of(C.created_at, months)
    query = (
        C.select(month, fn.COUNT(C.id))
        .where(_live(), _in_months(C.created_at, months))
        .group_by(month)
    )
    return {months[int(i)]: n for i, n in cast("Iterable[tuple[int, int]]", query.tuples())}


def imports_per_month(today: dt.date | None = None, count: int = 12) -> dict[Month, ImportMonth]:
    """Rows imported, updated and rejected by the imports started in each of the last
    ``count`` months (checks only, ``--dry-run``, are left out)."""
    months = last_months(today or dt.date.today(), count)
    J = m.ImportJob
    month = _month_of(J.started_at, months)
    query = (
        J.select(month, fn.COUNT(J.id), fn.SUM(J.imported), fn.SUM(J.updated), fn.SUM(J.rejected))
        .where(J.dry_run == False, _in_months(J.started_at, months))  # noqa: E712
        .group_by(month)
    )
    return {
        months[int(i)]: ImportMonth(
            files, int(imported or 0), int(updated or 0), int(rejected or 0)
        )
        for i, files, imported, updated, rejected in cast(
            "Iterable[tuple[int, int, _Sum, _Sum, _Sum]]", query.tuples()
        )
    }
