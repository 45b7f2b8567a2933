"""Dates as operators type them and spreadsheets save them: one rule for every date the
product accepts (custom fields, inventory deliveries…).

``2026-03-14`` (ISO, as exports write them) and day first, as in Mexico, Peru and
Colombia: ``14/03/2026``, ``14-03-2026`` or ``14.03.2026``; days and months may have
one digit.  Month-first dates are never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

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
