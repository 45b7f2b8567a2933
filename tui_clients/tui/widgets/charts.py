"""Text charts as the screens show them (the dashboard, a profile's Summary tab)."""

from __future__ import annotations

from rich.text import Text

from tui_clients.domain.charts import ChartLine
from tui_clients.domain.text import printable


def chart_text(lines: list[ChartLine]) -> Text:
    """Chart lines as one Text: labels and figures literal (catalog names are data, never
    markup, control characters escaped), the bars coloured."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        text.append(printable(line.label) + " ")
        text.append(line.bar, style="cyan")
        text.append(" " + line.figures)
    return text
