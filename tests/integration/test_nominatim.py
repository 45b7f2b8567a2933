"""The Nominatim path, with geopy's real client against a server on 127.0.0.1 that
answers like Nominatim: answers are used, and failures, timeouts and "nothing found"
leave the answer to the offline gazetteer."""

import time

import pytest

from tui_clients.services.geo import geocoding


def test_the_server_answers_through_geopys_client(nominatim):
    nominatim.mode = "ok"
    found = geocoding.geocode("Calle 63 # 11-20, Chapinero", "CO-DC", "CO")
    assert (found.latitude, found.longitude, found.level, found.source) == (
        4.65,
        -74.05,
        "locality",
        "nominatim",
    )
    [asked] = nominatim.asked
    assert asked["path"] == "/search" and asked["countrycodes"] == ["co"]
    assert asked["q"] == ["Calle 63 # 11-20, Chapinero, Distrito Capital de Bogotá, Colombia"]
    assert asked["agent"] == "tui-clients-test"
    again = geocoding.geocode("Calle 63 # 11-20, Chapinero", "CO-DC", "CO")
    assert again == found and len(nominatim.asked) == 1  # the cache answered


def test_the_server_is_asked_with_every_part_of_the_address(nominatim):
    """Colonia, municipality, postal code, state and country, as typed in the form; a
    Peruvian district and province by their names, not their ubigeo codes."""
    from tui_clients.domain.entities import AddressInput, ClientInput
    from tui_clients.services.clients.writing import create_client

    for number, address in [
        (
            "P-1",
            AddressInput(
                country="MX",
                region="MX-JAL",
                province="Zapopan",
                district="Ciudad Granja",
                postal_code="45010",
                line="Av. Chapultepec 480",
            ),
        ),
        (
            "P-2",
            AddressInput(
                country="PE",
                region="15",
                province="1501",
                district="150131",
                line="Calle Las Flores 1",
            ),
        ),
    ]:
        create_client(
            ClientInput(
                person_kind="moral",
                document_type="REF",
                document_number=number,
                legal_name=f"Cliente {number}",
                addresses=[address],
            )
        )
    geocoding.fill_missing()
    assert [(a["q"], a["countrycodes"]) for a in nominatim.asked] == [
        (["Av. Chapultepec 480, Ciudad Granja, Zapopan, 45010, Jalisco, México"], ["mx"]),
        (["Calle Las Flores 1, San Isidro, Lima, Perú"], ["pe"]),
    ]


@pytest.mark.parametrize("mode", ["fail", "slow", "empty"])
def test_a_failing_slow_or_empty_server_leaves_it_to_the_gazetteer(nominatim, mode):
    nominatim.mode = mode
    started = time.monotonic()
    found = geocoding.geocode("Cra. 71a #75b-24, Bogotá", "", "CO")
    assert time.monotonic() - started < 1.4  # the timeout (0.5 s), not the server's 1.5 s
    assert (found.level, found.source) == ("locality", "gazetteer")
    assert abs(found.latitude - 4.61) < 0.1
    assert len(nominatim.asked) == 1


def test_with_an_online_geocoder_saving_does_not_wait_for_the_network(nominatim):
    from tui_clients.db import models as m
    from tui_clients.domain.entities import AddressInput, ClientInput
    from tui_clients.services.clients.writing import create_client

    create_client(
        ClientInput(
            person_kind="moral",
            document_type="REF",
            document_number="N-1",
            legal_name="Nube S.A.S.",
            addresses=[AddressInput(country="CO", line="Cra. 7 # 70-10, Bogotá")],
        )
    )
    assert nominatim.asked == [] and m.Address.get().geocode_level == ""  # asked later
    report = geocoding.fill_missing()
    assert report.placed == 1 and m.Address.get().coord_source == "nominatim"
