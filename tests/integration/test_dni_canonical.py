"""A Peruvian DNI is one key whatever its spelling: with or without its check character
(10117410 / 10117410-2, 108125433 / 10812543H), in the wizard's checks, an import and the
numbers older releases stored (migration 15), on a real database."""

import csv
import os
import subprocess
import sys

from tui_clients.db import migrations
from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin.database import upgrade_notes
from tui_clients.services.clients.checks import check_client
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.writing import create_client
from tui_clients.services.imports.importer import run_import


def dni(number: str, first: str, last: str) -> ClientInput:
    return ClientInput(
        person_kind="fisica",
        document_country="PE",
        document_type="DNI",
        document_number=number,
        first_name=first,
        last_name=last,
    )


def test_a_dni_with_its_check_character_is_the_registered_person(db):
    first = create_client(dni("10117410-2", "Rosa", "Quispe Mamani"))
    assert first.document_number == "10117410"
    for spelling in ("10117410", "101174102", "10117410-2"):
        (error,) = check_client(dni(spelling, "Otra", "Persona"))
        assert error.code == "duplicate" and first.code in error.message_es
    second = create_client(dni("10812543H", "Luis", "Huamán Flores"))
    (error,) = check_client(dni("108125433", "Luis", "Huamán"))  # its other check character
    assert second.code in error.message_es
    # the list's search finds them by any spelling the registration accepts
    for spelling in ("10117410", "101174102", "10117410-2", "10117410 - 2"):
        assert _search(spelling) == [first.code], spelling
    for spelling in ("108125433", "10812543H", "10812543-h"):
        assert _search(spelling) == [second.code], spelling


def test_an_import_reads_a_dni_with_or_without_its_check_character_as_one_person(db, tmp_path):
    header = ["Name", "Email", "Telephone", "CompanyId", "Latitude-Longitude", "Address"]
    header += ["AddressDetail", "State", "UniqueReference"]
    lima = "Av. Arequipa 1230, Lima, Perú"
    rows = [
        ["Rosa Quispe Mamani", "", "", "", "", lima, "", "1", "10117410"],
        ["Rosa Quispe M.", "", "", "", "", lima, "", "1", "10117410-2"],
        ["Luis Huamán Flores", "", "", "", "", lima, "", "1", "108125433"],
        ["Luis Huamán F.", "", "", "", "", lima, "", "1", "10812543H"],
    ]
    source = tmp_path / "peru.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    report = run_import(source, default_country="MX", user="ana")
    assert (report.imported, report.rejected) == (2, 2)
    stored = {(c.document_number, c.person_kind) for c in m.Client.select()}
    assert stored == {("10117410", "fisica"), ("10812543", "fisica")}
    with open(report.error_path, encoding="utf-8-sig") as fh:
        errors = list(csv.reader(fh))
    assert [e[0] for e in errors[1:]] == ["Rosa Quispe M.", "Luis Huamán F."]
    assert "línea 2" in errors[1][-1] and "línea 4" in errors[2][-1]


def _as_an_older_release_stored(db, client_id: int, number: str) -> None:
    old = m.Client.get_by_id(client_id).document_number
    m.Client.update(document_number=number).where(m.Client.id == client_id).execute()
    key = "rowid" if "Sqlite" in type(db).__name__ else "client_id"
    db.execute_sql(
        f"UPDATE client_search SET text = REPLACE(text, {db.param}, {db.param}) "
        f"WHERE {key} = {db.param}",
        (old, number, client_id),
    )


def _search(text: str) -> list[str]:
    return [row.code for row in page(ClientFilter(text=text), limit=10)]


def test_migration_15_rewrites_old_dnis_and_reports_the_same_person_twice(db):
    rosa = create_client(dni("10117410", "Rosa", "Quispe Mamani"))
    luis = create_client(dni("10812543", "Luis", "Huamán Flores"))
    again = create_client(dni("05337812", "Luis", "Huamán F."))
    _as_an_older_release_stored(db, rosa.id, "101174102")
    _as_an_older_release_stored(db, again.id, "10812543H")  # Luis, registered twice
    db.execute_sql("DELETE FROM schema_version WHERE version >= 15")

    applied = migrations.upgrade(db)

    assert applied[0].version == 15  # and any later one again (idempotent)
    numbers = {c.id: c.document_number for c in m.Client.select()}
    assert numbers == {rosa.id: "10117410", luis.id: "10812543", again.id: "10812543H"}
    assert client_history(rosa.id)[0].changes == {"document": ["DNI 101174102", "DNI 10117410"]}
    assert _search("10117410") == [rosa.code]
    (count,) = db.execute_sql(
        f"SELECT COUNT(*) FROM client_search WHERE text LIKE {db.param}", ("%101174102%",)
    ).fetchone()
    assert count == 0
    # nothing merged: both of Luis's clients stay, each history names the other
    assert client_history(luis.id)[0].action == "review"
    assert client_history(again.id)[0].changes == {"same_document": ["DNI 10812543H", luis.code]}
    (note,) = upgrade_notes(applied)
    assert luis.code in note and again.code in note
    assert "DNI 10812543)" in note and "DNI 10812543H" in note
    assert upgrade_notes([]) == []  # said once, when the migration ran


def test_the_cli_says_what_the_upgrade_found(sqlite_db, tmp_path):
    luis = create_client(dni("10812543", "Luis", "Huamán Flores"))
    again = create_client(dni("05337812", "Luis", "Huamán F."))
    _as_an_older_release_stored(sqlite_db, again.id, "108125433")
    sqlite_db.execute_sql("DELETE FROM schema_version WHERE version >= 15")
    sqlite_db.close()
    result = subprocess.run(
        [sys.executable, "-m", "tui_clients", "db", "upgrade"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )
    assert result.returncode == 0, result.stderr
    assert "Migración aplicada 15" in result.stdout
    assert luis.code in result.stderr and again.code in result.stderr
    assert "misma persona registrada dos veces" in result.stderr
