"""Times are stored in UTC and shown in the operator's zone; the days the list filters by
are the operator's days.  In Mexico City (UTC-6) and Lima (UTC-5), on real databases."""

import datetime as dt
import json

from tui_clients.cli.main import main
from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.clients.queries import client_history, get_client
from tui_clients.services.clients.writing import create_client

STORED = dt.datetime(2026, 12, 5, 0, 2)  # UTC: in the evening of 4 December in both zones
LOCAL = {"America/Mexico_City": "2026-12-04 18:02", "America/Lima": "2026-12-04 19:02"}
OFFSET = {"America/Mexico_City": "-06:00", "America/Lima": "-05:00"}


def registered_at(stored: dt.datetime, number: str = "20131312955"):
    client = create_client(
        ClientInput(
            person_kind="moral",
            document_country="PE",
            document_type="RUC",
            document_number=number,
            legal_name="Inversiones Lima S.A.C.",
        )
    )
    m.Client.update(created_at=stored, updated_at=stored).where(m.Client.id == client.id).execute()
    m.ClientHistory.update(at=stored).where(m.ClientHistory.client == client.id).execute()
    return client


def test_times_are_local_and_date_filters_take_local_days(db, local_zone):
    client = registered_at(STORED)
    local = dt.datetime.fromisoformat(LOCAL[local_zone])
    detail = get_client(client.id)
    assert (detail.created_at, detail.updated_at) == (local, local)
    assert client_history(client.id)[0].at == local
    assert page(ClientFilter())[0].created_at == local
    day = dt.date(2026, 12, 4)  # the operator's day, though UTC says the 5th
    assert count(ClientFilter(added_from=day, added_to=day)) == 1
    assert count(ClientFilter(added_to=day)) == 1
    assert count(ClientFilter(added_from=day + dt.timedelta(days=1))) == 0
    assert count(ClientFilter(added_to=day - dt.timedelta(days=1))) == 0


def test_a_day_ends_at_local_midnight(db, local_zone):
    """Half past midnight local belongs to its local day; 23:59 local to the day before
    (in UTC both are on the 5th)."""
    hours = 6 if local_zone == "America/Mexico_City" else 5
    late, early = dt.datetime(2026, 12, 4, 23, 59), dt.datetime(2026, 12, 5, 0, 30)
    for local, ruc in ((late, "20131312955"), (early, "20100047218")):
        registered_at(local + dt.timedelta(hours=hours), ruc)
    the_4th, the_5th = dt.date(2026, 12, 4), dt.date(2026, 12, 5)
    assert count(ClientFilter(added_from=the_4th, added_to=the_4th)) == 1
    assert count(ClientFilter(added_from=the_5th, added_to=the_5th)) == 1
    assert [r.created_at for r in page(ClientFilter(), sort="added")] == [late, early]


def test_the_command_line_writes_local_times_with_their_offset(sqlite_db, local_zone, capsys):
    registered_at(STORED)
    capsys.readouterr()
    assert main(["search", "inversiones", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["clients"]
    assert row["created_at"] == LOCAL[local_zone].replace(" ", "T") + ":00" + OFFSET[local_zone]
