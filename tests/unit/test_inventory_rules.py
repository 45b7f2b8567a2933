"""The item rules (pure domain): serial, dates, lengths, control characters."""

import datetime as dt

import pytest

from tui_clients.domain.errors import ValidationError
from tui_clients.domain.inventory import ItemInput, clean_item, parse_date

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2026-03-14", dt.date(2026, 3, 14)),
        ("14/03/2026", dt.date(2026, 3, 14)),
        ("4/3/2026", dt.date(2026, 3, 4)),
        ("14-03-2026", dt.date(2026, 3, 14)),
        ("  ", None),
    ],
)
def test_dates_in_iso_or_day_month_year(typed, date):
    assert parse_date(typed, today=TODAY) == date


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2026", "“31/02/2026” no es una fecha"),
        ("03/14/2026", "no es una fecha"),
        ("mañana", "no es una fecha"),
        ("23/11/2026", "posterior a hoy"),
        ("01/01/1949", "anterior a 1950"),
    ],
)
def test_impossible_future_and_ancient_dates_are_refused(typed, message):
    with pytest.raises(ValidationError) as exc:
        parse_date(typed, today=TODAY)
    assert message in exc.value.errors[0].message()


def test_an_item_is_trimmed_in_capitals_and_every_field_error_is_named():
    item = clean_item(ItemInput("  ab-12   cd ", " Router  Huawei ", "", " OT-7 ", " Ana "))
    assert (item.serial, item.description, item.work_order, item.delivered_by) == (
        "AB-12 CD",
        "Router Huawei",
        "OT-7",
        "Ana",
    )
    with pytest.raises(ValidationError) as exc:
        clean_item(ItemInput("", "a\u202eb", "x", "O" * 51, "\x1b[2J"), today=TODAY)
    assert [e.field for e in exc.value.errors] == [
        "serial",
        "description",
        "delivered_on",
        "work_order",
        "delivered_by",
    ]
    assert "U+202E" in exc.value.errors[1].message()
