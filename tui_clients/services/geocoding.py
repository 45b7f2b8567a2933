"""Coordinates for stored addresses, from the geocoder (the offline gazetteer), each
distinct address asked once (``GeocodeCache``).

An address that names a town or district gets its coordinates; one that names only a
region gets the region's (its main city's); one that names only a country, or nothing
the gazetteer knows, keeps no coordinates and is marked (``geocode_level`` says
``country`` or ``unresolved``) so it is not asked again and can be listed.  Typed or
imported coordinates are never replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tui_clients.db import models as m
from tui_clients.domain.gazetteer import COUNTRY, LOCALITY, REGION, OfflineGeocoder, gazetteer
from tui_clients.domain.text import fold

SOURCE = "gazetteer"
UNRESOLVED = "unresolved"
BATCH = 1000


@dataclass(frozen=True)
class Geocoded:
    latitude: float | None
    longitude: float | None
    level: str  # locality | region | country | unresolved
    place: str


@dataclass
class FillReport:
    addresses: int = 0
    placed: int = 0  # given coordinates
    levels: dict[str, int] = field(default_factory=dict)


def address_text(line: str, region: str, country: str) -> str:
    """What is asked: the address line and, when the line does not say them, the
    region's and the country's names."""
    data = gazetteer()
    parts = [line]
    known = fold(line)
    area = data.region_by_code.get((country, region))
    if area is not None and fold(area.name) not in known:
        parts.append(area.name)
    nation = data.country_by_code.get(country)
    if nation is not None and fold(nation.name) not in known:
        parts.append(nation.name)
    return ", ".join(p for p in parts if p)


def geocode(line: str, region: str, country: str) -> Geocoded:
    """One address, through the cache."""
    text = address_text(line, region, country)
    key = f"{country}|{fold(text)}"[:400]
    cached = m.GeocodeCache.get_or_none(m.GeocodeCache.key == key)
    if cached is not None:
        return Geocoded(cached.latitude, cached.longitude, cached.level, cached.place)
    found = OfflineGeocoder().geocode(text, country_codes=[country] if country else None)
    if found is None:
        answer = Geocoded(None, None, UNRESOLVED, "")
    elif found.raw["level"] in (LOCALITY, REGION):
        answer = Geocoded(found.latitude, found.longitude, found.raw["level"], found.address)
    else:
        answer = Geocoded(None, None, COUNTRY, found.address)
    m.GeocodeCache.insert(key=key, latitude=answer.latitude, longitude=answer.longitude,
                          level=answer.level, place=answer.place[:200],
                          source=SOURCE).on_conflict_ignore().execute()  # fmt: skip
    return answer


def fill_missing(client_ids: Iterable[int] | None = None, *, after_address: int = 0,
                 retry: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> FillReport:  # fmt: skip
    """Geocode the addresses without coordinates that were not tried yet (``retry``: those
    marked unresolved or country-only too): of ``client_ids`` (a few), or all those
    stored after address ``after_address`` (an import's)."""
    A = m.Address
    query = A.select(A.id, A.line, A.region, A.country).where(A.latitude.is_null(), A.line != "")
    if not retry:
        query = query.where(A.geocode_level == "")
    if client_ids is not None:
        query = query.where(A.client.in_(list(client_ids)[:500]))
    total = query.where(A.id > after_address).count()
    report = FillReport()
    after = after_address
    while rows := list(query.where(A.id > after).order_by(A.id).limit(BATCH).tuples()):
        updates = []
        for address_id, line, region, country in rows:
            found = geocode(line, region, country)
            updates.append((found.latitude, found.longitude,
                            SOURCE if found.latitude is not None else "", found.level,
                            address_id))  # fmt: skip
            report.levels[found.level] = report.levels.get(found.level, 0) + 1
            report.placed += found.latitude is not None
        db = m.database.obj
        mark = db.param
        with m.database.atomic():
            db.cursor().executemany(
                f'UPDATE "address" SET latitude = {mark}, longitude = {mark}, '
                f"coord_source = {mark}, geocode_level = {mark} WHERE id = {mark} "
                "AND latitude IS NULL",
                updates,
            )
        report.addresses += len(rows)
        after = rows[-1][0]
        if progress is not None:
            progress(report.addresses, total)
    return report


def last_address_id() -> int:
    """Where an import's addresses will start after (for ``fill_missing``)."""
    return m.Address.select(m.Address.id).order_by(m.Address.id.desc()).scalar() or 0
