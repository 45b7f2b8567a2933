"""Charts drawn with text: horizontal bars with their figures beside them.

Each row is a label, a bar of Unicode blocks (eighth blocks ``▏▎▍▌▋▊▉`` give a bar
eight steps per character cell) and the number with thousands separators, then the
row's share of the total.  A chart fits the width it is given: labels are cut with
an ellipsis, never wrapped, and the bar takes what the label and figures leave.
Plain strings only, so a front end decides the colours and a test reads the lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui_clients.domain.i18n import N_, _

FULL = "█"
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")  # 0/8 … 7/8 of a cell
ELLIPSIS = "…"
MIN_BAR = 4  # cells a bar keeps however long the labels are
MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


@dataclass(frozen=True)
class Bar:
    """One row to draw: what it counts, how many, and an optional note after the figures."""

    label: str
    value: int
    note: str = ""


@dataclass(frozen=True)
class ChartLine:
    """One drawn row: each part padded to its column, so rows line up."""

    label: str
    bar: str
    figures: str

    @property
    def text(self) -> str:
        return f"{self.label} {self.bar} {self.figures}".rstrip()


def number(value: int) -> str:
    """1234567 -> '1,234,567' (the separator the whole application uses)."""
    return f"{value:,}"


def share(value: int, total: int) -> str:
    """A share of ``total`` as a percentage with one decimal; a non-zero share too small
    to show is '<0.1%', never a misleading '0.0%'."""
    if total <= 0:
        return ""
    if value > 0 and value * 2000 < total:  # it would round to 0.0%
        return "<0.1%"
    return f"{100 * value / total:.1f}%"


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters: cut with an ellipsis, one line always."""
    text = " ".join(text.split())  # a line break in a name must not break the chart
    if len(text) <= width:
        return text
    return text[: width - 1] + ELLIPSIS if width > 0 else ""


def bar_cells(value: int, maximum: int, width: int) -> str:
    """A bar ``value / maximum`` of ``width`` cells long, to an eighth of a cell.  Any value
    above zero shows at least one eighth, so a small count is never invisible."""
    if value <= 0 or maximum <= 0 or width <= 0:
        return ""
    eighths = round(min(value, maximum) * width * 8 / maximum)
    eighths = max(eighths, 1)
    return FULL * (eighths // 8) + EIGHTHS[eighths % 8]


def top_rows(bars: list[Bar], top: int | None, others: str) -> tuple[list[Bar], Bar | None]:
    """The first ``top`` rows, and the rest summed in one row (``others`` may hold
    ``{n}``: how many rows it stands for), if any.  Order is the caller's."""
    if top is None or len(bars) <= top + 1:
        return list(bars), None
    rest = bars[top:]
    return list(bars[:top]), Bar(others.format(n=len(rest)), sum(b.value for b in rest))


def bar_chart(
    bars: list[Bar],
    width: int,
    *,
    show_share: bool = True,
    total: int | None = None,
    top: int | None = None,
    others: str = "Others ({n})",
    label_width: int | None = None,
) -> list[ChartLine]:
    """The rows as lines of at most ``width`` characters.  ``total`` is what shares are
    of (the sum of the rows by default); ``top`` keeps that many rows and sums the rest
    in an ``others`` row (its number and share only: a bar summing many rows would dwarf
    the rows themselves); ``label_width`` fixes the label column."""
    shown, rest = top_rows(bars, top, others)
    rows = [*shown, rest] if rest else shown
    if not rows:
        return []
    total = sum(b.value for b in rows) if total is None else total
    numbers = [number(b.value) for b in rows]
    digits = max(len(n) for n in numbers)
    shares = [share(b.value, total) if show_share else "" for b in rows]
    share_w = max(len(s) for s in shares)
    figures = [
        " ".join(x for x in (n.rjust(digits), s.rjust(share_w) if share_w else "", b.note) if x)
        for n, s, b in zip(numbers, shares, rows, strict=True)
    ]
    figures_w = max(len(f) for f in figures)
    wanted = max(len(" ".join(b.label.split())) for b in rows)
    label_w = label_width if label_width is not None else min(wanted, max(8, width // 3))
    bar_w = width - label_w - figures_w - 2
    if bar_w < MIN_BAR:  # a narrow screen: the labels give way to the bar first
        label_w = max(label_w - (MIN_BAR - bar_w), 3)
        bar_w = max(width - label_w - figures_w - 2, 1)
    maximum = max(b.value for b in shown)
    return [
        ChartLine(
            cut(b.label, label_w).ljust(label_w),
            ("" if b is rest else bar_cells(b.value, maximum, bar_w)).ljust(bar_w),
            f,
        )
        for b, f in zip(rows, figures, strict=True)
    ]


# --- months ------------------------------------------------------------------------------


def last_months(today: dt.date, count: int = 12) -> list[tuple[int, int]]:
    """The ``count`` calendar months up to and including ``today``'s, oldest first, as
    (year, month) pairs."""
    index = today.year * 12 + today.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def next_month(year_month: tuple[int, int]) -> tuple[int, int]:
    year, month = year_month
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_label(year_month: tuple[int, int]) -> str:
    """(2026, 3) -> 'Mar 2026' (Spanish: 'mar 2026')."""
    year, month = year_month
    return f"{_(MONTHS[month - 1])} {year}"


def month_bars(
    months: list[tuple[int, int]],
    counts: dict[tuple[int, int], int],
    notes: dict[tuple[int, int], str] | None = None,
) -> list[Bar]:
    """One bar per month, months without any count shown as zero."""
    notes = notes or {}
    return [Bar(month_label(ym), counts.get(ym, 0), notes.get(ym, "")) for ym in months]


# --- small column charts ------------------------------------------------------------------

LEVELS = "▁▂▃▄▅▆▇█"  # a column one cell high, in eighths


def column_chart(columns: list[tuple[str, int]], cell: int = 3) -> list[str]:
    """A one-line column chart for small summaries: three lines (columns, labels, numbers),
    each column ``cell`` characters wide (wider when a number needs it) and one apart, its
    height in eighths of a line.  A zero is a dot: an empty month is seen as empty."""
    values = [v for _l, v in columns]
    maximum = max(values, default=0)
    cell = max([cell, *(len(number(v)) for v in values)])
    bars, labels, numbers = [], [], []
    for label, value in columns:
        if value <= 0 or maximum <= 0:
            bars.append("·".center(cell))
        else:
            bars.append(LEVELS[max(round(value * len(LEVELS) / maximum) - 1, 0)] * cell)
        labels.append(cut(label, cell).center(cell))
        numbers.append(number(value).center(cell))
    return [" ".join(row).rstrip() for row in (bars, labels, numbers)]
