"""`tui-clients inventory …` in a subprocess: exit codes 0/1/2, --json, template, export."""

import json

from test_cli import run
from test_inventory import make_clients

from tui_clients.services.admin.database import prepare


def test_inventory_commands_from_template_to_export(db_url, tmp_path):
    database, _ = prepare(db_url)
    nunez, _andina = make_clients()
    database.close()
    assert run("inventory", "template").returncode == 0
    template = tmp_path / "Inventory_Template.csv"
    assert template.read_text(encoding="utf-8-sig").startswith("ClientCode,UniqueReference,")
    assert run("inventory", "template").returncode == 1  # never over an existing file
    source = tmp_path / "inv.csv"
    source.write_text(
        f"ClientCode,Serial,Description,DeliveredOn\n{nunez.code},SN-1,Router,14/03/2026\n"
        "CL-0000404,SN-2,Antena,\n",
        encoding="utf-8",
    )
    result = run("inventory", "import", "inv.csv", "--errors", "malos.csv", "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["imported"], report["rejected"], report["status"]) == (1, 1, "with_errors")
    rejected = (tmp_path / "malos.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[1].startswith("CL-0000404,SN-2,Antena,,") and "CL-0000404" in rejected[1]
    again = run("inventory", "import", "inv.csv", "--errors", "malos2.csv")
    assert again.returncode == 1 and "sin cambios: 1" in again.stdout
    example = run("inventory", "import", "Inventory_Template.csv", "--dry-run")
    assert example.returncode == 0 and "se importarían: 1" in example.stdout  # CL-0000001's
    (tmp_path / "vacio.csv").write_text("Serial\nSN-9\n", encoding="utf-8")
    whole = run("inventory", "import", "vacio.csv")
    assert whole.returncode == 2 and "ClientCode" in whole.stderr and not whole.stdout
    exported = run("inventory", "export", "--client", nunez.code)
    assert exported.returncode == 0
    assert exported.stdout.splitlines()[1] == f"{nunez.code},GODE561231GR8,SN-1,Router,2026-03-14,,"
    assert run("inventory", "export", "--client", "CL-0000404").returncode == 1
