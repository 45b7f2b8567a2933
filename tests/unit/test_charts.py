"""Text bar charts: bars to an eighth of a cell, figures beside them, always one line."""

import datetime as dt

import pytest

from tui_clients.domain.charts import (
    Bar,
    bar_cells,
    bar_chart,
    column_chart,
    cut,
    last_months,
    month_bars,
    month_label,
    next_month,
    share,
)
from tui_clients.domain.i18n import set_language


def test_bars_are_proportional_to_an_eighth_of_a_cell():
    assert bar_cells(100, 100, 10) == "█" * 10
    assert bar_cells(50, 100, 10) == "█" * 5
    assert bar_cells(55, 100, 10) == "█" * 5 + "▌"  # 5.5 cells
    assert bar_cells(1, 8, 1) == "▏"  # one eighth
    assert bar_cells(7, 8, 1) == "▉"
    assert bar_cells(0, 100, 10) == ""


def test_a_tiny_value_still_shows_and_a_zero_does_not():
    assert bar_cells(1, 1_000_000, 40) == "▏"
    assert bar_cells(0, 0, 40) == ""
    assert bar_cells(5, 0, 40) == ""  # nothing to compare with: no bar, never a division error


def test_shares_have_one_decimal_and_tiny_ones_are_not_zero():
    assert share(1, 3) == "33.3%"
    assert share(3, 1_000_000) == "<0.1%"
    assert share(0, 10) == "0.0%"
    assert share(10, 10) == "100.0%"
    assert share(1, 0) == ""


def test_labels_are_cut_with_an_ellipsis_and_never_wrap():
    assert cut("Facturación México (CFDI)", 12) == "Facturación…"
    assert cut("short", 12) == "short"
    assert cut("two\nlines", 20) == "two lines"


def test_a_chart_shows_the_number_beside_each_bar_with_its_share():
    lines = bar_chart([Bar("General", 750_000), Bar("SaaS", 250_000)], 60)
    texts = [line.text for line in lines]
    assert texts[0].startswith("General █")
    assert texts[0].endswith("750,000 75.0%")
    assert texts[1].startswith("SaaS    █")
    assert texts[1].endswith("250,000 25.0%")
    assert all(len(t) <= 60 for t in texts)
    assert lines[0].bar.strip() == "█" * len(lines[0].bar)  # the largest fills its column
    assert lines[1].bar.rstrip() == "█" * 12 + "▋"  # a third of 38 cells: 12 5/8


@pytest.mark.parametrize("width", [30, 40, 80, 120])
def test_every_line_fits_the_width_and_columns_line_up(width):
    bars = [
        Bar("Suscripción de servicios SaaS con factura mensual", 1_234_567_890),
        Bar("Distribuidor", 0),
        Bar("GEN", 3),
    ]
    lines = bar_chart(bars, width)
    assert all(len(line.text) <= width for line in lines)
    assert len({len(line.label) for line in lines}) == 1
    assert len({len(line.bar) for line in lines}) == 1
    assert lines[0].label.rstrip().endswith("…")
    assert "1,234,567,890" in lines[0].figures
    assert lines[1].bar.strip() == "" and lines[1].figures.strip().startswith("0 ")
    assert lines[2].bar.strip() == "▏"  # 3 of a billion is still visible
    assert lines[2].figures.endswith("<0.1%")


def test_rows_beyond_the_top_are_summed_in_one_others_row():
    bars = [Bar(f"R{i}", 100 - i) for i in range(12)]
    lines = bar_chart(bars, 60, top=10, others="Otras ({n})")
    assert len(lines) == 11
    assert lines[-1].label.strip() == "Otras (2)"
    assert "179" in lines[-1].figures  # 89 + 90
    assert lines[-1].bar.strip() == ""  # a sum of many rows: its figures, no bar
    assert lines[0].bar.strip() == "█" * len(lines[0].bar)  # the scale is the rows'
    assert len(bar_chart(bars[:11], 60, top=10)) == 11  # one row left over: shown as itself


def test_shares_of_a_given_total_and_notes_after_the_figures():
    lines = bar_chart([Bar("Activos", 8), Bar("Inactivos", 2, note="(x)")], 50, total=20)
    assert lines[0].figures == "8 40.0%"
    assert lines[1].figures == "2 10.0% (x)"


def test_an_empty_or_all_zero_chart():
    assert bar_chart([], 80) == []
    lines = bar_chart([Bar("a", 0), Bar("b", 0)], 40)
    assert [line.text.split() for line in lines] == [["a", "0"], ["b", "0"]]


def test_a_very_narrow_chart_keeps_a_bar():
    lines = bar_chart([Bar("Facturación México (CFDI)", 500_000)], 24, show_share=False)
    assert len(lines[0].text) <= 24
    assert "█" in lines[0].bar and "500,000" in lines[0].figures


def test_the_last_twelve_months_include_the_current_one():
    months = last_months(dt.date(2026, 3, 14))
    assert months[0] == (2025, 4) and months[-1] == (2026, 3) and len(months) == 12
    assert last_months(dt.date(2026, 12, 31), 2) == [(2026, 11), (2026, 12)]
    assert next_month((2026, 12)) == (2027, 1)


def test_month_series_show_empty_months_as_zero_in_the_language():
    months = last_months(dt.date(2026, 3, 1), 3)
    bars = month_bars(months, {(2026, 3): 5, (2026, 1): 2})
    assert [(b.label, b.value) for b in bars] == [("ene 2026", 2), ("feb 2026", 0), ("mar 2026", 5)]
    set_language("en")
    assert month_label((2026, 5)) == "May 2026"


def test_a_column_chart_has_a_column_a_label_and_a_number_per_month():
    bars, labels, numbers = column_chart([("ene", 0), ("feb", 4), ("mar", 8), ("abr", 1)])
    assert bars == " ·  ▄▄▄ ███ ▁▁▁"
    assert labels == "ene feb mar abr"
    assert numbers == " 0   4   8   1"
    wide = column_chart([("a", 12_345), ("b", 0)])  # the columns widen for the numbers
    assert wide == ["██████   ·", "  a      b", "12,345   0"]
