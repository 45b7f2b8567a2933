"""Bulk import on real files written here: counts, the error file and its round trip,
--update, --dry-run, companies named by tax ID, and the job record."""

import csv
import io
import threading
import time
from pathlib import Path

import pytest

from tui_clients.db import models as m
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.clients.queries import client_history, get_client
from tui_clients.services.imports.importer import run_import
from tui_clients.services.imports.jobs import list_jobs
from tui_clients.tui.imports.jobs import job_detail

# 3,000 rows as bench/import.py writes them (tests/integration/test_import_outputs_kept.py)
THREE_THOUSAND = Path(__file__).parent.parent / "fixtures" / "import_outputs" / "plantilla-3000.csv"

HEADER = [
    "Name",
    "Email",
    "Telephone",
    "CompanyId",
    "Latitude-Longitude",
    "Address",
    "AddressDetail",
    "State",
    "UniqueReference",
]
GOOD = [
    [
        "Comercializadora Azteca S.A. de C.V.",
        "ventas@azteca.mx",
        "+52 55 1234 5678",
        "",
        "19.4326,-99.1332",
        "Av. Reforma 222, Ciudad de México, México",
        "Piso 3",
        "1",
        "CAZ550101AA3",
    ],
    [
        "Andina Logística S.A.S.",
        "compras@andina.co",
        "300 123 4567",
        "",
        "",
        "Cra. 71a #75b-24, Bogotá, Colombia",
        "",
        "1",
        "900123456-8",
    ],
    ["Ana María López Díaz", "", "", "20131312955", "", "", "", "0", "10456789019"],
]
BAD = [
    ["Sin Documento", "", "", "", "", "", "", "1", ""],
    ["Teléfono Malo S.A.", "", '=HYPERLINK("x")', "", "", "", "", "1", "REF-001"],
    ["Repetida S.A.", "", "", "", "", "", "", "1", "caz550101aa3"],
    ["NIT sin DV S.A.", "", "", "900123456", "", "", "", "1", "REF-002"],
]


def write(path, rows, header=HEADER, delimiter=",", encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def read_errors(path):
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_good_rows_are_imported_and_bad_ones_go_to_the_error_file(db, tmp_path):
    source = write(tmp_path / "clientes.csv", GOOD + BAD)
    report = run_import(source, default_country="MX", user="ana")
    assert (report.status, report.rows, report.imported, report.rejected) == (
        "with_errors",
        7,
        3,
        4,
    )
    assert report.companies_created == 1  # Lima's RUC, named by CompanyId, was not registered
    errors = read_errors(tmp_path / report.error_path.split("/")[-1])
    assert errors[0] == [*HEADER, "Error"]
    reasons = {row[0]: row[-1] for row in errors[1:]}
    assert "Línea 2" not in " ".join(reasons.values())  # good rows are not there
    assert "UniqueReference" in reasons["Sin Documento"]
    assert "línea 2" in reasons["Repetida S.A."].lower()  # names the row that had it first
    assert "900123456" in reasons["NIT sin DV S.A."] and "CompanyId" in reasons["NIT sin DV S.A."]
    formula = next(r for r in errors[1:] if r[0] == "Teléfono Malo S.A.")
    assert formula[2] == '\'=HYPERLINK("x")'  # neutralised, read back as typed
    azteca = page(ClientFilter(text="CAZ550101AA3"))[0]
    history = client_history(azteca.id)
    assert history[0].user == "ana" and "clientes.csv" in history[0].changes["origin"][1]
    ana = get_client(page(ClientFilter(text="10456789019"))[0].id)
    assert (ana.first_name, ana.last_name, ana.active) == ("Ana María", "López Díaz", False)
    assert ana.company_id is not None
    job = m.ImportJob.get_by_id(report.job_id)
    assert (job.status, job.imported, job.rejected, job.user) == ("with_errors", 3, 4, "ana")


def test_the_error_file_fixed_and_imported_again_completes_the_import(db, tmp_path):
    first = run_import(write(tmp_path / "c.csv", GOOD + BAD), default_country="MX")
    errors_path = tmp_path / first.error_path.split("/")[-1]
    rows = read_errors(errors_path)
    fixed = [rows[0]]
    for row in rows[1:]:
        if row[0] == "Sin Documento":
            row[8] = "REF-003"
        if row[0] == "NIT sin DV S.A.":
            row[3] = "900123456-8"
        if row[0] == "Teléfono Malo S.A.":
            row[2] = "'+57 300 765 4321"  # an apostrophe-guarded cell, as Excel users type
        if row[0] != "Repetida S.A.":
            fixed.append(row)
    with errors_path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(fixed)
    again = run_import(errors_path, default_country="MX")
    assert (again.imported, again.rejected) == (3, 0), again.error_path
    assert again.ignored_columns == []  # the reason column is known and ignored
    assert count(ClientFilter()) == 6


def test_update_replaces_what_the_row_says_and_dry_run_stores_nothing(db, tmp_path):
    run_import(write(tmp_path / "a.csv", GOOD[:1]), default_country="MX")
    changed = [[*GOOD[0][:1], "nuevo@azteca.mx", *GOOD[0][2:]]]
    refused = run_import(write(tmp_path / "b.csv", changed), default_country="MX")
    assert (refused.imported, refused.updated, refused.rejected) == (0, 0, 1)
    dry = run_import(write(tmp_path / "c.csv", changed), update=True, dry_run=True)
    assert (dry.updated, dry.status) == (1, "done")
    client = page(ClientFilter(text="CAZ550101AA3"))[0]
    assert get_client(client.id).emails == ["ventas@azteca.mx"]  # the dry run stored nothing
    real = run_import(write(tmp_path / "d.csv", changed), update=True, default_country="MX")
    assert real.updated == 1
    after = get_client(client.id)
    assert after.emails == ["nuevo@azteca.mx"] and after.addresses[0].detail == "Piso 3"


def test_a_whole_file_problem_is_one_message_and_writes_nothing(db, tmp_path):
    source = write(tmp_path / "x.csv", GOOD, header=["Nombre", "Correo", "Teléfono"])
    report = run_import(source, default_country="MX")
    # not the template, and no mapping: refused, saying what recognition would map
    assert report.status == "refused" and "no es el de la plantilla" in report.refused
    assert "Correo → Email" in report.refused
    assert count(ClientFilter()) == 0 and report.error_path == ""


def test_spanish_excel_files_semicolons_and_cp1252_are_read(db, tmp_path):
    source = write(tmp_path / "excel.csv", GOOD[:2], delimiter=";", encoding="cp1252")
    report = run_import(source, default_country="MX")
    assert (report.imported, report.rejected) == (2, 0)
    assert page(ClientFilter(text="andina"))[0].legal_name == "Andina Logística S.A.S."


def test_a_multi_line_address_cell_from_excel_is_imported_on_one_line(db, tmp_path):
    rows = [
        [
            "Oficina Central S.A.",
            "",
            "",
            "",
            "",
            "Cra. 7 #71-21\r\nBogotá, Colombia",
            "Piso 4\nOficina 12",
            "1",
            "REF-77",
        ]
    ]
    report = run_import(write(tmp_path / "multi.csv", rows), default_country="MX")
    assert (report.imported, report.rejected) == (1, 0)
    address = get_client(page(ClientFilter(text="REF-77"))[0].id).addresses[0]
    assert (address.line, address.detail, address.country) == (
        "Cra. 7 #71-21, Bogotá, Colombia",
        "Piso 4, Oficina 12",
        "CO",
    )


def test_a_run_that_stops_on_an_unexpected_error_never_stays_running(db, tmp_path):
    """The process goes on living (the TUI): its job must not block the file for ever."""
    from tui_clients.services.imports.jobs import job_status, list_jobs

    source = write(tmp_path / "clientes.csv", GOOD)

    def broken_screen(progress) -> None:  # the caller's progress callback fails
        raise RuntimeError("the screen went away")

    try:
        run_import(source, progress=broken_screen)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the callback's error was swallowed")
    [job] = list_jobs()
    assert job.status == "failed" and "the screen went away" in job.message
    assert job_status(m.ImportJob.get_by_id(job.id)) == "failed"
    again = run_import(source)  # the same file again, from the same living process
    assert again.status == "done" and again.imported + again.updated == len(GOOD)


def test_rows_stored_with_a_warning_are_counted_the_same_new_or_updated(db, tmp_path):
    """An RFC in use whose check digit fails (python-stdnum lists SIN9311169P8) and an old
    Mexican mobile are stored, each counted as a row with a warning; updates count alike."""
    rows = [
        ["Servicios Integrales del Norte S.A.", "", "", "", "", "", "", "1", "SIN9311169P8"],
        ["Comercial Azteca S.A.", "", "+52 1 55 4525 8448", "", "", "", "", "1", "CAZ550101AA3"],
        ["Andina Logística S.A.S.", "", "", "", "", "", "", "1", "900123456-8"],
    ]
    source = write(tmp_path / "avisos.csv", rows)
    first = run_import(source)
    assert (first.imported, first.rejected, first.warnings) == (3, 0, 2)
    norte = get_client(page(ClientFilter(text="SIN9311169P8"))[0].id)
    assert norte.document_number == "SIN9311169P8"
    azteca = get_client(page(ClientFilter(text="CAZ550101AA3"))[0].id)
    assert [p.number for p in azteca.phones] == ["+525545258448"]  # the modern number
    again = run_import(source, update=True)
    assert (again.updated, again.rejected, again.warnings) == (3, 0, 2)


def test_a_colombian_person_with_a_bare_cedula_is_a_person_and_only_once(db, tmp_path):
    """Seed 000's template: UniqueReference is "Cédula o NIT". A bare cédula with a Bogotá
    address is a CC, persona natural; never a REF made into its own company."""
    row = ["Begoña Peñaloza Ibáñez", "", "", "", "", "Carrera 7 #72-13, Bogotá, Colombia"]
    row += ["", "1", "52345678"]
    first = run_import(write(tmp_path / "personas.csv", [row], delimiter=";"))
    assert (first.imported, first.rejected) == (1, 0)
    begona = get_client(page(ClientFilter(text="52345678"))[0].id)
    assert (begona.document_country, begona.document_type) == ("CO", "CC")
    assert begona.document_number == "52345678" and begona.person_kind == "fisica"
    assert (begona.first_name, begona.last_name) == ("Begoña", "Peñaloza Ibáñez")
    assert begona.company_id is None and m.Company.select().count() == 0
    dotted = [*row[:-1], "52.345.678"]  # the same cédula, spelled with dots
    errors = tmp_path / "errores.csv"
    again = run_import(write(tmp_path / "otra_vez.csv", [dotted]), errors_path=errors)
    assert (again.imported, again.rejected) == (0, 1)
    assert "52345678" in read_errors(errors)[1][-1]  # named as already registered
    updated = run_import(write(tmp_path / "otra_vez.csv", [dotted]), update=True)
    assert (updated.imported, updated.updated, updated.rejected) == (0, 1, 0)
    assert count(ClientFilter()) == 1


def test_a_peruvian_dni_is_read_from_the_rows_country_and_a_phone_can_say_it(db, tmp_path):
    by_address = ["Rosa Quispe Mamani", "", "", "", "", "Av. Arequipa 1234, Lima, Perú"]
    by_phone = ["Luis Huamán Torres", "", "+51 987 654 321", "", "", "", "", "1", "10117410"]
    rows = [[*by_address, "", "1", "05337812"], by_phone]
    report = run_import(write(tmp_path / "peru.csv", rows))
    assert (report.imported, report.rejected) == (2, 0)
    for number in ("05337812", "10117410"):
        client = get_client(page(ClientFilter(text=number))[0].id)
        assert (client.document_country, client.document_type, client.person_kind) == (
            "PE",
            "DNI",
            "fisica",
        )


def test_a_colombian_nit_written_without_its_hyphen_is_a_company_and_only_once(db, tmp_path):
    """800100532-8 and 8001005328 are one NIT (10 digits from 8 or 9 whose last one is the
    check digit of the rest: no cédula looks so)."""
    address = "Calle 26 #69-76, Bogotá, Colombia"
    row = ["Distribuidora Andina S.A.S.", "", "", "", "", address, "", "1", "8001005328"]
    first = run_import(write(tmp_path / "empresas.csv", [row]))
    assert (first.imported, first.rejected) == (1, 0)
    andina = get_client(page(ClientFilter(text="800100532"))[0].id)
    assert (andina.document_type, andina.document_number, andina.person_kind) == (
        "NIT",
        "8001005328",
        "moral",
    )
    hyphen = [*row[:-1], "800100532-8"]
    again = run_import(write(tmp_path / "otra.csv", [hyphen]))
    assert (again.imported, again.rejected) == (0, 1)
    assert count(ClientFilter()) == 1


def test_an_update_writes_the_custom_fields_it_names_and_keeps_the_others(db, tmp_path):
    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin.custom_fields import save_definition

    save_definition(FieldDef(None, "giro", "Giro", "text"))
    save_definition(FieldDef(None, "zona", "Zona", "text"))
    header = [*HEADER, "giro", "zona"]  # a custom field's column is its key
    run_import(write(tmp_path / "a.csv", [[*GOOD[0], "minería", "norte"]], header=header))
    changed = [[*GOOD[0], "construcción", ""]]  # an empty cell keeps what is stored

    report = run_import(write(tmp_path / "b.csv", changed, header=header), update=True)

    assert (report.updated, report.rejected) == (1, 0)
    client = get_client(page(ClientFilter(text="CAZ550101AA3"))[0].id)
    assert {v.key: v.value for v in client.custom} == {"giro": "construcción", "zona": "norte"}
    assert client_history(client.id)[0].changes["custom.giro"] == ["minería", "construcción"]


def test_a_stopped_and_continued_import_lasts_what_its_runs_took(db, tmp_path):
    """Its duration was read from its first start to its end: the time between a stop and
    the run that continues it (an hour, a night) counted as importing."""
    errors, stop = tmp_path / "errores.csv", threading.Event()

    first = run_import(
        THREE_THOUSAND,
        errors_path=errors,
        workers=0,
        cancel=stop,
        progress=lambda _p: stop.set(),
    )
    time.sleep(2)  # the operator comes back later
    second = run_import(THREE_THOUSAND, errors_path=errors, workers=0)

    assert (first.status, second.status, second.resumed_after > 0) == (
        "cancelled",
        "with_errors",
        True,
    )
    [job] = list_jobs()
    assert job.resumed == 1 and job.seconds == pytest.approx(first.seconds + second.seconds)
    assert (job.finished_at - job.started_at).total_seconds() > job.seconds + 1.5  # the wait
    assert f"duración {job.seconds:.1f} s" in job_detail(job)[1]


def test_the_job_names_the_file_and_its_error_file_wherever_they_were_typed(
    db, tmp_path, monkeypatch
):
    """A path typed relative to the folder the TUI or the CLI ran in was kept as typed:
    "Carga n.º 26 de t.csv", and "import the same file again" did not say where it is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.csv").write_text(
        ",".join(HEADER) + "\nMala S.A.,no-es-correo,,,,,,1,REF-2\n", encoding="utf-8"
    )

    run_import("t.csv", errors_path="errores.csv")

    [job] = list_jobs()
    assert (job.file, job.error_path) == (str(tmp_path / "t.csv"), str(tmp_path / "errores.csv"))
    assert job_detail(job)[0] == f"Carga n.º {job.id} de {tmp_path / 't.csv'}"


def test_the_error_file_names_the_files_own_columns(db, tmp_path):
    """The reasons named the template's columns ("Mobile: …") in a file whose columns are
    called otherwise ("Celular"), found by a new-user walk on a Spanish spreadsheet."""
    source = tmp_path / "clientes.csv"
    source.write_text(
        "Nombre;Correo;Celular;Estado;Referencia única\n"
        "Azteca S.A.;ventas@azteca.mx;5.51235E+09;1;REF-1\n"
        "Maya S.A.;no-es-correo;;1;REF-2\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errores.csv"

    report = run_import(source, errors_path=errors)

    assert (report.imported, report.rejected) == (0, 2)
    reasons = [
        row[-1] for row in csv.reader(io.StringIO(errors.read_text("utf-8-sig")), delimiter=";")
    ]
    assert reasons[1].startswith("Línea 2 · Celular: “5.51235E+09”"), reasons
    assert reasons[2].startswith("Línea 3 · Correo: “no-es-correo”"), reasons
