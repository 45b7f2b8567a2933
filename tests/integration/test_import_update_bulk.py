"""``--update`` in bulk gives what the one-row path (``update_client`` per row) gives on
the same file: the same clients, companies, e-mails, phones, addresses, fiscal data,
services, history entries, search text, counts and error file.  The registry and the
update file hold real document numbers (the RFCs, NIT and RUCs of ``test_import_bulk``)
beside generated ones with valid check digits."""

from __future__ import annotations

import json
import random

import pytest
from databases import reset_postgres
from stdnum.co import nit
from stdnum.mx import rfc
from stdnum.pe import ruc
from test_import_bulk import EXTRA, ROWS
from test_importer import write

from tui_clients.db import models as m
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.writing import delete_client
from tui_clients.services.imports import updates
from tui_clients.services.imports.importer import run_import

HEADER = [*EXTRA, "Services"]


def _document(rnd: random.Random, i: int) -> str:
    country = ("MX", "PE", "CO")[i % 3]
    if country == "MX":
        base = "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        base += f"{rnd.randint(50, 99):02d}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        base += rnd.choice("ABCDEFGH") + rnd.choice("123456789")
        return base + rfc.calc_check_digit(base)
    if country == "PE":
        base = f"20{600_000 + i:08d}"
        return base + ruc.calc_check_digit(base)
    base = f"{860_000_000 + i}"
    return f"{base}-{nit.calc_check_digit(base)}"


def _rows(count: int) -> list[list[str]]:
    rnd = random.Random(7)
    rows = []
    for i in range(count):
        number = _document(rnd, i)
        place = ("Ciudad de México, México", "Lima, Perú", "Bogotá, Colombia")[i % 3]
        phone = ("55 1234 {:04d}", "01 411 {:04d}", "601 345 {:04d}")[i % 3].format(i)
        row = [f"Servicios Andinos Número {i} S.A.", f"contacto{i}@ejemplo.com", phone]
        row += ["", f"{19 - i % 30}.1,-{70 + i % 20}.2" if i % 4 else ""]
        row += [f"Calle {i}, {place}", f"Piso {i % 9}", "1", number]
        row += ["", "", "", "", "", ""]  # fiscal, category, mobile, services
        rows.append(row)
    return [*[[*r, ""] for r in ROWS], *rows]


def _changed(rows: list[list[str]]) -> list[list[str]]:
    """The update file: each row changed in one way (or not at all)."""
    out = []
    for i, row in enumerate(rows):
        row = list(row)
        kind = i % 9
        if kind == 0:
            row[0] = row[0].replace("Servicios", "Soluciones")  # renamed (its company too)
        elif kind == 1:
            row[1] = f"nuevo{i}@ejemplo.com"
        elif kind == 2:
            row[2] = "+52 33 3615 2200" if "México" in row[5] else row[2]
            row[7] = "0"
        elif kind == 3:
            row[5], row[4] = f"Avenida {i}, {row[5].split(', ', 1)[-1]}", ""
        elif kind == 4:
            row[1] = ""  # left empty: the e-mail stored stays
        elif kind == 5:
            row[-1] = "SOPORTE"  # a service turned on
        elif kind == 6:
            row[1] = "no-es-correo"  # rejected
        elif kind == 7:
            row[4] = "4.6,-74.08"  # new coordinates
        out.append(row)
    out.append(list(out[10]))  # the same client twice in one file
    return out


def _state(url: str) -> dict:
    db = m.database.obj
    tables = {
        "client": "SELECT * FROM client ORDER BY id",
        "company": "SELECT * FROM company ORDER BY id",
        "client_email": "SELECT client_id, email, email_key, position FROM client_email"
        " ORDER BY client_id, position",
        "client_phone": "SELECT client_id, number, country, verified, kind, position"
        " FROM client_phone ORDER BY client_id, position",
        "address": "SELECT client_id, kind, country, region, province, district, postal_code,"
        " line, detail, latitude, longitude, coord_source, geocode_level, position"
        " FROM address ORDER BY client_id, position",
        "fiscal": "SELECT client_id, regimen, uso_cfdi, postal_code FROM fiscal_data_mx"
        " ORDER BY client_id",
        "services": "SELECT client_id, service_id, active FROM client_service"
        " ORDER BY client_id, service_id",
        "history": "SELECT client_id, user, action, changes FROM client_history"
        " ORDER BY client_id, id",
        "search": "SELECT rowid, text FROM client_search ORDER BY rowid"
        if url.startswith("sqlite")
        else "SELECT client_id, text FROM client_search ORDER BY client_id",
    }
    state = {}
    for name, sql in tables.items():
        cursor = db.execute_sql(sql)
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            for moment in ("created_at", "updated_at"):
                row.pop(moment, None)
            if "deleted_at" in row:
                row["deleted_at"] = row["deleted_at"] is not None
            if name == "history":
                row["changes"] = json.loads(row["changes"])
        state[name] = rows
    return state


def _all_left(rows) -> updates.Plan:
    """A plan leaving every row to the one-row path (update_client), as before bulk."""
    return updates.Plan(stored={}, companies={}, left={line for line, _v, _id in rows})


def _run(url, tmp_path, base, changed, *, one_row, monkeypatch, header, setup=None, tag=""):
    tmp_path = tmp_path / tag  # the same file names: the history names them
    tmp_path.mkdir()
    database, _ = prepare(url)
    try:
        run_import(write(tmp_path / "base.csv", base, header=header), user="eva")
        if setup is not None:
            setup()
        if one_row:  # every row through update_client, as before the bulk path
            monkeypatch.setattr(updates.BulkUpdates, "plan", lambda self, rows: _all_left(rows))
        errors = tmp_path / "errores.csv"
        report = run_import(
            write(tmp_path / "cambios.csv", changed, header=header),
            update=True,
            user="ana",
            errors_path=errors,
        )
        monkeypatch.undo()
        counts = {
            k: getattr(report, k)
            for k in ("status", "rows", "imported", "updated", "rejected", "warnings")
        }
        text = errors.read_bytes() if errors.exists() else b""
        return counts, _state(url), text
    finally:
        database.close()


def compare(engine, tmp_path, pg_url, monkeypatch, base, changed, *, header, setup=None):
    """Import ``base``, then ``changed`` with --update, through the bulk path and through
    the one-row path, each on its own database; both must leave the same tables, counts
    and error file.  (counts, tables, error file text) of the bulk run."""
    if engine == "postgresql":
        if not pg_url:
            pytest.skip("PostgreSQL variant: set TUI_CLIENTS_TEST_PG=postgresql://… (.ci/run does)")
        urls = [pg_url, pg_url]
    else:
        urls = [f"sqlite:///{tmp_path / 'bulk.db'}", f"sqlite:///{tmp_path / 'one.db'}"]
    results = []
    for url, one_row in zip(urls, (False, True), strict=True):
        if engine == "postgresql":
            reset_postgres(url)
        run = _run(
            url,
            tmp_path,
            base,
            changed,
            one_row=one_row,
            monkeypatch=monkeypatch,
            header=header,
            setup=setup,
            tag=str(one_row),
        )
        results.append(run)
    (bulk_counts, bulk, bulk_errors), (one_counts, one, one_errors) = results
    assert bulk_counts == one_counts
    for table in bulk:
        assert bulk[table] == one[table], table
    assert bulk_errors == one_errors
    return bulk_counts, bulk, bulk_errors.decode("utf-8-sig")


def _trash_one() -> None:
    trashed = m.Client.get(m.Client.email == "contacto20@ejemplo.com")
    delete_client(trashed.id, user="eva")  # in the trash: refused the same way


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_bulk_updates_store_what_the_one_row_path_stores(engine, tmp_path, pg_url, monkeypatch):
    base = _rows(120)
    counts, bulk, errors = compare(
        engine, tmp_path, pg_url, monkeypatch, base, _changed(base), header=HEADER, setup=_trash_one
    )
    assert counts["updated"] > 100 and counts["rejected"] > 10
    updated = [h for h in bulk["history"] if h["action"] == "updated"]
    assert any("legal_name" in h["changes"] for h in updated)  # the changes, really made
    assert any("service.SOPORTE" in h["changes"] for h in updated), errors[:3000]
