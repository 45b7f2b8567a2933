"""The dashboard's figures on a known data set, on SQLite and PostgreSQL (see
tests/dashboard_data.py for the clients, their dates and the imports)."""

import datetime as dt

import pytest
from dashboard_data import TODAY, create_known_clients, mexico_city  # noqa: F401 - a fixture

from tui_clients.db import models as m
from tui_clients.domain.i18n import set_language
from tui_clients.services.clients import dashboard
from tui_clients.services.clients.dashboard import ImportMonth, StateCounts


@pytest.fixture
def known(db, mexico_city):  # noqa: F811
    return create_known_clients()


def pairs(counts):
    return [(c.label, c.value) for c in counts]


def test_clients_by_state_leave_the_trash_out_and_count_it(known):
    assert dashboard.clients_by_state() == StateCounts(active=5, inactive=1, trash=1)


def test_clients_by_category_largest_first_those_without_last(known):
    assert pairs(dashboard.clients_by_category("Sin categoría")) == [
        ("General", 3),
        ("Facturación México (CFDI)", 1),
        ("Suscripción de servicios SaaS", 1),
        ("Sin categoría", 1),
    ]
    set_language("en")
    assert pairs(dashboard.clients_by_category())[0] == ("General", 3)
    assert pairs(dashboard.clients_by_category())[2] == ("SaaS subscription", 1)


def test_clients_by_country_by_name(known):
    assert pairs(dashboard.clients_by_country()) == [("México", 3), ("Perú", 2), ("Colombia", 1)]


def test_clients_by_region_of_their_main_address(known):
    regions = dashboard.clients_by_region(
        no_region="{country} sin región", no_address="Sin dirección"
    )
    assert pairs(regions) == [
        ("Jalisco (MX)", 2),
        ("Ciudad de México (MX)", 1),
        ("Lima (PE)", 1),
        ("Perú sin región", 1),
        ("Sin dirección", 1),
    ]
    assert regions[0].code == "MX/MX-JAL"


def test_only_the_main_address_counts(known):
    """A second address (billing) does not count its region a second time."""
    client = known["MXP00001"]
    m.Address.create(
        client=client, kind="billing", country="CO", region="CO-ANT", line="x", position=1
    )
    assert "Antioquia (CO)" not in [c.label for c in dashboard.clients_by_region()]


def test_new_clients_per_month_in_local_time(known):
    """PE-7 was added on 1 March at 05:00 UTC: 28 February in Mexico City.  CO-6 (February,
    now in the trash) is left out; CO-5 (March 2025) is older than the twelve months."""
    months = dashboard.new_clients_per_month(TODAY)
    assert months == {(2025, 4): 1, (2026, 1): 1, (2026, 2): 1, (2026, 3): 2}


def test_new_clients_per_month_follow_the_time_zone(db, monkeypatch):
    """At 05:00 UTC on 1 March it is still February in Mexico City, March in Madrid."""
    import time

    create_known_clients()
    for zone, february, march in (("America/Mexico_City", 1, 2), ("Europe/Madrid", 0, 3)):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        months = dashboard.new_clients_per_month(TODAY)
        assert (months.get((2026, 2), 0), months.get((2026, 3), 0)) == (february, march), zone
    monkeypatch.undo()
    time.tzset()


def test_imports_per_month_sum_each_months_imports(known):
    assert dashboard.imports_per_month(TODAY) == {
        (2026, 3): ImportMonth(files=2, imported=2000, updated=50, rejected=30),
        (2026, 1): ImportMonth(files=1, imported=100, updated=0, rejected=100),
    }


def test_an_empty_registry_has_empty_figures(db):
    assert dashboard.clients_by_state() == StateCounts(0, 0, 0)
    assert dashboard.clients_by_category() == []
    assert dashboard.clients_by_region() == []
    assert dashboard.new_clients_per_month(dt.date(2026, 3, 14)) == {}
    assert dashboard.imports_per_month(dt.date(2026, 3, 14)) == {}


def test_one_clients_figures_for_the_profile_summary(db, mexico_city):  # noqa: F811
    from dashboard_data import create_summarised_client

    from tui_clients.services.clients.figures import client_figures
    from tui_clients.services.clients.queries import get_client

    client = get_client(create_summarised_client())
    f = client_figures(client, TODAY)
    assert (f.addresses, f.contacts, f.emails, f.phones, f.servers) == (1, 1, 1, 1, 0)
    assert (f.services_own, f.services_inherited, f.services_active) == (1, 0, 1)
    assert f.changes == 4
    assert min(f.changes_per_month) == (2025, 4) and len(f.changes_per_month) == 12
    assert {k: v for k, v in f.changes_per_month.items() if v} == {
        (2025, 6): 1,
        (2026, 1): 1,
        (2026, 3): 2,
    }
    assert f.changed_fields == [("phones", 2), ("emails", 1), ("website", 1)]
    assert [(o.action, o.text) for o in f.origins] == [
        ("updated", "importación n.º 7 (actualizacion.csv)"),
        ("created", "importación n.º 3 ([bold]clientes.csv)"),
    ]
