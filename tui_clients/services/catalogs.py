"""Catalogs shipped in data/: loaded into the database once, read back as plain records."""

from __future__ import annotations

import csv
import hashlib
from importlib.resources import files

from peewee import Database

from tui_clients.db import models as m
from tui_clients.domain.fiscal import Regimen, UsoCfdi

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


def _flag(value: str) -> bool:
    return value.strip() == "1"


def _upsert(model, rows: list[dict], target: list, batch: int = 500) -> None:
    if not rows:
        return
    preserve = [f for f in rows[0] if f not in {t.name for t in target}]
    for i in range(0, len(rows), batch):
        query = model.insert_many(rows[i : i + batch])
        if preserve:
            query = query.on_conflict(
                conflict_target=target, preserve=[model._meta.fields[f] for f in preserve]
            )
        else:
            query = query.on_conflict_ignore()
        query.execute()


def load_catalogs(db: Database, *, force: bool = False) -> bool:
    """Insert or refresh every catalog; skipped when the shipped files did not change."""
    digest = catalog_digest()
    stored = m.AppMeta.get_or_none(m.AppMeta.key == DIGEST_KEY)
    if stored and stored.value == digest and not force:
        return False
    with db.atomic():
        _load_company_types()
        _load_simple()
        _load_areas()
        m.AppMeta.insert(key=DIGEST_KEY, value=digest).on_conflict(
            conflict_target=[m.AppMeta.key], preserve=[m.AppMeta.value]
        ).execute()
    return True


def _load_company_types() -> None:
    _upsert(
        m.CompanyType,
        [
            {
                "code": r["code"],
                "name_es": r["name_es"],
                "name_en": r["name_en"],
                "person_kind": r["person_kind"],
                "extra_steps": r["extra_steps"],
                "sort_order": int(r["sort_order"]),
            }
            for r in read_rows("company_types.csv")
        ],
        [m.CompanyType.code],
    )
    type_ids = dict(m.CompanyType.select(m.CompanyType.code, m.CompanyType.id).tuples())
    _upsert(
        m.Category,
        [
            {
                "code": r["code"],
                "name_es": r["name_es"],
                "name_en": r["name_en"],
                "company_type": type_ids.get(r["company_type"]),
                "extra_steps": r["extra_steps"],
                "sort_order": int(r["sort_order"]),
            }
            for r in read_rows("categories.csv")
        ],
        [m.Category.code],
    )


def _load_simple() -> None:
    _upsert(
        m.DocumentType,
        [
            {
                "country": r["country"],
                "code": r["code"],
                "name_es": r["name_es"],
                "name_en": r["name_en"],
                "fisica": _flag(r["fisica"]),
                "moral": _flag(r["moral"]),
                "tax": _flag(r["tax"]),
            }
            for r in read_rows("document_types.csv")
        ],
        [m.DocumentType.country, m.DocumentType.code],
    )
    _upsert(
        m.Country,
        [
            {
                "code": r["alpha2"],
                "alpha3": r["alpha3"],
                "name_es": r["name_es"],
                "name_en": r["name_en"],
            }
            for r in read_rows("countries.csv")
        ],
        [m.Country.code],
    )
    _upsert(
        m.RegimenFiscal,
        [
            {
                "code": r["code"],
                "description": r["description"],
                "fisica": _flag(r["fisica"]),
                "moral": _flag(r["moral"]),
            }
            for r in read_rows("sat_regimen_fiscal.csv")
        ],
        [m.RegimenFiscal.code],
    )
    _upsert(
        m.UsoCfdi,
        [
            {
                "code": r["code"],
                "description": r["description"],
                "fisica": _flag(r["fisica"]),
                "moral": _flag(r["moral"]),
                "regimenes": r["regimenes"],
            }
            for r in read_rows("sat_uso_cfdi.csv")
        ],
        [m.UsoCfdi.code],
    )
    _upsert(
        m.Service,
        [
            {
                "code": r["code"],
                "name": r["name"],
                "description": r["description"],
                "active": _flag(r["active"]),
            }
            for r in read_rows("services.csv")
        ],
        [m.Service.code],
    )
    _upsert(
        m.Channel,
        [
            {"code": r["code"], "name": r["name"], "active": _flag(r["active"])}
            for r in read_rows("channels.csv")
        ],
        [m.Channel.code],
    )


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
        ids = {
            (c, code): i
            for c, code, i in m.AdminArea.select(
                m.AdminArea.country, m.AdminArea.code, m.AdminArea.id
            )
            .where(m.AdminArea.level == level - 1)
            .tuples()
        }
        batch = [
            dict(row, level=level, parent=ids.get((row["country"], row["parent"])))
            for lvl, row in rows
            if lvl == level
        ]
        _upsert(m.AdminArea, batch, [m.AdminArea.country, m.AdminArea.code])


# --- reading ------------------------------------------------------------------------


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
