"""Catalogs shipped in data/: loaded into the database once, read back as plain records."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from importlib.resources import files
from typing import cast

from peewee import JOIN, BooleanField, Database, ForeignKeyField, IntegerField

from tui_clients.db import models as m
from tui_clients.db.base import BaseModel
from tui_clients.domain.client_rules import Places
from tui_clients.domain.fiscal import Regimen, UsoCfdi
from tui_clients.domain.i18n import get_language
from tui_clients.domain.persons import in_country_words

FILES = (
    "company_types.csv",
    "categories.csv",
    "document_types.csv",
    "countries.csv",
    "subdivisions.csv",
    "pe_ubigeo.csv",
    "sat_regimen_fiscal.csv",
    "sat_uso_cfdi.csv",
    "services.csv",
    "channels.csv",
)
DIGEST_KEY = "catalog_digest"


def data_file(name: str):
    return files("tui_clients.data").joinpath(name)


def read_rows(name: str) -> list[dict[str, str]]:
    with data_file(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def catalog_digest() -> str:
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(data_file(name).read_bytes())
    return digest.hexdigest()


def _upsert(model, rows: list[dict], target: list, batch: int = 500) -> None:
    """Insert rows, refreshing every non-key column of those that exist already (but those
    the operators manage: a channel's active state is set by the file only once)."""
    if not rows:
        return
    kept = {t.name for t in target} | set(OPERATOR_COLUMNS.get(model, ()))
    preserve = [model._meta.fields[f] for f in rows[0] if f not in kept]
    for i in range(0, len(rows), batch):
        query = model.insert_many(rows[i : i + batch])
        query = (
            query.on_conflict(conflict_target=target, preserve=preserve)
            if preserve
            else query.on_conflict_ignore()
        )
        query.execute()


def _typed_rows(model, file: str, rename: dict[str, str]) -> list[dict]:
    """A CSV's rows as model values: columns renamed, unknown ones dropped, 0/1 to booleans."""
    fields = model._meta.fields
    rows = []
    for raw in read_rows(file):
        row: dict[str, str | bool | int] = {}
        for column, value in raw.items():
            field = fields.get(rename.get(column, column))
            if field is None:
                continue
            if isinstance(field, BooleanField):
                row[field.name] = value.strip() == "1"
            elif isinstance(field, IntegerField) and not isinstance(field, ForeignKeyField):
                row[field.name] = int(value)
            else:
                row[field.name] = value
        rows.append(row)
    return rows


OPERATOR_COLUMNS = {m.Channel: ("active",)}  # changed in the app, not again by the file
# (file, model, unique key, CSV column -> model field), loaded in this order.
SIMPLE_CATALOGS: tuple[tuple[str, type[BaseModel], tuple[str, ...], dict[str, str]], ...] = (
    ("company_types.csv", m.CompanyType, ("code",), {}),
    ("document_types.csv", m.DocumentType, ("country", "code"), {}),
    ("countries.csv", m.Country, ("code",), {"alpha2": "code"}),
    ("sat_regimen_fiscal.csv", m.RegimenFiscal, ("code",), {}),
    ("sat_uso_cfdi.csv", m.UsoCfdi, ("code",), {}),
    ("services.csv", m.Service, ("code",), {}),
    ("channels.csv", m.Channel, ("code",), {}),
)


def load_catalogs(db: Database, *, force: bool = False) -> bool:
    """Insert or refresh every catalog; skipped when the shipped files did not change."""
    digest = catalog_digest()
    stored = m.AppMeta.get_or_none(m.AppMeta.key == DIGEST_KEY)
    if stored and stored.value == digest and not force:
        return False
    with db.atomic():
        for file, model, key, rename in SIMPLE_CATALOGS:
            _upsert(model, _typed_rows(model, file, rename), [model._meta.fields[k] for k in key])
        codes = m.CompanyType.select(m.CompanyType.code, m.CompanyType.id).tuples()
        type_ids = dict(cast("Iterable[tuple[str, int]]", codes))
        categories = _typed_rows(m.Category, "categories.csv", {})
        for row in categories:
            row["company_type"] = type_ids.get(row["company_type"])
        _upsert(m.Category, categories, [m.Category.code])
        _load_areas()
        m.AppMeta.insert(key=DIGEST_KEY, value=digest).on_conflict(
            conflict_target=[m.AppMeta.key], preserve=[m.AppMeta.value]
        ).execute()
    return True


def _area_rows() -> list[tuple[int, dict]]:
    """(level, row-with-parent-code) for MX and CO ISO regions and Peru's ubigeo tree."""
    rows: list[tuple[int, dict]] = []
    for r in read_rows("subdivisions.csv"):
        if r["country"] in ("MX", "CO"):
            rows.append(
                (
                    1,
                    {
                        "country": r["country"],
                        "code": r["code"],
                        "name": r["name"],
                        "kind": r["type"],
                        "parent": None,
                    },
                )
            )
    seen: set[str] = set()
    for r in read_rows("pe_ubigeo.csv"):
        code = r["ubigeo"]
        for level, part, name, kind in (
            (1, code[:2], r["department"], "Departamento"),
            (2, code[:4], r["province"], "Provincia"),
            (3, code, r["district"], "Distrito"),
        ):
            if part not in seen:
                seen.add(part)
                parent = None if level == 1 else code[: 2 * (level - 1)]
                rows.append(
                    (
                        level,
                        {
                            "country": "PE",
                            "code": part,
                            "name": name,
                            "kind": kind,
                            "parent": parent,
                        },
                    )
                )
    return rows


def _load_areas() -> None:
    rows = _area_rows()
    for level in (1, 2, 3):
        parents = (
            m.AdminArea.select(m.AdminArea.country, m.AdminArea.code, m.AdminArea.id)
            .where(m.AdminArea.level == level - 1)
            .tuples()
        )
        ids = {(c, code): i for c, code, i in cast("Iterable[tuple[str, str, int]]", parents)}
        batch = [
            dict(row, level=level, parent=ids.get((row["country"], row["parent"])))
            for lvl, row in rows
            if lvl == level
        ]
        _upsert(m.AdminArea, batch, [m.AdminArea.country, m.AdminArea.code])


# --- reading ------------------------------------------------------------------------


def place_catalog() -> Places:
    """The countries and first-level regions addresses are checked against."""
    regions: dict[str, set[str]] = {}
    rows = m.AdminArea.select(m.AdminArea.country, m.AdminArea.code).where(m.AdminArea.level == 1)
    for country, code in cast("Iterable[tuple[str, str]]", rows.tuples()):
        regions.setdefault(country, set()).add(code.upper())
    codes = m.Country.select(m.Country.code).tuples()
    countries = frozenset(c for (c,) in cast("Iterable[tuple[str]]", codes))
    return Places(countries, {k: frozenset(v) for k, v in regions.items()})


def fiscal_catalogs() -> tuple[dict[str, Regimen], dict[str, UsoCfdi]]:
    """The SAT catalogs in the shape the domain's fiscal rules take."""
    regimenes = {
        r.code: Regimen(r.code, r.description, r.fisica, r.moral) for r in m.RegimenFiscal.select()
    }
    usos = {
        u.code: UsoCfdi(u.code, u.description, u.fisica, u.moral, frozenset(u.regimenes.split()))
        for u in m.UsoCfdi.select()
    }
    return regimenes, usos


def choices(kind: str, country: str = "") -> list[tuple[str, str]]:
    """(label, code) pairs for a picker, labels in the active language (company types in
    the words of ``country``: persona natural in Peru and Colombia)."""
    english = get_language() == "en"
    if kind == "category":
        categories = m.Category.select().order_by(m.Category.sort_order)
        return [(c.name_en if english else c.name_es, c.code) for c in categories]
    if kind == "company_type":
        types = m.CompanyType.select().order_by(m.CompanyType.sort_order)
        return [
            (in_country_words(t.name_en if english else t.name_es, country), t.code) for t in types
        ]
    if kind == "country":
        countries = m.Country.select().where(m.Country.code.in_(("MX", "PE", "CO")))
        return sorted((c.name_en if english else c.name_es, c.code) for c in countries)
    if kind == "service":
        return [(s.name, s.code) for s in m.Service.select().order_by(m.Service.name)]
    raise ValueError(f"unknown catalog {kind!r}")


def area_names(country: str, codes: list[str]) -> dict[str, str]:
    """Names of regions, provinces and districts of a country by their codes."""
    wanted = [c for c in codes if c]
    if not wanted:
        return {}
    query = m.AdminArea.select(m.AdminArea.code, m.AdminArea.name).where(
        m.AdminArea.country == country, m.AdminArea.code.in_(wanted)
    )
    return dict(cast("Iterable[tuple[str, str]]", query.tuples()))


def fiscal_names(regimen: str, uso: str) -> tuple[str, str]:
    """'601 General de Ley Personas Morales', 'G03 Gastos en general' (codes if unknown)."""
    reg = m.RegimenFiscal.get_or_none(m.RegimenFiscal.code == regimen)
    use = m.UsoCfdi.get_or_none(m.UsoCfdi.code == uso)
    return (
        f"{regimen} {reg.description}" if reg else regimen,
        f"{uso} {use.description}" if use else uso,
    )


# --- pickers of the registration wizard ------------------------------------------------


def _name(row) -> str:
    return row.name_en if get_language() == "en" else row.name_es


def company_types(country: str = "") -> list[tuple[str, str, str, str]]:
    """(label, code, person kind, extra steps) of every company type, in catalog order;
    labels in the words of ``country`` (persona natural in Peru and Colombia)."""
    rows = m.CompanyType.select().order_by(m.CompanyType.sort_order)
    return [
        (in_country_words(_name(t), country), t.code, t.person_kind, t.extra_steps) for t in rows
    ]


def categories_for(company_type: str) -> list[tuple[str, str, str]]:
    """(label, code, extra steps) of the categories open to every type or to this one."""
    rows = (
        m.Category.select()
        .join(m.CompanyType, join_type=JOIN.LEFT_OUTER)
        .where(m.Category.company_type.is_null() | (m.CompanyType.code == company_type))
        .order_by(m.Category.sort_order)
    )
    return [(_name(c), c.code, c.extra_steps) for c in rows]


def document_types(country: str, person_kind: str) -> list[tuple[str, str]]:
    """(label, code) of the documents a persona física or moral of a country can show."""
    kind = m.DocumentType.fisica if person_kind == "fisica" else m.DocumentType.moral
    rows = (
        m.DocumentType.select()
        .where(m.DocumentType.country.in_((country, "")), kind == True)  # noqa: E712
        .order_by(m.DocumentType.country.desc(), m.DocumentType.id)
    )
    return [(_name(d), d.code) for d in rows]


def areas(country: str, level: int, parent: str = "") -> list[tuple[str, str]]:
    """(name, code) of a country's regions (level 1), or the children of ``parent``."""
    query = m.AdminArea.select(m.AdminArea.name, m.AdminArea.code).where(
        m.AdminArea.country == country, m.AdminArea.level == level
    )
    if level > 1:
        Parent = m.AdminArea.alias()
        query = query.join(Parent, on=(m.AdminArea.parent == Parent.id)).where(
            Parent.code == parent, Parent.country == country
        )
    return list(cast("Iterable[tuple[str, str]]", query.order_by(m.AdminArea.name).tuples()))
