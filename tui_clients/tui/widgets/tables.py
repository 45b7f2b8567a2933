"""Small lists of records in a DataTable (catalogs, a client's items, imports): filling
them again after a change without losing the operator's place, and the record under
the cursor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from rich.text import Text
from textual.widgets import DataTable

from tui_clients.domain.text import printable

T = TypeVar("T")


def cut(text: str, width: int) -> str:
    """At most ``width`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def refill(table: DataTable, rows: Iterable[Sequence[object]]) -> None:
    """Replace the rows (cells are shown literally: never as markup, no control
    characters); the cursor stays on the same line, or the last one."""
    row = table.cursor_row
    table.clear()
    count = 0
    for cells in rows:
        table.add_row(*(c if isinstance(c, Text) else Text(printable(str(c))) for c in cells))
        count += 1
    if count:
        table.move_cursor(row=min(max(row, 0), count - 1))


def highlighted(table: DataTable, records: Sequence[T]) -> T | None:
    """The record on the cursor's line (None when there are none)."""
    if not records:
        return None
    return records[min(max(table.cursor_row, 0), len(records) - 1)]
