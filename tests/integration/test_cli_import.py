"""`tui-clients template` and `tui-clients import`, with the exit codes scripts rely on."""

import json
import os
import subprocess
import sys

from tui_clients.cli.main import main

HEADER = (
    "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,UniqueReference"
)


def test_the_template_is_written_with_instructions_and_imports_as_it_is(tmp_path, capsys):
    assert main(["template", str(tmp_path / "plantillas")]) == 0
    template = tmp_path / "plantillas" / "Client_Template.csv"
    notes = tmp_path / "plantillas" / "Client_Template_instrucciones.txt"
    assert template.read_text(encoding="utf-8-sig").splitlines()[0] == HEADER  # BOM: Excel
    assert "UniqueReference" in notes.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(template), "--json"]) == 0  # its example row is valid
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"], report["status"]) == (1, 0, "done")


def test_exit_codes_say_all_imported_some_rejected_or_file_refused(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nAzteca S.A.,,,,,,,1,REF-1\n", encoding="utf-8")
    some = tmp_path / "some.csv"
    some.write_text(
        f"{HEADER}\nOtra S.A.,,,,,,,1,REF-2\nMala S.A.,,,,,,,7,REF-3\n", encoding="utf-8"
    )
    refused = tmp_path / "refused.csv"
    refused.write_text("Nombre;Correo\nX;y\n", encoding="utf-8")
    assert main(["import", str(good)]) == 0
    assert main(["import", str(some), "--errors", str(tmp_path / "e.csv")]) == 1
    out = capsys.readouterr().out
    assert "rechazados: 1" in out and str(tmp_path / "e.csv") in out
    assert (tmp_path / "e.csv").exists()
    assert main(["import", str(refused)]) == 2  # not the template, and no mapping
    said = capsys.readouterr().err
    assert "Nombre → Name" in said
    assert "Columnas de la plantilla que le faltan: UniqueReference" in said  # what it lacks
    assert main(["import", str(tmp_path / "missing.csv")]) == 2
    capsys.readouterr()
    os.mkfifo(tmp_path / "tuberia.csv")
    for path in (tmp_path / "missing.csv", tmp_path / "tuberia.csv"):  # stdout was empty
        for command in (["import"], ["inventory", "import"]):
            assert main([*command, str(path), "--json"]) == 2
            report = json.loads(capsys.readouterr().out)
            assert (report["file"], report["status"]) == (str(path), "refused")
            assert path.name in report["refused"]


def test_dry_run_in_a_subprocess_stores_nothing(tmp_path):
    source = tmp_path / "c.csv"
    source.write_text(f"{HEADER}\nAzteca S.A.,,,,,,,1,REF-1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui_clients", "import", str(source), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        cwd=os.environ["TUI_CLIENTS_TMP"],
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["imported"] == 1
    count = subprocess.run(
        [sys.executable, "-m", "tui_clients", "search", "REF-1", "--json"],
        capture_output=True,
        text=True,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )
    assert json.loads(count.stdout)["count"] == 0


def test_paths_that_cannot_be_written_are_messages_not_tracebacks(tmp_path, capsys):
    source = tmp_path / "c.csv"
    source.write_text(f"{HEADER}\nMala S.A.,,,,,,,7,REF-1\n", encoding="utf-8")
    assert main(["import", str(source), "--errors", str(tmp_path / "no" / "e.csv")]) == 2
    assert "carpeta" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "no" / "x.csv")]) == 1
    assert "La carpeta de" in capsys.readouterr().err  # "…/no/x.csv no existe."
    (tmp_path / "mine.csv").write_text("mío", encoding="utf-8")
    assert main(["template", str(tmp_path / "mine.csv")]) == 1  # never over a file
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8") == "mío"
    assert main(["import", str(tmp_path)]) == 2
    assert "carpeta" in capsys.readouterr().err


def test_the_template_command_lists_custom_fields_in_a_fresh_process(sqlite_db, tmp_path):
    """As from a shell: a new process, the registry's custom fields in the instructions."""
    import os
    import subprocess
    import sys

    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin.custom_fields import save_definition

    save_definition(FieldDef(None, "", "Giro", "text"))
    done = subprocess.run(
        [sys.executable, "-m", "tui_clients", "template", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )
    assert done.returncode == 0, done.stderr
    notes = (tmp_path / "Client_Template_instrucciones.txt").read_text(encoding="utf-8")
    assert notes.rstrip().endswith("giro (Giro): texto")


def test_the_template_has_every_active_custom_field_and_its_example_imports(
    sqlite_db, tmp_path, capsys
):
    """A required field added later is a column of the template, filled in its example row,
    so the template as written imports; a field of one category has its column, empty."""
    import csv

    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin.custom_fields import save_definition, set_active

    save_definition(FieldDef(None, "giro", "Giro", "text", required=True))
    save_definition(FieldDef(None, "sector", "Sector", "choice", True, choices=("Minería", "Agro")))
    save_definition(FieldDef(None, "alta", "Alta en el SAT", "date", required=True))
    save_definition(FieldDef(None, "licencia", "Licencia", "text", True, category="SAAS"))
    old = save_definition(FieldDef(None, "viejo", "Viejo", "text", required=True))
    set_active(old.id, False)  # not active: not in the template
    assert main(["template", str(tmp_path)]) == 0
    text = (tmp_path / "Client_Template.csv").read_text(encoding="utf-8-sig")
    header, example = list(csv.reader(text.splitlines()))
    assert header == [*HEADER.split(","), "alta", "giro", "licencia", "sector"]  # form order
    assert example[-4:] == ["2026-01-31", "ejemplo", "", "Minería"]
    notes = (tmp_path / "Client_Template_instrucciones.txt").read_text(encoding="utf-8")
    assert "giro (Giro): texto; obligatorio" in notes
    capsys.readouterr()
    assert main(["import", str(tmp_path / "Client_Template.csv"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"]) == (1, 0), report
