"""One date rule for the whole product: the custom fields and the inventory read the same
forms and refuse the same ones."""

import datetime as dt

import pytest

from tui_clients.domain.custom_fields import FieldDef, check_values
from tui_clients.domain.dates import read_date
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.inventory import parse_date

ACCEPTED = {
    "2026-03-14": dt.date(2026, 3, 14),
    "2026-3-4": dt.date(2026, 3, 4),
    "14/03/2026": dt.date(2026, 3, 14),
    "4/3/2026": dt.date(2026, 3, 4),
    "14-03-2026": dt.date(2026, 3, 14),
    "14.03.2026": dt.date(2026, 3, 14),
    " 29/02/2024 ": dt.date(2024, 2, 29),
}
REFUSED = ["", "31/02/2026", "29/02/2025", "03/14/2026", "2026/03/14", "14 de marzo", "14/03/26"]


@pytest.mark.parametrize(("text", "date"), ACCEPTED.items())
def test_every_accepted_form_reads_the_same_date_everywhere(text, date):
    assert read_date(text) == date
    assert parse_date(text, today=dt.date(2026, 12, 31)) == date
    field = FieldDef(1, "alta", "Alta", "date")
    values, problems = check_values([field], {"alta": text})
    assert problems == [] and values == {"alta": date.isoformat()}


@pytest.mark.parametrize("text", REFUSED)
def test_what_is_no_date_is_refused_everywhere(text):
    assert read_date(text) is None
    if text:
        with pytest.raises(ValidationError):
            parse_date(text, today=dt.date(2026, 12, 31))
        field = FieldDef(1, "alta", "Alta", "date")
        _, problems = check_values([field], {"alta": text})
        assert [p.code for p in problems] == ["date"]
