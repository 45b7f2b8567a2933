"""The offline geocoder: addresses to coordinates from the gazetteer shipped in ``data/``
(GeoNames populated places of Mexico, Peru and Colombia, their regions, and every
country), behind geopy's geocoder interface.

An address is read the way the template asks it to be written, most specific part
first and country last ("Cra. 71a #75b-24, Bogotá, Colombia").  The country is the
last part that names one (or the caller's ``country_codes``); an address that names
another country than the one asked is not placed at all.  Then the parts are read
from the end towards the street: a part that names a region narrows the search to
it, a part that names a populated place of that country (and region, once one is
known) is the answer, the most specific one found.  Same-named places are told apart
by the region the address names, else the most populous wins.  The street part is
only compared whole.

``Location.raw`` says what was reached: ``level`` is ``locality`` (a town, city or
district), ``region`` or ``country``, with ``country``, ``region`` (our code: ISO
3166-2 for MX and CO, the ubigeo department for PE), ``place`` and ``matched`` (how
many parts of the address named a place or region on the way).

``address_query`` is the one rule for what is asked about a stored address (every part
the forms and imports have); ``Gazetteer.candidates`` the places a typed name may mean
(one per country that has it, for the "near" filter to choose from).
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal, overload

from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from tui_clients.domain.text import fold

LOCALITY, REGION, COUNTRY = "locality", "region", "country"
MAX_WORDS = 5  # the longest place name compared inside a part of an address


@dataclass(frozen=True)
class Place:
    kind: str  # place | district (a capital's, population unknown) | region | country
    country: str
    region: str
    name: str
    latitude: float
    longitude: float
    population: int


class Gazetteer:
    """The places, indexed by folded name (each alternate name too)."""

    def __init__(self, rows: list[Place], names: list[list[str]]) -> None:
        self.places: dict[tuple[str, str], list[Place]] = defaultdict(list)  # (country, key)
        self.regions: dict[tuple[str, str], Place] = {}  # (country, key)
        self.region_by_code: dict[tuple[str, str], Place] = {}
        self.countries: dict[str, Place] = {}  # key -> country
        self.country_by_code: dict[str, Place] = {}
        self.grid: dict[tuple[int, int], list[Place]] = defaultdict(list)
        for place, alternates in zip(rows, names, strict=True):
            keys = {k for k in (fold(n) for n in (place.name, *alternates)) if k}
            if place.kind == "country":
                self.country_by_code[place.country] = place
                for key in {*keys, place.country.lower()}:
                    self.countries.setdefault(key, place)
            elif place.kind == "region":
                self.region_by_code[(place.country, place.region)] = place
                for key in keys:
                    self.regions.setdefault((place.country, key), place)
            else:
                for key in keys:
                    self.places[(place.country, key)].append(place)
                self.grid[_cell(place.latitude, place.longitude)].append(place)
        for found in self.places.values():
            found.sort(key=_weight)

    def locate(self, address: str, countries: frozenset[str] | None = None) -> Location | None:
        parts = [p for p in (fold(x) for x in (address or "").split(",")) if p]
        if not parts:
            return None
        country = self.countries.get(parts[-1])
        if country is not None:
            if countries and country.country not in countries:
                return None  # it names another country than the one asked: no guessing
            parts = parts[:-1]
        elif countries and len(countries) == 1:
            country = self.country_by_code.get(next(iter(countries)))
        if country is None:
            return None
        code = country.country
        region: Place | None = None
        best: Place | None = None
        matched = 0
        for i in range(len(parts) - 1, -1, -1):
            part = parts[i]
            whole_only = i == 0 and len(parts) > 1  # the street: compared whole
            for whole in (True, False):  # the part as a whole first, then its words
                if whole_only and not whole:
                    break
                if region is None and (found := self._region(code, part, whole)):
                    region = found
                    matched += 1
                    # "Lima", "Ciudad de México": the region, and its main city by that name
                    city = self._place(code, part, region, whole)
                    if city is not None and (city.latitude, city.longitude) == (
                        region.latitude,
                        region.longitude,
                    ):
                        best = city
                    break
                place = self._place(code, part, region, whole)
                if place is not None and (best is None or _near(place, best)):
                    best = place  # a district of the city found before, not a namesake
                    matched += 1
                    if region is None:
                        region = self.region_by_code.get((code, place.region))
                    break
        if best is not None:
            found = _location(best, LOCALITY, self)
        elif region is not None:
            found = _location(region, REGION, self)
        else:
            found = _location(country, COUNTRY, self)
        found.raw["matched"] = matched
        return found

    def candidates(self, text: str) -> list[Location]:
        """The places a typed name may mean: where it names a country, the one place
        there; else the best place in each country the gazetteer has towns of that
        matches as many of its parts as the best match anywhere ("San Isidro, Lima" is
        Lima's district: Peru has both names), the most populous first."""
        parts = [p for p in (fold(x) for x in (text or "").split(",")) if p]
        if not parts:
            return []
        if parts[-1] in self.countries:
            found = self.locate(text)
            return [found] if found is not None and found.raw["level"] != COUNTRY else []
        each = [
            found
            for code in sorted({country for country, _key in self.places})
            if (found := self.locate(text, frozenset({code}))) is not None
            and found.raw["level"] != COUNTRY
        ]
        if not each:
            return []
        most = max(f.raw["matched"] for f in each)
        best = [f for f in each if f.raw["matched"] == most]
        return sorted(best, key=lambda f: -f.raw["population"])

    def _region(self, country: str, part: str, whole: bool) -> Place | None:
        for key in _windows(part, whole):
            found = self.regions.get((country, key))
            if found is not None:
                return found
        return None

    def _place(self, country: str, part: str, region: Place | None, whole: bool) -> Place | None:
        for key in _windows(part, whole):
            found = self.places.get((country, key))
            if not found:
                continue
            if region is not None:
                inside = [p for p in found if p.region == region.region]
                if inside:
                    return inside[0]
                continue  # that name is elsewhere in the country, not in this region
            return found[0]
        return None

    def nearest(self, latitude: float, longitude: float) -> Place | None:
        """The populated place nearest to a point (within about 300 km), else None."""
        row, col = _cell(latitude, longitude)
        scale = math.cos(math.radians(latitude)) ** 2
        best, best_d = None, math.inf
        for ring in range(0, 4):
            for r in range(row - ring, row + ring + 1):
                for c in range(col - ring, col + ring + 1):
                    if max(abs(r - row), abs(c - col)) != ring:
                        continue
                    for p in self.grid.get((r, c), ()):
                        d = (p.latitude - latitude) ** 2 + scale * (p.longitude - longitude) ** 2
                        if d < best_d:
                            best, best_d = p, d
            if best is not None and ring >= 1:
                return best
        return best


DISTRICT_WEIGHT = 10_000


def _weight(place: Place) -> int:
    """Same-named places, the most populous first; a capital's district whose population
    the data does not give (Comas, Lima) ranks as a town of 10,000, ahead of a village by
    that name (Comas, Junín: 967)."""
    return -(
        max(place.population, DISTRICT_WEIGHT) if place.kind == "district" else place.population
    )


def _near(a: Place, b: Place, km: float = 80) -> bool:
    """Within ``km`` of each other (an equirectangular estimate is enough here): the
    reach of a capital's districts (Pucusana is 55 km from Lima's centre)."""
    dy = (a.latitude - b.latitude) * 111.2
    dx = (a.longitude - b.longitude) * 111.2 * math.cos(math.radians(a.latitude))
    return dx * dx + dy * dy <= km * km


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude), math.floor(longitude)


def _windows(part: str, whole: bool):
    """The part itself (``whole``), else its runs of words, longest first (no bare
    numbers)."""
    if whole:
        yield part
        return
    words = part.split()
    for size in range(min(len(words) - 1, MAX_WORDS), 0, -1):
        for start in range(0, len(words) - size + 1):
            key = " ".join(words[start : start + size])
            if len(key) > 2 and not key.replace(" ", "").isdigit():
                yield key


def address_query(
    line: str,
    *,
    district: str = "",
    province: str = "",
    postal_code: str = "",
    region: str = "",
    country: str = "",
    data: Gazetteer | None = None,
) -> str:
    """What is asked about an address, the way the template writes one (most specific
    part first, country last): the street line, the colonia / neighbourhood / district,
    the municipality / province, the postal code, the state / department and the
    country.  Peru's province and district are ubigeo codes and are asked by name; a
    part the line already has (or that repeats the one before, Lima's province of
    Lima) is not asked twice.  The one rule for the wizard, the edit form, imports and
    the command line."""
    data = data or gazetteer()
    names = ubigeo_names() if country == "PE" else {}
    area = data.region_by_code.get((country, region))
    nation = data.country_by_code.get(country)
    parts: list[str] = []
    seen: set[str] = set()
    for part in (line or "").split(","):
        if part.strip():
            parts.append(part.strip())
            seen.add(fold(part))
    known = fold(line)
    for value, whole_line in (
        (names.get(district, district), False),
        (names.get(province, province), False),
        (postal_code, False),
        (area.name if area is not None else "", True),
        (nation.name if nation is not None else "", True),
    ):
        key = fold(value)
        # a region or country named anywhere in the line ("…, Bogotá D.C.") is not added
        if not key or key in seen or (whole_line and key in known):
            continue
        parts.append(value.strip())
        seen.add(key)
    return ", ".join(parts)


@lru_cache(maxsize=1)
def ubigeo_names() -> dict[str, str]:
    """Peru's provinces (4 digits) and districts (6 digits) by ubigeo code."""
    text = files("tui_clients.data").joinpath("pe_ubigeo.csv").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for r in csv.DictReader(io.StringIO(text)):
        names[r["ubigeo"]] = r["district"]
        names.setdefault(r["ubigeo"][:4], r["province"])
    return names


def _location(place: Place, level: str, gazetteer: Gazetteer) -> Location:
    country = gazetteer.country_by_code.get(place.country)
    region = gazetteer.region_by_code.get((place.country, place.region))
    names = [place.name]
    if level == LOCALITY and region is not None:
        names.append(region.name)
    if level != COUNTRY and country is not None:
        names.append(country.name)
    raw = {
        "level": level,
        "country": place.country,
        "region": place.region if level != COUNTRY else "",
        "place": place.name,
        "population": place.population,
    }
    return Location(", ".join(names), Point(place.latitude, place.longitude), raw)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process (about 20,000 places)."""
    text = files("tui_clients.data").joinpath("gazetteer.csv").read_text(encoding="utf-8")
    rows, names = [], []
    for r in csv.DictReader(io.StringIO(text)):
        rows.append(
            Place(
                r["kind"],
                r["country"],
                r["region"],
                r["name"],
                float(r["latitude"]),
                float(r["longitude"]),
                int(r["population"] or 0),
            )
        )
        names.append([n for n in r["names"].split("|") if n])
    return Gazetteer(rows, names)


class OfflineGeocoder(Geocoder):
    """geopy's geocoder interface over the shipped gazetteer: no network, no rate limit."""

    def __init__(self, data: Gazetteer | None = None) -> None:
        super().__init__(user_agent="tui-clients")
        self._data = data

    @property
    def data(self) -> Gazetteer:
        return self._data or gazetteer()

    @overload
    def geocode(
        self,
        query: str,
        *,
        exactly_one: Literal[True] = True,
        country_codes: str | Iterable[str] | None = None,
        timeout: object = None,
    ) -> Location | None: ...
    @overload
    def geocode(
        self,
        query: str,
        *,
        exactly_one: Literal[False],
        country_codes: str | Iterable[str] | None = None,
        timeout: object = None,
    ) -> list[Location] | None: ...
    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Iterable[str] | None = None,
        timeout: object = None,
    ) -> Location | list[Location] | None:
        """``country_codes``: a code or codes the address must be in (``None``: any)."""
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        allowed = frozenset(c.upper() for c in country_codes) if country_codes else None
        found = self.data.locate(query, allowed)
        if found is None:
            return None
        return found if exactly_one else [found]

    @overload
    def reverse(
        self, query: object, *, exactly_one: Literal[True] = True, timeout: object = None
    ) -> Location | None: ...
    @overload
    def reverse(
        self, query: object, *, exactly_one: Literal[False], timeout: object = None
    ) -> list[Location] | None: ...
    def reverse(
        self, query: object, *, exactly_one: bool = True, timeout: object = None
    ) -> Location | list[Location] | None:
        """The populated place nearest to ``query`` (a Point, "lat,lng" or a pair)."""
        point = Point(query)
        place = self.data.nearest(point.latitude, point.longitude)
        if place is None:
            return None
        found = _location(place, LOCALITY, self.data)
        found.raw["distance_km"] = round(geodesic(point, found.point).km, 1)
        return found if exactly_one else [found]
