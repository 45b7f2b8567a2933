"""Dates and times: how they are read, which zone they are in, and how they are written.

Read: as operators type them and spreadsheets save them, one rule for every date the
product accepts (custom fields, inventory deliveries…): ``2026-03-14`` (ISO, as exports
write them) and day first, as in Mexico, Peru and Colombia: ``14/03/2026``,
``14-03-2026`` or ``14.03.2026``; days and months may have one digit.  Month-first dates
are never guessed.

Zone: the database stores times in UTC (naive).  The services convert them once, with
:func:`local_time`, into the operator's local zone (``TZ``, or the system's), and turn
the local days an operator filters by into UTC bounds with :func:`day_start_utc`.

Written: one way everywhere, on screen and in the command line's output: ``2026-12-04``
(:func:`date_text`) and ``2026-12-04 18:02`` (:func:`time_text`); machine output (JSON)
as ISO 8601 with the local offset (:func:`iso_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import overload

from tui_clients.domain.i18n import _

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%Y-%m-%d %H:%M"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})")


def read_date(text: str) -> dt.date | None:
    """The date ``text`` writes, or None when it is no date in an accepted form."""
    text = text.strip()
    iso, day_first = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
    if iso:
        year, month, day = iso.group(1, 2, 3)
    elif day_first:
        day, month, year = day_first.group(1, 2, 3)
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 31/02/2026
        return None


@overload
def local_time(stored: dt.datetime | str) -> dt.datetime: ...
@overload
def local_time(stored: None) -> None: ...
@overload
def local_time(stored: dt.datetime | str | None) -> dt.datetime | None: ...


def local_time(stored: dt.datetime | str | None) -> dt.datetime | None:
    """A stored time (UTC, naive; SQLite may hand it back as text) in the operator's local
    zone, naive: what every record the services return holds."""
    if stored is None:
        return None
    if isinstance(stored, str):
        stored = dt.datetime.fromisoformat(stored)
    return stored.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def utc_time(local: dt.datetime) -> dt.datetime:
    """A local time (naive) as the database stores it: UTC, naive."""
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def day_start_utc(day: dt.date) -> dt.datetime:
    """When the local day ``day`` begins, as a stored (UTC) time: a filter "added on
    2026-12-04" runs from this to the start of the next day."""
    return utc_time(dt.datetime.combine(day, dt.time()))


def date_text(value: dt.date | None) -> str:
    """``2026-12-04`` ("" for none): every date on screen and in the command line."""
    return f"{value:{DATE_FORMAT}}" if value is not None else ""


def time_text(value: dt.datetime | None) -> str:
    """``2026-12-04 18:02`` ("" for none): every (local) time on screen and in the command line."""
    return f"{value:{TIME_FORMAT}}" if value is not None else ""


def day_or_time_text(value: dt.datetime, today: dt.date) -> str:
    """A (local) time in a narrow column: ``hoy 18:02`` on ``today``, else ``2026-12-04``
    (``12-04 18:02`` read as the 12th of April to a Spanish reader)."""
    if value.date() == today:
        return _("today {time}").format(time=f"{value:%H:%M}")
    return date_text(value.date())


def iso_text(value: dt.datetime | None) -> str | None:
    """A local time for machine output: ISO 8601 with its offset (``2026-12-04T18:02:00-06:00``)."""
    return value.astimezone().isoformat(timespec="seconds") if value is not None else None
