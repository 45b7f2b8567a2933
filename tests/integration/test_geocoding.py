"""Addresses get coordinates from the offline gazetteer when saved, imported, or by
`tui-clients geocode`; each distinct address is asked once; what cannot be placed is
kept and marked."""

import json

import pytest
from geopy.distance import geodesic
from test_importer import write

from tui_clients.cli.main import main
from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.writing import create_client
from tui_clients.services.imports.importer import run_import


def client(number: str, line: str, country: str = "CO", coordinates: str = "", region=""):
    return create_client(
        ClientInput(
            person_kind="moral",
            document_country="",
            document_type="REF",
            document_number=number,
            legal_name=f"Cliente {number}",
            addresses=[
                AddressInput(country=country, line=line, region=region, coordinates=coordinates)
            ],
        )
    )


def stored(detail):
    return m.Address.get(m.Address.client == detail.id)


def test_a_saved_address_is_placed_at_its_town(db):
    bogota = stored(client("R-1", "Cra. 71a #75b-24, Bogotá"))
    assert (bogota.coord_source, bogota.geocode_level) == ("gazetteer", "locality")
    assert geodesic((bogota.latitude, bogota.longitude), (4.61, -74.08)).km < 10
    lima = stored(client("R-2", "Av. Larco 101, Miraflores", "PE", region="15"))
    assert geodesic((lima.latitude, lima.longitude), (-12.12, -77.03)).km < 5
    assert (
        get_client(m.Client.get(m.Client.document_number == "R-2").id).addresses[0].latitude
        == lima.latitude
    )


def test_typed_coordinates_are_kept_and_unknown_places_are_marked_not_moved(db):
    typed = stored(client("R-3", "Cra. 71a #75b-24, Bogotá", coordinates="4.7,-74.1"))
    assert (typed.latitude, typed.longitude, typed.coord_source) == (4.7, -74.1, "manual")
    nowhere = stored(client("R-4", "Calle Inventada 1, Xqzwv"))
    assert (nowhere.latitude, nowhere.geocode_level) == (None, "country")
    assert nowhere.line == "Calle Inventada 1, Xqzwv"  # kept as typed


def test_each_distinct_address_is_asked_once(db):
    client("R-5", "Calle 10 # 43-12, Medellín")
    client("R-6", "Calle 10 # 43-12, Medellín")
    assert m.GeocodeCache.select().count() == 1
    assert m.Address.select().where(m.Address.geocode_level == "locality").count() == 2


def test_imported_addresses_are_placed_after_the_rows(db, tmp_path):
    rows = [
        ["Andina S.A.S.", "", "", "", "", "Cra. 71a #75b-24, Bogotá, Colombia", "", "1", "R-10"],
        [
            "Azteca S.A.",
            "",
            "",
            "",
            "19.5,-99.2",
            "Av. Reforma 222, Ciudad de México, México",
            "",
            "1",
            "R-11",
        ],
        ["Perdida S.A.", "", "", "", "", "Calle 1, Pueblo Que No Existe, Perú", "", "1", "R-12"],
    ]
    report = run_import(write(tmp_path / "c.csv", rows))
    assert (report.imported, report.geocoded, report.not_geocoded) == (3, 1, 1)
    levels = {a.line: (a.geocode_level, a.coord_source) for a in m.Address.select()}
    assert levels["Cra. 71a #75b-24, Bogotá, Colombia"] == ("locality", "gazetteer")
    assert levels["Av. Reforma 222, Ciudad de México, México"] == ("", "manual")  # as given
    assert levels["Calle 1, Pueblo Que No Existe, Perú"] == ("country", "")


def test_the_geocode_command_fills_what_was_never_tried(sqlite_db, capsys):
    client("R-20", "Cra. 71a #75b-24, Bogotá")
    m.Address.update(latitude=None, longitude=None, coord_source="", geocode_level="").execute()
    assert main(["geocode"]) == 0
    out = capsys.readouterr()
    assert "1 dirección geocodificada · ubicadas en el mapa: 1" in out.out, out
    assert m.Address.get().geocode_level == "locality"
    assert main(["geocode"]) == 0
    assert "0 direcciones" in capsys.readouterr().out  # nothing left to try


def test_the_profile_says_where_coordinates_are_and_where_they_came_from(db):
    from rich.console import Console

    from tui_clients.tui.profile.screen import addresses_view

    def shown(detail) -> list[str]:
        console = Console(width=78, record=True)
        console.print(addresses_view(get_client(detail.id)))
        return [line.rstrip() for line in console.export_text().splitlines()]

    placed = shown(client("R-30", "Cra. 71a #75b-24, Bogotá"))
    assert placed[0] == "Principal · Cra. 71a #75b-24, Bogotá"
    assert placed[-2] == "Coordenadas    4.60971, -74.08175 (geocodificadas)"
    assert placed[-1].endswith("Lugar cercano  Bogotá, Distrito Capital de Bogotá, Colombia (0 km)")
    typed = shown(client("R-31", "Calle 1", coordinates="6.2442,-75.5812"))
    assert typed[-2].endswith("6.24420, -75.58120 (escritas)") and "Medellín" in typed[-1]
    assert max(len(line) for line in placed + typed) <= 78  # nothing wider than the tab


def test_the_list_keeps_the_clients_near_a_place_or_a_client(db, capsys):
    from tui_clients.services.clients.listing import ClientFilter, count, main_points, page
    from tui_clients.services.geo.geocoding import near_point

    client("N-1", "Calle 72 # 10-34", coordinates="4.6560,-74.0550")  # Bogotá, Chapinero
    client("N-2", "Cra. 7 # 26-20", coordinates="4.6150,-74.0700")  # Bogotá, centre
    client("N-3", "Calle 10 # 43-12, Medellín")  # geocoded
    client("N-4", "Av. Larco 101, Miraflores", "PE", region="15")
    bogota = near_point("Bogotá, Colombia", "MX")
    near_bogota = {c.document_number for c in page(ClientFilter(near=(*bogota[:2], 10)))}
    assert near_bogota == {"N-1", "N-2"}
    points = main_points(ClientFilter(near=(*bogota[:2], 10)))
    assert sorted(points) == [(4.615, -74.07, "CO"), (4.656, -74.055, "CO")]  # for the map
    assert len(main_points(ClientFilter())) == 4
    assert main_points(ClientFilter(), limit=1)[0][2] == "PE"  # newest first: Miraflores
    assert count(ClientFilter(near=(*bogota[:2], 3))) == 1  # only the centre's
    assert count(ClientFilter(near=(*bogota[:2], 300))) == 3  # Medellín too, not Lima
    lima = near_point("Miraflores, Lima, Perú", "MX")
    assert [c.document_number for c in page(ClientFilter(near=(*lima[:2], 5)))] == ["N-4"]
    code = m.Client.get(m.Client.document_number == "N-3").code
    assert near_point(code, "MX")[:2] == near_point("Medellín, Colombia", "MX")[:2]
    assert near_point("Xqzwv", "CO") is None and near_point("Perú", "CO") is None


def test_near_clients_sort_by_distance_measured_by_geopy(db):
    from geopy.distance import geodesic

    from tui_clients.services.clients.listing import ClientFilter, page

    client("D-1", "Calle 10 # 43-12", coordinates="6.2442,-75.5812")  # Medellín
    client("D-2", "Calle 72 # 10-34", coordinates="4.6560,-74.0550")  # Bogotá, Chapinero
    client("D-3", "Cra. 7 # 26-20", coordinates="4.6150,-74.0700")  # Bogotá, centre
    client("D-4", "Calle 1")  # no coordinates: never near anything
    centre = (4.6097, -74.0817)  # Plaza de Bolívar
    near = ClientFilter(near=(*centre, 300))
    rows = page(near, sort="distance")
    assert [c.document_number for c in rows] == ["D-3", "D-2", "D-1"]
    assert rows[0].distance_km == geodesic(centre, (4.615, -74.07)).km
    assert 240 < rows[2].distance_km < 250  # Bogotá to Medellín: 245.5 km
    far_first = page(near, sort="distance", descending=True)
    assert [c.document_number for c in far_first] == ["D-1", "D-2", "D-3"]
    tail = page(near, sort="distance", offset=2, limit=1, total=3)  # read backwards
    assert [c.document_number for c in tail] == ["D-1"]
    plain = page(ClientFilter(), sort="distance")  # no centre: by name, no distances
    assert len(plain) == 4 and {c.distance_km for c in plain} == {None}


def test_search_near_from_the_command_line(sqlite_db, capsys):
    client("N-5", "Calle 10 # 43-12, Medellín")
    client("N-6", "Cra. 71a #75b-24, Bogotá")
    assert main(["search", "Cliente", "--near", "Medellín, Colombia", "--km", "20"]) == 0
    out = capsys.readouterr().out
    assert "N-5" in out and "N-6" not in out
    assert out.splitlines()[0].split("  ")[0].endswith(" km")  # how far, first
    client("N-7", "Calle 50 # 40-10", coordinates="6.30,-75.60")  # Medellín, further out
    assert main(["search", "Cliente", "--near", "Medellín, Colombia", "--km", "20", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["clients"]
    assert [c["document_number"] for c in found] == ["N-5", "N-7"]  # nearest first
    assert found[0]["distance_km"] < found[1]["distance_km"] < 20
    assert main(["search", "Cliente", "--near", "Xqzwv"]) == 1
    assert "no hay un lugar" in capsys.readouterr().err


def test_search_near_says_the_place_used_and_refuses_a_name_of_several_countries(sqlite_db, capsys):
    client("N-8", "Calle 10 # 43-12, Medellín")
    assert main(["search", "Cliente", "--near", "Medellín", "--km", "20"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tui-clients: “Medellín” es un lugar de varios países: ")
    assert "Medellín, Antioquia, Colombia" in captured.err and "Veracruz" in captured.err
    assert "--near 'Medellín, Colombia'" in captured.err  # how to say which
    assert main(["search", "Cliente", "--near", "Medellín, Colombia", "--km", "20"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "Cerca de Medellín, Antioquia, Colombia (a menos de 20 km)\n"
    assert "N-8" in captured.out
    # the country typed decides: San Isidro of Lima, not a San Isidro of Mexico
    assert main(["search", "Cliente", "--near", "San Isidro, Lima", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "Cerca de San Isidro, Lima, Perú (a menos de 10 km)\n"
    assert json.loads(captured.out)["count"] == 0  # the output stays JSON alone


@pytest.mark.parametrize("centre", [(4.6097, -74.0817), (19.4326, -99.1332), (-12.0464, -77.0428)])
def test_the_near_circle_agrees_with_geopy_at_its_edge(db, centre):
    """Clients placed just inside and just outside 25 km (by geopy) in every direction."""
    from geopy.distance import geodesic

    from tui_clients.services.clients.listing import ClientFilter, count, page

    for bearing in range(0, 360, 30):
        for km, tag in ((24.9, "in"), (25.1, "out")):
            p = geodesic(kilometers=km).destination(centre, bearing)
            client(f"{tag}-{bearing}", "Calle 1", coordinates=f"{p.latitude},{p.longitude}")
    near = ClientFilter(near=(*centre, 25))
    assert count(near) == 12
    assert {c.document_number[:3] for c in page(near, sort="distance")} == {"IN-"}


def full_address(number: str, country: str, **parts) -> AddressInput:
    created = create_client(
        ClientInput(
            person_kind="moral",
            document_type="REF",
            document_number=number,
            legal_name=f"Cliente {number}",
            addresses=[AddressInput(country=country, **parts)],
        )
    )
    return stored(created)


def test_an_address_is_placed_by_every_part_the_form_has(db):
    """The municipality, colonia and district typed in their own fields place the address
    (the street line alone named none of them)."""
    zapopan = full_address(
        "Z-1",
        "MX",
        region="MX-JAL",
        province="Zapopan",
        district="Ciudad Granja",
        postal_code="45010",
        line="Av. Chapultepec 480",
    )
    assert zapopan.geocode_level == "locality"
    assert geodesic((zapopan.latitude, zapopan.longitude), (20.7211, -103.3874)).km < 3
    # (Jalisco's own point is Zapopan, its most populous place: Guadalajara tells)
    guadalajara = full_address(
        "Z-4",
        "MX",
        region="MX-JAL",
        province="Guadalajara",
        district="Americana",
        postal_code="44160",
        line="Av. Chapultepec 15",
    )
    assert geodesic((guadalajara.latitude, guadalajara.longitude), (20.6767, -103.3475)).km < 3
    # Peru's province and district are ubigeo codes: asked by their names
    san_isidro = full_address(
        "Z-2", "PE", region="15", province="1501", district="150131", line="Av. Javier Prado 757"
    )
    assert geodesic((san_isidro.latitude, san_isidro.longitude), (-12.0978, -77.0365)).km < 2
    comas = full_address(
        "Z-3", "PE", region="15", province="1501", district="150110", line="Av. Túpac Amaru 4000"
    )
    assert geodesic((comas.latitude, comas.longitude), (-11.9572, -77.0494)).km < 3


def test_the_lookup_names_each_part_once_most_specific_first(db):
    from tui_clients.services.geo.geocoding import address_text

    assert (
        address_text(
            "Av. Chapultepec 480",
            "MX-JAL",
            "MX",
            district="Ciudad Granja",
            province="Zapopan",
            postal_code="45010",
        )
        == "Av. Chapultepec 480, Ciudad Granja, Zapopan, 45010, Jalisco, México"
    )
    # Lima's province of Lima is said once; a part the line already has is not repeated
    assert (
        address_text("Av. Javier Prado 757, San Isidro", "15", "PE", "150131", "1501")
        == "Av. Javier Prado 757, San Isidro, Lima, Perú"
    )
