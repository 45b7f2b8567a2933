"""The chunk writer stores what ``create_client`` would: same profile, history and search
text; companies named by CompanyId are created once; worker processes give the same
answers as checking in-process."""

from test_importer import GOOD, HEADER, read_errors, write

from tui_clients.db import models as m
from tui_clients.db import search_index
from tui_clients.services.clients.history import snapshot
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import client_history, get_client
from tui_clients.services.imports.importer import run_import

EXTRA = [*HEADER, "RegimenFiscal", "UsoCFDI", "PostalCode", "Category", "Mobile"]
ROWS = [
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
        "601",
        "G03",
        "06600",
        "",
        "",
    ],
    [
        "Andina Logística S.A.S.",
        "compras@andina.co",
        "300 123 4567",
        "CAZ550101AA3",
        "",
        "Cra. 71a #75b-24, Bogotá, Colombia",
        "",
        "1",
        "900123456-8",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "Ana María López Díaz",
        "",
        "7654321",
        "20131312955",
        "",
        "",
        "",
        "0",
        "10456789019",
        "",
        "",
        "",
        "",
        "+51 987 654 321",
    ],
    [
        "Luis Quispe Mamani",
        "luis@correo.pe",
        "",
        "20131312955",
        "",
        "",
        "",
        "1",
        "10467891231",
        "",
        "",
        "",
        "",
        "",
    ],
    ["Compañía Limeña S.A.C.", "", "", "", "", "", "", "1", "20131312955", "", "", "", "", ""],
]


def _equal_to_create_client(client_id: int) -> None:
    detail = get_client(client_id)
    created = client_history(client_id)[-1]
    assert created.action == "created"
    expected = {k: [None, v] for k, v in snapshot(detail).items()}
    assert {k: v for k, v in created.changes.items() if k != "origin"} == expected
    stored = m.database.execute_sql(
        "SELECT text FROM client_search WHERE "
        + ("rowid" if search_index.is_sqlite(m.database.obj) else "client_id")
        + f" = {client_id}"
    ).fetchone()[0]
    assert stored == search_index.texts([client_id])[client_id]


def test_stored_rows_are_what_create_client_stores(db, tmp_path):
    report = run_import(write(tmp_path / "c.csv", ROWS, header=EXTRA), user="eva")
    assert (report.imported, report.rejected, report.warnings) == (5, 0, 1)
    # CAZ… is a client of its own; 20131312955 was first named by CompanyId, then came
    assert report.companies_created == 0
    for summary in page(ClientFilter(), limit=10):
        _equal_to_create_client(summary.id)
    lima = get_client(page(ClientFilter(text="20131312955"))[0].id)
    ana = get_client(page(ClientFilter(text="10456789019"))[0].id)
    assert ana.company_id == lima.company_id
    assert ana.company_name == "Compañía Limeña S.A.C."
    assert m.Company.select().where(m.Company.document_number == "20131312955").count() == 1
    andina = get_client(page(ClientFilter(text="900123456"))[0].id)
    azteca = get_client(page(ClientFilter(text="CAZ550101AA3"))[0].id)
    assert andina.company_id == azteca.company_id  # its CompanyId, not its own company
    assert azteca.fiscal.regimen == "601"
    assert [p.number for p in ana.phones] == ["7654321", "+51987654321"]
    assert not ana.phones[0].verified  # kept as typed, counted as a warning


def test_a_company_named_before_its_client_arrives_takes_its_name(db, tmp_path):
    run_import(write(tmp_path / "a.csv", [ROWS[2]], header=EXTRA))
    ana = get_client(page(ClientFilter(text="10456789019"))[0].id)
    assert ana.company_name == "RUC 20131312955"
    report = run_import(write(tmp_path / "b.csv", [ROWS[4]], header=EXTRA))
    assert report.imported == 1
    assert get_client(ana.id).company_name == "Compañía Limeña S.A.C."
    assert page(ClientFilter(text="Limeña"))[0].id in {
        ana.id,
        page(ClientFilter(text="2013131"))[0].id,
    }
    assert ana.id in [c.id for c in page(ClientFilter(text="Limeña"))]  # re-indexed


def test_unknown_company_codes_and_registered_documents_are_rejected(db, tmp_path):
    run_import(write(tmp_path / "a.csv", GOOD[:1]))
    rows = [
        ["Otra S.A.", "", "", "EM-9999999", "", "", "", "1", "REF-1"],
        ["Azteca otra vez", "", "", "", "", "", "", "1", "CAZ550101AA3"],
        ["Con empresa S.A.", "", "", "EM-0000001", "", "", "", "1", "REF-2"],
    ]
    report = run_import(write(tmp_path / "b.csv", rows))
    assert (report.imported, report.rejected) == (1, 2)
    reasons = {r[0]: r[-1] for r in read_errors(tmp_path / report.error_path.split("/")[-1])[1:]}
    assert "EM-9999999" in reasons["Otra S.A."] and "CompanyId" in reasons["Otra S.A."]
    assert "CL-0000001" in reasons["Azteca otra vez"]
    assert "UniqueReference" in reasons["Azteca otra vez"]
    client = get_client(page(ClientFilter(text="REF-2"))[0].id)
    assert client.company_name == "Comercializadora Azteca S.A. de C.V."


def test_worker_processes_give_the_same_result_as_checking_in_process(sqlite_db, tmp_path):
    rows = []
    for i in range(1200):
        rows.append([f"Empresa {i} S.A.", f"c{i}@empresa.mx", "", "", "", "", "", "1", f"REF-{i}"])
    rows[700][8] = "REF-5"  # repeated, across chunks
    rows[900][2] = "#N/A"
    source = write(tmp_path / "w.csv", rows)
    report = run_import(source, workers=2, errors_path=tmp_path / "errors.csv")
    assert (report.rows, report.imported, report.rejected) == (1200, 1198, 2)
    reasons = [r[-1] for r in read_errors(tmp_path / "errors.csv")[1:]]
    assert "línea 7" in reasons[0].lower() and "Línea 702" in reasons[0]
    assert "Telephone" in reasons[1] and "Línea 902" in reasons[1]
