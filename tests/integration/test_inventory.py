"""Inventory on a real database: items by hand (history), a CSV import with its error file,
the template and the export that imports again."""

import csv
import datetime as dt
import io

import pytest

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.inventory import ItemInput
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.writing import create_client, delete_client
from tui_clients.services.inventory.items import add_item, list_items, remove_item, update_item
from tui_clients.services.inventory.transfer import (
    export_inventory,
    run_inventory_import,
    write_template,
)
from tui_clients.services.output_files import OutputRefused


def make_clients():
    nunez = create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            document_country="MX",
            document_type="RFC",
            document_number="GODE-561231-GR8",
            first_name="José",
            last_name="Núñez Peña",
        )
    )
    andina = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name="Andina Logística S.A.S.",
        )
    )
    return nunez, andina


def read_csv(path, delimiter=","):
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_items_by_hand_are_checked_listed_and_in_the_history(db):
    nunez, andina = make_clients()
    item = add_item(
        nunez.id,
        ItemInput(" sn-4c1f  00923 ", "Router Huawei", "14/03/2026", "OT-45", "Carlos Pérez"),
        user="ana",
    )
    assert (item.serial, item.delivered_on) == ("SN-4C1F 00923", dt.date(2026, 3, 14))
    with pytest.raises(ValidationError) as taken:
        add_item(andina.id, ItemInput("SN-4c1f 00923"))
    assert [e.message() for e in taken.value.errors] == [
        f"El número de serie “SN-4C1F 00923” ya está registrado, al cliente {nunez.code}."
    ]
    with pytest.raises(ValidationError) as bad:
        add_item(andina.id, ItemInput("", "x\x1b[31m", "31/02/2026", "", ""))
    assert {e.field for e in bad.value.errors} == {"serial", "description", "delivered_on"}
    update_item(
        item.id, ItemInput("SN-4C1F 00923", "Router Huawei HG8245", "2026-03-14"), user="luis"
    )
    assert [i.description for i in list_items(nunez.id)] == ["Router Huawei HG8245"]
    assert list_items(andina.id) == []
    remove_item(item.id, user="eva")
    assert list_items() == []
    changes = [(h.user, h.changes["inventory"]) for h in client_history(nunez.id)[:3]]
    assert changes == [
        ("eva", ["SN-4C1F 00923 · Router Huawei HG8245 · 2026-03-14", None]),
        (
            "luis",
            [
                "SN-4C1F 00923 · Router Huawei · 2026-03-14 · OT-45 · Carlos Pérez",
                "SN-4C1F 00923 · Router Huawei HG8245 · 2026-03-14",
            ],
        ),
        ("ana", [None, "SN-4C1F 00923 · Router Huawei · 2026-03-14 · OT-45 · Carlos Pérez"]),
    ]
    delete_client(andina.id)
    with pytest.raises(ValidationError, match="papelera"):
        add_item(andina.id, ItemInput("SN-9"))


HEADER = [
    "Código del cliente",
    "Documento",
    "Número de serie",
    "Descripción",
    "Fecha de entrega",
    "Orden de trabajo",
    "Entregado por",
]


def test_an_import_stores_good_rows_and_writes_the_error_file(db, tmp_path):
    nunez, andina = make_clients()
    source = tmp_path / "inventario.csv"
    rows = [
        [nunez.code, "", "SN-1", "Router", "14/03/2026", "OT-1", "Carlos"],
        ["", "900.123.456-8", "SN-2", "Módem", "2026-03-01", "", ""],
        ["", "", "SN-3", "Sin cliente", "", "", ""],
        [nunez.code, "", "sn-1", "Repetido", "", "", ""],
        ["CL-9999999", "", "SN-4", '=HYPERLINK("x")', "31/02/2026", "", ""],
        [andina.code, "", "SN-5", "Antena", "", "", ""],
        [andina.code, "GODE-561231-GR8", "SN-6", "Otro cliente", "", "", ""],
    ]
    with source.open("w", encoding="cp1252", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *rows])
    report = run_inventory_import(source, user="ana")
    assert (report.status, report.rows, report.imported, report.rejected) == (
        "with_errors",
        7,
        3,
        4,
    )
    errors = read_csv(tmp_path / report.error_path.split("/")[-1], ";")  # the input's
    assert errors[0] == [*HEADER, "Error"]
    assert [r[2] for r in errors[1:]] == ["SN-3", "sn-1", "SN-4", "SN-6"]
    reasons = [r[-1] for r in errors[1:]]
    assert reasons[0].startswith("Línea 4 · ") and "ClientCode" in reasons[0]
    assert "Línea 5" in reasons[1] and "línea 2" in reasons[1]
    assert "CL-9999999" in reasons[2] and "31/02/2026" in reasons[2]
    assert errors[3][3] == '\'=HYPERLINK("x")'  # neutralised in the error file
    assert [i.serial for i in list_items(nunez.id)] == ["SN-1"]
    assert {i.serial for i in list_items(andina.id)} == {"SN-2", "SN-5"}
    origin = client_history(andina.id)[0].changes["origin"][1]
    assert "inventario.csv" in origin
    again = run_inventory_import(source, errors_path=tmp_path / "otra.csv")
    assert (again.imported, again.unchanged, again.rejected) == (0, 3, 4)


def test_a_file_without_a_client_column_is_refused_whole(db, tmp_path):
    source = tmp_path / "inv.csv"
    source.write_text("Serial,Description\nSN-1,Router\n", encoding="utf-8")
    report = run_inventory_import(source)
    assert report.status == "refused" and "ClientCode" in report.refused
    assert not m.InventoryItem.select().exists() and report.error_path == ""
    source.write_text("ClientCode,Description\nCL-0000001,Router\n", encoding="utf-8")
    assert "Serial" in run_inventory_import(source).refused


def test_template_and_export_import_again_unchanged(db, tmp_path):
    nunez, _andina = make_clients()
    template = write_template(str(tmp_path))
    assert read_csv(template)[0] == [
        "ClientCode",
        "UniqueReference",
        "Serial",
        "Description",
        "DeliveredOn",
        "WorkOrder",
        "DeliveredBy",
    ]
    with pytest.raises(OutputRefused):  # never over a file unless asked
        write_template(str(tmp_path))
    add_item(nunez.id, ItemInput("SN-1", "+Router", "14/03/2026", "OT-1", "Carlos"))
    out = tmp_path / "export.csv"
    assert export_inventory(out) == 1
    rows = read_csv(out)
    assert rows[1] == [
        nunez.code,
        "GODE561231GR8",
        "SN-1",
        "'+Router",
        "2026-03-14",
        "OT-1",
        "Carlos",
    ]
    report = run_inventory_import(out)
    assert (report.status, report.unchanged, report.imported) == ("done", 1, 0)
