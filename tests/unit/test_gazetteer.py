"""The offline geocoder on the gazetteer shipped in data/ (GeoNames places)."""

import pytest
from geopy.distance import geodesic

from tui_clients.domain.gazetteer import OfflineGeocoder

geo = OfflineGeocoder()


@pytest.mark.parametrize(
    ("address", "place", "region", "country", "near"),
    [
        ("Cra. 71a #75b-24, Bogotá, Colombia", "Bogotá", "CO-DC", "CO", (4.61, -74.08)),
        ("Calle 10 # 43-12, Medellín, Colombia", "Medellín", "CO-ANT", "CO", (6.25, -75.56)),
        ("Av. Larco 101, Miraflores, Lima, Perú", "Miraflores", "15", "PE", (-12.12, -77.03)),
        (
            "Av. Reforma 222, Ciudad de México, México",
            "Ciudad de México",
            "MX-CMX",
            "MX",
            (19.43, -99.13),
        ),
        ("Reforma 222, CDMX, Mexico", "Ciudad de México", "MX-CMX", "MX", (19.43, -99.13)),
        ("Jr. Amazonas 120, Chachapoyas, Perú", "Chachapoyas", "01", "PE", (-6.23, -77.87)),
        ("Calle 8, Leticia, Colombia", "Leticia", "CO-AMA", "CO", (-4.21, -69.94)),
        ("Tepoztlán, Morelos, México", "Tepoztlán", "MX-MOR", "MX", (18.98, -99.10)),
        (
            "Santa Fe de Antioquia, Colombia",
            "Santa Fe de Antioquia",
            "CO-ANT",
            "CO",
            (6.56, -75.83),
        ),
        # small towns (hundreds to a couple of thousand people)
        ("La Pedrera, Amazonas, Colombia", "La Pedrera", "CO-AMA", "CO", (-1.32, -69.57)),
        (
            "Camotlán de Miraflores, Colima, México",
            "Camotlán de Miraflores",
            "MX-COL",
            "MX",
            (19.22, -104.23),
        ),
        ("Miraflores, Piura, Perú", "Miraflores", "20", "PE", (-5.17, -80.61)),
    ],
)
def test_an_address_is_placed_at_its_town_or_district(address, place, region, country, near):
    found = geo.geocode(address)
    assert found.raw["level"] == "locality"
    assert (found.raw["place"], found.raw["region"], found.raw["country"]) == (
        place,
        region,
        country,
    )
    assert geodesic(found.point, near).km < 10


def test_same_named_places_are_told_apart_by_region_else_the_largest_wins():
    assert geo.geocode("Miraflores, Lima, Perú").raw["region"] == "15"  # Lima's district
    assert geo.geocode("Miraflores, Perú").raw["region"] == "15"  # the most populous
    assert geo.geocode("Miraflores, Guaviare, Colombia").raw["region"] == "CO-GUV"
    assert geo.geocode("Miraflores, Boyacá, Colombia").raw["region"] == "CO-BOY"
    mexico = geo.geocode("Miraflores, Estado de México, México")
    assert mexico.raw["country"] == "MX"


def test_what_cannot_be_a_town_stops_at_the_region_or_the_country():
    jalisco = geo.geocode("Calle Sin Nombre 1, Jalisco, México")
    assert (jalisco.raw["level"], jalisco.raw["region"]) == ("region", "MX-JAL")
    assert geo.geocode("Antioquia, Colombia").raw["level"] == "region"
    nowhere = geo.geocode("Calle Inventada 9, Xqzwv, Perú")
    assert (nowhere.raw["level"], nowhere.raw["country"]) == ("country", "PE")


def test_nonsense_is_not_placed_and_no_guess_crosses_a_country():
    assert geo.geocode("asdfgh qwerty") is None
    assert geo.geocode("") is None
    wrong = geo.geocode("Bogotá, Perú")  # there is no Bogotá in Peru
    assert (wrong.raw["level"], wrong.raw["country"]) == ("country", "PE")
    assert geo.geocode("Bogotá, Colombia", country_codes=["PE"]) is None
    assert geo.geocode("Lima") is None  # no country: not guessed
    assert geo.geocode("Lima", country_codes="PE").raw["place"] == "Lima"


def test_a_point_is_named_by_its_nearest_place():
    found = geo.reverse("4.6097,-74.0817")
    assert (found.raw["place"], found.raw["country"]) == ("Bogotá", "CO")
    assert found.raw["distance_km"] < 5
    assert geo.reverse((-12.1211, -77.0297)).raw["place"] == "Miraflores"
    assert geo.reverse("0,-30") is None  # the middle of the Atlantic


def test_places_are_named_in_spanish_not_by_geonames_english_names():
    assert geo.geocode("Mexico City, México").raw["place"] == "Ciudad de México"
    girardot = geo.reverse((4.3031, -74.8032))
    assert girardot.raw["place"] == "Girardot" and girardot.address.startswith("Girardot, ")
    assert geo.geocode("Girardot City, Colombia").raw["place"] == "Girardot"  # still found
