"""The wizard's address is placed by every part typed in its fields (item 11 of issue
15): a district chosen in its picker places the client there, not at the city centre."""

from __future__ import annotations

from geopy.distance import geodesic
from pilot_helpers import settle
from wizard_keys import choose, fill, key, step_key, to_step_after_category, visible_errors

from tui_clients.db import models as m


async def test_a_district_chosen_in_the_wizard_places_the_address_in_it(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await to_step_after_category(pilot, "Persona m", "Gen")
        await choose(pilot, "document_country", "Per")
        await choose(pilot, "document_type", "RUC")
        await fill(pilot, "document_number", "20100079705")
        await fill(pilot, "legal_name", "Minera del Sur S.A.")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts", visible_errors(app)
        await key(pilot, "ctrl+n")
        assert step_key(app) == "addresses"
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].region", "Lima")
        await choose(pilot, "addresses[0].province", "Lima")
        await choose(pilot, "addresses[0].district", "San Isidro")
        await fill(pilot, "addresses[0].line", "Av. Javier Prado Oeste 757")
        for _ in range(4):
            if step_key(app) == "finish":
                break
            await key(pilot, "ctrl+n")
        assert step_key(app) == "finish", visible_errors(app)
        await key(pilot, "ctrl+f")
        await settle(pilot)
    address = m.Address.get()
    assert (address.province, address.district) == ("1501", "150131")
    assert address.geocode_level == "locality"
    # San Isidro's municipal seat (INEI); Lima's centre is 6 km away
    assert geodesic((address.latitude, address.longitude), (-12.0978, -77.0365)).km < 2
