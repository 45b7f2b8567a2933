"""Coordinates for stored addresses, from the geocoder (the offline gazetteer), each
distinct address asked once (``GeocodeCache``).

An address that names a town or district gets its coordinates; one that names only a
region gets the region's (its main city's); one that names only a country, or nothing
the gazetteer knows, keeps no coordinates and is marked (``geocode_level`` says
``country`` or ``unresolved``) so it is not asked again and can be listed.  Typed or
imported coordinates are never replaced.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tui_clients.db import models as m
from tui_clients.db.bulk import select_in
from tui_clients.domain.gazetteer import (
    COUNTRY,
    LOCALITY,
    REGION,
    OfflineGeocoder,
    address_query,
    gazetteer,
)
from tui_clients.domain.text import fold

SOURCE = "gazetteer"
UNRESOLVED = "unresolved"
BATCH = 1000
ONLINE_BATCH = 10  # a network answer a second: progress, cancel and commits every few


@dataclass(frozen=True)
class Geocoded:
    latitude: float | None
    longitude: float | None
    level: str  # locality | region | country | unresolved
    place: str
    source: str = SOURCE  # gazetteer | nominatim


@dataclass
class FillReport:
    addresses: int = 0
    placed: int = 0  # given coordinates
    levels: dict[str, int] = field(default_factory=dict)
    total: int = 0  # the addresses there were to geocode
    cancelled: bool = False  # stopped before the end (what was done is kept)


def address_text(
    line: str,
    region: str,
    country: str,
    district: str = "",
    province: str = "",
    postal_code: str = "",
) -> str:
    """What is asked about an address: every part it has (``address_query``'s rule)."""
    return address_query(
        line,
        district=district,
        province=province,
        postal_code=postal_code,
        region=region,
        country=country,
    )


class Online:
    """geopy's Nominatim client for an own or public server, rate-limited by geopy's
    RateLimiter; its failures (errors, timeouts, nothing found) leave the answer to the
    gazetteer."""

    def __init__(self, url: str, user_agent: str, delay: float, timeout: float) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        parts = urlsplit(url)
        self.client = Nominatim(
            domain=parts.netloc + parts.path.rstrip("/"),
            scheme=parts.scheme or "https",
            user_agent=user_agent,
            timeout=timeout,
        )
        self.search = RateLimiter(
            self.client.geocode, min_delay_seconds=delay, max_retries=0, swallow_exceptions=False
        )

    def __call__(self, text: str, country: str) -> Geocoded | None:
        from geopy.exc import GeopyError

        try:
            found = self.search(
                text, country_codes=[country.lower()] if country else None, addressdetails=True
            )
        except GeopyError:
            return None  # down, slow, refusing: the gazetteer answers
        if found is None:
            return None
        kind = found.raw.get("addresstype") or found.raw.get("type", "")
        level = COUNTRY if kind == "country" else REGION if kind in _REGIONS else LOCALITY
        if level == COUNTRY:
            return None  # the gazetteer places a country as well, and knows our regions
        return Geocoded(found.latitude, found.longitude, level, found.address[:200], "nominatim")


_REGIONS = {"state", "region", "province", "department"}
_online: Online | None = None


def use_settings(settings) -> None:
    """Geocode with what the settings say (``geocoder = "nominatim"`` and its options)."""
    global _online
    _online = None
    if settings.values["geocoder"].value == "nominatim":
        v = settings.values
        _online = Online(
            v["nominatim_url"].value,
            v["nominatim_user_agent"].value,
            float(v["nominatim_delay"].value),
            float(v["nominatim_timeout"].value),
        )


def online() -> bool:
    """Whether answers may take a network round trip (then screens ask in the background)."""
    return _online is not None


def geocode(
    line: str,
    region: str,
    country: str,
    district: str = "",
    province: str = "",
    postal_code: str = "",
) -> Geocoded:
    """One address (all its parts), through the cache."""
    return geocode_many([(line, region, country, district, province, postal_code)])[0]


def geocode_many(addresses: list[tuple[str, ...]]) -> list[Geocoded]:
    """(line, region, country[, district, province, postal code]) addresses, in order;
    the cache is read and written once for all of them (a query per address would cost
    more than the gazetteer)."""
    asked = []
    for address in addresses:
        text = address_text(*address)
        country = address[2]
        asked.append((text, country, f"{country}|{fold(text)}"[:400]))
    columns = ("key", "latitude", "longitude", "level", "place", "source")
    known = {
        row[0]: Geocoded(*row[1:])
        for row in select_in(
            m.database.obj, "geocode_cache", columns, "key", sorted({key for _t, _c, key in asked})
        )
    }
    new: dict[str, Geocoded] = {}
    answers = []
    for text, country, key in asked:
        answer = known.get(key) or new.get(key)
        if answer is None:
            answer = _online(text, country) if _online is not None else None
            answer = answer or _offline(text, country)
            new[key] = answer
        answers.append(answer)
    if new:
        m.GeocodeCache.insert_many(
            [
                {
                    "key": key,
                    "latitude": a.latitude,
                    "longitude": a.longitude,
                    "level": a.level,
                    "place": a.place[:200],
                    "source": a.source,
                }
                for key, a in new.items()
            ]
        ).on_conflict_ignore().execute()
    return answers


def _offline(text: str, country: str) -> Geocoded:
    found = OfflineGeocoder().geocode(text, country_codes=[country] if country else None)
    if found is None:
        return Geocoded(None, None, UNRESOLVED, "")
    if found.raw["level"] in (LOCALITY, REGION):
        return Geocoded(found.latitude, found.longitude, found.raw["level"], found.address)
    return Geocoded(None, None, COUNTRY, found.address)


def fill_missing(
    client_ids: Iterable[int] | None = None,
    *,
    after_address: int = 0,
    retry: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> FillReport:
    """Geocode the addresses without coordinates that were not tried yet (``retry``: those
    marked unresolved or country-only too): of ``client_ids`` (a few), or all those
    stored after address ``after_address`` (an import's).  Each batch is committed, so
    ``cancel`` (or a crash) keeps what was done."""
    A = m.Address
    parts = (A.line, A.region, A.country, A.district, A.province, A.postal_code)
    query = _missing(A.select(A.id, *parts), retry)
    if client_ids is not None:
        query = query.where(A.client.in_(list(client_ids)[:500]))
    report = FillReport(total=query.where(A.id > after_address).count())
    after = after_address
    batch = ONLINE_BATCH if online() else BATCH
    while rows := list(query.where(A.id > after).order_by(A.id).limit(batch).tuples()):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        updates = []
        answers = geocode_many([address for _id, *address in rows])
        for (address_id, *_address), found in zip(rows, answers, strict=True):
            updates.append(
                (
                    found.latitude,
                    found.longitude,
                    found.source if found.latitude is not None else "",
                    found.level,
                    address_id,
                )
            )
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
            progress(report.addresses, report.total)
    return report


def _missing(query, retry: bool):
    """Addresses without coordinates, not tried yet (``retry``: or tried in vain)."""
    A = m.Address
    query = query.where(A.latitude.is_null(), A.line != "")
    return query if retry else query.where(A.geocode_level == "")


def missing_count(*, after_address: int = 0) -> int:
    """How many addresses without coordinates the geocoder has not tried yet."""
    return _missing(m.Address.select(), False).where(m.Address.id > after_address).count()


def last_address_id() -> int:
    """Where an import's addresses will start after (for ``fill_missing``)."""
    return m.Address.select(m.Address.id).order_by(m.Address.id.desc()).scalar() or 0


def place_near(latitude: float, longitude: float) -> str:
    """The populated place nearest to a point, with its distance ("" when none is near)."""
    found = OfflineGeocoder().reverse((latitude, longitude))
    if found is None:
        return ""
    return f"{found.address} ({found.raw['distance_km']:g} km)"


@dataclass(frozen=True)
class NearPlace:
    """A centre for the "near" filter: where, and what it is called ("San Isidro, Lima,
    Perú", or a client's code and name)."""

    latitude: float
    longitude: float
    label: str
    country: str = ""


def near_places(text: str) -> list[NearPlace]:
    """What a "near" filter may mean: a client's main address (its code, CL-0000001), or
    the places the gazetteer has by that name, one per country that has it, best first
    (``Gazetteer.candidates``).  Empty when nothing is known by that name."""
    text = (text or "").strip()
    if not text:
        return []
    if re.fullmatch(r"(?i)cl-?\d{1,9}", text):
        number = int(re.sub(r"\D", "", text))
        code = f"CL-{number:07d}"
        a = (
            m.Address.select(m.Address, m.Client.legal_name)
            .join(m.Client)
            .where(
                m.Client.code == code,
                m.Address.position == 0,
                m.Address.latitude.is_null(False),
            )
            .first()
        )
        if a is None:
            return []
        return [NearPlace(a.latitude, a.longitude, f"{code} {a.client.legal_name}", a.country)]
    return [
        NearPlace(found.latitude, found.longitude, found.address, found.raw["country"])
        for found in gazetteer().candidates(text)
    ]


def near_point(text: str, default_country: str = "") -> tuple[float, float, str] | None:
    """The first of ``near_places`` as (latitude, longitude, its name), or None (never
    in ``default_country`` for want of a better match: kept for the callers' signature;
    a name several countries have is for the operator to choose, ``near_places``)."""
    found = near_places(text)
    if not found:
        return None
    return found[0].latitude, found[0].longitude, found[0].label
