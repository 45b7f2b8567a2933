"""The client list: search, filters, sort and pages of any result, at a million clients.

Only the rows on screen are fetched (LIMIT/OFFSET on an indexed order); pages
near the end are read in reverse order so jumping to the end stays cheap.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, cast

from geopy.distance import geodesic
from peewee import (
    JOIN,
    SQL,
    AutoField,
    BooleanField,
    ColumnBase,
    Expression,
    ForeignKeyField,
    IntegerField,
    ModelSelect,
    fn,
)

from tui_clients.db import models as m
from tui_clients.db import search_index
from tui_clients.domain.dates import day_start_utc, local_time
from tui_clients.domain.i18n import get_language
from tui_clients.domain.search import (
    MAX_EXACT,
    MIN_INDEXED,
    exact_code,
    exact_documents,
    name_prefix,
    prefix_range,
    query_terms,
)
from tui_clients.services.dto import ClientSummary

FEW = 1_000  # up to this many text matches are read by id and sorted

SORTS: dict[str, tuple[ColumnBase, ...]] = {
    "name": (m.Client.sort_name, m.Client.id),
    "code": (m.Client.id,),
    "added": (m.Client.created_at, m.Client.id),
    "document": (m.Client.document_number, m.Client.id),
    "email": (m.Client.email, m.Client.id),
    "phone": (m.Client.phone, m.Client.id),
    "state": (m.Client.active, m.Client.sort_name, m.Client.id),
    "category": (m.Client.category, m.Client.sort_name, m.Client.id),
    "country": (m.Client.country, m.Client.sort_name, m.Client.id),
    "company": (m.Company.sort_name, m.Company.id, m.Client.sort_name, m.Client.id),
}


@dataclass(frozen=True)
class ClientFilter:
    """What the operator narrowed the list to; empty fields do not filter."""

    text: str = ""
    added_from: dt.date | None = None  # local days
    added_to: dt.date | None = None
    category: str = ""  # category code
    company_type: str = ""  # company type code
    active: bool | None = None
    country: str = ""
    trash: bool = False
    near: tuple[float, float, float] | None = None  # latitude, longitude, km (main address)
    near_text: str = ""  # what the operator typed for ``near`` (a place or a client code)
    custom: tuple[str, str, bool] | None = None  # custom field key, value, whether "contains"
    custom_text: str = ""  # how the screen says ``custom`` ("Giro: Minería")
    service: str = ""  # service code: clients that have it (own or from their company)
    service_text: str = ""  # its name, as the screen says it


@dataclass(frozen=True)
class _Plan:
    """How to run one filter: which rows the text selects and whether they are few."""

    text: Expression | None  # condition from the search (index or name prefix), if any
    few: bool  # so few matches that reading them by id and sorting beats an index scan
    indexed: bool = False  # the condition comes from the search index
    by_id: bool = False  # walk clients in id order, checking each (not the trash index)


FEW_IDS = 20_000  # a custom value or a service this rare is read by client id


def _plan(f: ClientFilter, *, sizing: bool = True) -> _Plan:
    plan = _text_plan(f, sizing)
    # a circle on the map selects few clients, through its index; a rare value too
    if f.near is not None or (sizing and not plan.few and _rare(f)):
        plan = replace(plan, few=True)
    return plan


def _rare(f: ClientFilter) -> bool:
    """Whether a custom value or a service filter keeps few clients (counted on its own
    index, up to FEW_IDS): then they are read by id rather than by walking every client."""
    for ids in (
        _with_custom_value(*f.custom) if f.custom else None,
        _having_service(f.service) if f.service else None,
    ):
        if ids is not None and ids.limit(FEW_IDS + 1).count() <= FEW_IDS:
            return True
    return False


def _text_plan(f: ClientFilter, sizing: bool) -> _Plan:
    terms = query_terms(f.text)
    if not terms:
        return _Plan(None, False)
    if not any(len(t) >= MIN_INDEXED for t in terms):  # only short terms: names beginning so
        low, high = prefix_range(name_prefix(f.text))
        return _Plan((m.Client.sort_name >= low) & (m.Client.sort_name < high), False)
    db = m.database.obj
    few = (
        sizing
        and search_index.is_sqlite(db)
        and search_index.match_count(db, terms, FEW + 1) <= FEW
    )
    return _Plan(search_index.matching(db, terms), few, indexed=True)


def _where(query, f: ClientFilter, plan: _Plan, exclude: list[int] | None = None):
    """The filter as conditions.  With few matches the conditions are written so SQLite
    cannot use an index for them (``+0``/``||''``) and reads the matches by id instead.
    ``exclude``: clients already shown (the exact matches put first)."""
    deleted = m.Client.deleted_at.concat("") if plan.few or plan.by_id else m.Client.deleted_at
    query = query.where(deleted.is_null(not f.trash))
    if exclude:
        query = query.where(m.Client.id.not_in(exclude))
    if plan.text is not None:
        query = query.where(plan.text)
    if f.added_from:  # local days, stored times in UTC
        query = query.where(m.Client.created_at >= day_start_utc(f.added_from))
    if f.added_to:
        query = query.where(m.Client.created_at < day_start_utc(f.added_to + dt.timedelta(days=1)))
    if f.category:
        query = query.where(m.Client.category == _id(m.Category, f.category))
    if f.company_type:
        query = query.where(m.Client.company_type == _id(m.CompanyType, f.company_type))
    if f.active is not None:
        query = query.where(m.Client.active == f.active)
    if f.country:
        query = query.where(m.Client.country == f.country)
    if f.near is not None:
        query = query.where(m.Client.id.in_(_near(*f.near)))
    if f.custom is not None and plan.few:  # few: the list of their ids
        query = query.where(m.Client.id.in_(_with_custom_value(*f.custom)))
    elif f.custom is not None:  # many: a look at each client met (no list built first)
        query = query.where(
            fn.EXISTS(_with_custom_value(*f.custom).where(m.CustomValue.client == m.Client.id))
        )
    if f.service:
        query = query.where(m.Client.id.in_(_having_service(f.service)))
    return query


def _having_service(code: str):
    from tui_clients.services.clients.client_services import having_service

    return having_service(code)


def _with_custom_value(key: str, value: str, contains: bool):
    """Clients with this value in a custom field (a text field: containing it)."""
    V = m.CustomValue
    found = V.select(V.client).join(m.CustomField).where(m.CustomField.key == key)
    return found.where(V.value.contains(value) if contains else V.value == value)


def _km_per_degree(latitude: float) -> tuple[float, float]:
    """How many km a degree of latitude and one of longitude span at ``latitude`` on the
    WGS 84 ellipsoid (series to cos 5φ): the tangent plane's scale there."""
    p = math.radians(latitude)
    north = 111.132954 - 0.559822 * math.cos(2 * p) + 0.001175 * math.cos(4 * p)
    east = 111.41284 * math.cos(p) - 0.0935 * math.cos(3 * p) + 0.000118 * math.cos(5 * p)
    return north, max(east, 0.1)


def _plane_distance2(latitude: float, longitude: float):
    """The squared distance in km² from a point to the main address, on the plane tangent
    at the point: within 0.2% of the geodesic distance up to 100 km in MX, PE and CO, and
    what the database can filter and sort by."""
    A = m.Address
    north, east = _km_per_degree(latitude)
    dy = (A.latitude - latitude) * north
    dx = (A.longitude - longitude) * east
    return dy * dy + dx * dx


def _near(latitude: float, longitude: float, km: float):
    """Clients whose main address lies within ``km``."""
    A = m.Address
    return A.select(A.client).where(*_circle(latitude, longitude, km))


def _main(A) -> Expression:
    """A main address (position 0), written so that SQLite finds addresses by client or
    by coordinates: a bare ``position = 0`` lets it pick the (position, country, region)
    index, every main address of the registry (seconds at a million clients)."""
    return A.position + 0 == 0


def _circle(latitude: float, longitude: float, km: float) -> list[Expression]:
    """Main addresses within ``km``: a box the (latitude, longitude) index answers (a
    little wider than the circle), then the distance on the tangent plane."""
    A = m.Address
    north, east = _km_per_degree(latitude)
    dy, dx = km * 1.01 / north, km * 1.01 / east
    return [
        _main(A),
        A.latitude.between(latitude - dy, latitude + dy),
        A.longitude.between(longitude - dx, longitude + dx),
        _plane_distance2(latitude, longitude) <= km * km,
    ]


def _id(model, code: str) -> int:
    row = model.get_or_none(model.code == code)
    return row.id if row else -1


def _only_text(f: ClientFilter) -> bool:
    return f == ClientFilter(text=f.text, trash=f.trash)


def count(f: ClientFilter) -> int:
    """How many clients match (the list's count and its scroll range)."""
    plan = _plan(f)
    db = m.database.obj
    if plan.indexed and not plan.few and _only_text(f) and search_index.is_sqlite(db):
        # many matches and nothing else to check: count them in the index, then take away
        # (or keep only) the matches in the trash, usually none
        in_trash = m.Client.select().where(m.Client.deleted_at.is_null(False))
        trashed = in_trash.where(plan.text).count() if in_trash.exists() else 0
        if f.trash:
            return trashed
        return search_index.match_count(db, query_terms(f.text)) - trashed
    if f.custom or f.service:  # no order to keep: go from their values to the clients
        plan = replace(plan, few=True)
    return _where(m.Client.select(), f, plan).count()


def exact_matches(f: ClientFilter) -> list[int]:
    """The clients the search names exactly, by their code or a spelling of their document
    (``domain.search``), among the filter's matches: they come first in every order, so
    Enter opens the client whose code or document was typed.  Read through the code's and
    the document's indexes, then checked by id against the filter."""
    code, documents = exact_code(f.text), exact_documents(f.text)
    if code is None and not documents:
        return []
    C = m.Client
    found: list[int] = []
    if code is not None:
        by_code = C.select(C.id).where(C.code == code).tuples()
        found += [i for (i,) in cast("Iterable[tuple[int]]", by_code)]
    for number in documents:
        query = C.select(C.id).where(C.document_number == number, C.deleted_at.is_null(not f.trash))
        by_document = query.order_by(C.id).limit(MAX_EXACT).tuples()
        found += [i for (i,) in cast("Iterable[tuple[int]]", by_document)]
    found = list(dict.fromkeys(found))[:MAX_EXACT]
    if not found:
        return []
    kept = _where(C.select(C.id).where(C.id.in_(found)), f, _plan(f, sizing=False))
    shown = {i for (i,) in cast("Iterable[tuple[int]]", kept.tuples())}
    return [i for i in found if i in shown]


def page(
    f: ClientFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 50,
    total: int | None = None,
) -> list[ClientSummary]:
    """``limit`` rows from ``offset`` in the chosen order, the exact matches of a code or a
    document first (``exact_matches``)."""
    first = exact_matches(f)
    if not first:
        return _page(f, sort, descending, offset, limit, total, [])
    head = first[offset : offset + max(limit, 0)]
    rest = max(limit, 0) - len(head)
    rows = _summaries(head, f.near)
    if rest > 0:
        rows += _page(
            f,
            sort,
            descending,
            max(offset - len(first), 0),
            rest,
            None if total is None else total - len(first),
            first,
        )
    return rows


def _page(
    f: ClientFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    total: int | None,
    exclude: list[int],
) -> list[ClientSummary]:
    reverse = False
    if total is not None and offset > total // 2:
        # read the tail backwards: the end of a million rows is as cheap as the start
        reverse = True
        offset, limit = max(total - offset - limit, 0), min(limit, total - offset)
        descending = not descending
    # the code order never needs the size of a text search
    plan = _plan(f, sizing=sort != "code" or bool(f.custom or f.service))
    ids = _page_ids(f, plan, sort, descending, offset, max(limit, 0), exclude)
    rows = _summaries(ids, f.near)
    return rows[::-1] if reverse else rows


def _page_ids(
    f: ClientFilter,
    plan: _Plan,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    exclude: list[int],
) -> list[int]:
    """The ids of one page, in order (the rows themselves are read afterwards, by id)."""
    page_ids = _ordered(f, plan, sort, descending, exclude).limit(limit).offset(offset).tuples()
    return [row[0] for row in cast("Iterable[tuple[int, ...]]", page_ids)]


def _ordered(f: ClientFilter, plan: _Plan, sort: str, descending: bool, exclude: list[int]):
    """The ids of every match in the list's order (the query a page is cut from)."""
    db = m.database.obj
    near = f.near if sort == "distance" else None
    if sort == "distance" and near is None:
        sort = "name"  # only a "near" filter has a centre to measure from
    query: ModelSelect[Any]  # the model depends on the order
    keys: tuple[ColumnBase, ...]
    if near is not None:  # by distance: from the circle's addresses to their clients
        A = m.Address
        query = A.select(A.client).join(m.Client).where(*_circle(*near))
        query = _where(query, replace(f, near=None), plan, exclude)
        keys = (_plane_distance2(*near[:2]), A.client)
        order = [k.desc() if descending else k.asc() for k in keys]
    elif plan.indexed and sort == "code" and search_index.is_sqlite(db):
        # walk the search index in rowid (= client id = code) order and stop at the page:
        # the cost follows the page, not how many clients match
        terms = query_terms(f.text)
        query = (
            m.ClientSearch.select(m.Client.id)
            .join(m.Client, JOIN.CROSS)
            .where(
                m.Client.id == m.ClientSearch.rowid,
                m.ClientSearch.match(search_index.fts_query(terms)),
            )
        )
        for term in search_index.short_terms(terms):
            query = query.where(m.ClientSearch.text.contains(term))
        query = _where(query, f, _Plan(None, False), exclude)
        order = [m.ClientSearch.rowid.desc() if descending else m.ClientSearch.rowid.asc()]
    elif sort == "company" and not plan.few:
        return _by_company(f, plan, descending, exclude)
    else:
        query = m.Client.select(m.Client.id)
        if sort == "company":
            query = query.join(m.Company, JOIN.LEFT_OUTER)
        if sort == "code" and not plan.few and (f.custom or f.service or f == ClientFilter()):
            # by code (newest first): walking the ids meets the first page at once (the
            # whole list too: SQLite chose the trash index and sorted a million ids)
            plan = replace(plan, by_id=True)
        query = _where(query, f, plan, exclude)
        keys = SORTS[sort]
        if plan.few:  # sort the few matches rather than walk an index in order
            keys = tuple(
                k + 0
                if isinstance(k, (IntegerField, BooleanField, ForeignKeyField, AutoField))
                else k.concat("")
                for k in keys
            )
        order = [k.desc() if descending else k.asc() for k in keys]
    return query.order_by(*order)


def _by_company(f: ClientFilter, plan: _Plan, descending: bool, exclude: list[int]):
    """Every match in the company order (the company's name, then the client's), its id
    first: the clients without a company, then the companies by name and each one's
    clients by name, merged.  Each part walks an index in that order (the companies' by
    name, the clients' by company, deleted_at and name), so a page no longer sorts every
    client first (0.5 s for the first page at a million clients, 4 s for the middle)."""
    C, Co = m.Client, m.Company
    # no company's name: on SQLite company_id itself, which "IS NULL" makes a constant
    # the planner leaves out of the order (PostgreSQL wants the type of a name)
    no_name = C.company if search_index.is_sqlite(m.database.obj) else C.company.cast("TEXT")
    alone = C.select(C.id, no_name, C.company, C.sort_name).where(C.company.is_null())
    # CROSS: SQLite keeps the companies outside (else it may walk every client and sort)
    grouped = Co.select(C.id, Co.sort_name, Co.id, C.sort_name).join(C, JOIN.CROSS)
    grouped = grouped.where(C.company == Co.id)
    both = _where(alone, f, plan, exclude) + _where(grouped, f, plan, exclude)  # UNION ALL
    way = "DESC" if descending else "ASC"
    return both.order_by(*(SQL(f"{column} {way}") for column in (2, 3, 4, 1)))


def ordered_ids(
    f: ClientFilter, *, sort: str = "name", descending: bool = False, chunk: int = 2000
) -> Iterator[list[int]]:
    """Every match's id in the order ``page`` shows them (the exact matches first), a chunk
    at a time, read as they are needed (an export of the list as shown: memory stays flat
    at a million matches; on PostgreSQL through a server-side cursor)."""
    first = exact_matches(f)
    if first:
        yield first
    plan = _plan(f, sizing=sort != "code" or bool(f.custom or f.service))
    query = _ordered(f, plan, sort, descending, first).tuples()
    if search_index.is_sqlite(m.database.obj):
        cursor = m.database.execute(query)
        while rows := cursor.fetchmany(chunk):
            yield [row[0] for row in rows]
        return
    sql, params = query.sql()
    # a named (server-side) cursor; WITH HOLD, as the connection commits each statement
    cursor = m.database.connection().cursor(name="ordered_ids", withhold=True)
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            yield [row[0] for row in rows]
    finally:
        cursor.close()


def _summaries(
    ids: list[int], near: tuple[float, float, float] | None = None
) -> list[ClientSummary]:
    """List rows for these clients, in the order of ``ids`` (plain tuples: no model objects);
    with a "near" centre, each row's geodesic distance from it (geopy)."""
    if not ids:
        return []
    query = (
        m.Client.select(
            m.Client.id,
            m.Client.code,
            m.Client.legal_name,
            m.Client.trade_name,
            m.DocumentType.code,
            m.Client.document_number,
            m.Client.email,
            m.Client.phone,
            m.Company.legal_name,
            m.Category.name_es,
            m.Category.name_en,
            m.Client.active,
            m.Client.created_at,
        )
        .join(m.DocumentType)
        .switch(m.Client)
        .join(m.Category, JOIN.LEFT_OUTER)
        .switch(m.Client)
        .join(m.Company, JOIN.LEFT_OUTER)
        .where(m.Client.id.in_(ids))
        .tuples()
    )
    rows = cast(
        "Iterable[tuple[int, str, str, str, str, str, str, str, str | None, str | None, "
        "str | None, bool, dt.datetime | str]]",
        query,
    )
    english = get_language() == "en"
    channels = _channels(ids)
    found: dict[int, ClientSummary] = {}
    for (
        cid,
        code,
        legal,
        trade,
        doc_type,
        number,
        email,
        phone,
        company,
        cat_es,
        cat_en,
        active,
        created,
    ) in rows:
        found[cid] = ClientSummary(
            id=cid,
            code=code,
            legal_name=legal,
            trade_name=trade,
            document_type=doc_type,
            document_number=number,
            email=email,
            phone=phone,
            company=company or "",
            category=(cat_en if english else cat_es) or "",
            active=bool(active),
            created_at=local_time(created),
            channel=channels.get(cid, ""),
        )
    if near is not None:
        for cid, latitude, longitude in _main_coordinates(ids):
            km = geodesic(near[:2], (latitude, longitude)).km
            found[cid] = replace(found[cid], distance_km=km)
    return [found[i] for i in ids if i in found]


def _main_coordinates(ids: list[int]) -> Iterable[tuple[int, float, float]]:
    A = m.Address
    query = (
        A.select(A.client, A.latitude, A.longitude)
        .where(A.client.in_(ids), _main(A), A.latitude.is_null(False))
        .tuples()
    )
    return cast("Iterable[tuple[int, float, float]]", query)


def _channels(ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    query = (
        m.ClientChannel.select(m.ClientChannel.client, m.Channel.name)
        .join(m.Channel)
        .where(m.ClientChannel.client.in_(ids), m.ClientChannel.enabled, m.Channel.active)
        .order_by(m.Channel.id)
        .tuples()
    )
    for client_id, name in cast("Iterable[tuple[int, str]]", query):
        found.setdefault(client_id, name)
    return found


def ids_after(f: ClientFilter, after: int, limit: int) -> list[int]:
    """The next ``limit`` matching client ids above ``after``, in id order (for exports)."""
    query = _where(m.Client.select(m.Client.id), f, _plan(f, sizing=False))
    query = query.where(m.Client.id > after).order_by(m.Client.id).limit(limit)
    return [i for (i,) in query.tuples()]


def with_filter(query, f: ClientFilter):
    """``query`` on clients narrowed to the filter's matches, for a query that reads an id
    range: on SQLite the conditions are written so that the range leads (else the planner
    picks the trash index and scans every client for each range)."""
    plan = _plan(f, sizing=False)
    if search_index.is_sqlite(m.database.obj):
        plan = replace(plan, few=True)
    return _where(query, f, plan)


def id_bounds() -> tuple[int, int]:
    """The lowest and highest client id (0, -1 when there are none)."""
    low, high = m.Client.select(fn.MIN(m.Client.id), fn.MAX(m.Client.id)).scalar(as_tuple=True)
    return (low, high) if low is not None else (0, -1)


def main_points(f: ClientFilter, limit: int = 1000) -> list[tuple[float, float, str]]:
    """(latitude, longitude, country) of the main address of up to ``limit`` matching
    clients that have coordinates, newest first (for a map of the search)."""
    A = m.Address
    query = (
        m.Client.select(A.latitude, A.longitude, A.country)
        .join(A, on=((A.client == m.Client.id) & _main(A)))
        .where(A.latitude.is_null(False))
    )
    query = _where(query, f, _plan(f)).order_by(m.Client.id.desc()).limit(limit)
    return list(query.tuples())
