"""Another system's file imported headless: through the issue's TOML mapping (an Odoo
partner export), a mapping saved for every operator and found again by the file's
columns, and a file with no mapping refused with what could be mapped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tui_clients.cli.main import main
from tui_clients.db import models as m
from tui_clients.domain.mapping import clean_code
from tui_clients.services.clients.queries import get_client

# the issue's own mapping, kept as the README's example
ODOO_TOML = (Path(__file__).parents[2] / "docs" / "odoo-contactos.toml").read_text(encoding="utf-8")

ODOO_HEADER = [
    "ID",
    "Name",
    "Company Type",
    "Street",
    "Street2",
    "City",
    "State",
    "ZIP",
    "Country",
    "Phone",
    "Mobile",
    "Email",
]
ODOO_ROWS = [  # Odoo's demo partners (res.partner), as its "Export all" writes them
    [
        "__export__.res_partner_12_a1b2c3d4",
        "Deco Addict",
        "Company",
        "77 Santa Barbara Rd",
        "",
        "Pleasant Hill",
        "California (US)",
        "94523",
        "United States",
        "(603)-996-3829",
        "",
        "deco.addict82@example.com",
    ],
    [
        "base.res_partner_2",
        "Azure Interior",
        "Company",
        "4557 De Silva St",
        "",
        "Fremont",
        "California (US)",
        "94538",
        "United States",
        "(870)-931-0505",
        "",
        "azure.Interior24@example.com",
    ],
    [
        "base.res_partner_address_3",
        "Douglas Fletcher",
        "Individual",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "(132)-553-7242",
        "douglas.fletcher51@example.com",
    ],
    [
        "__export__.res_partner_77_9f8e7d6c",
        "Comercializadora Azteca",
        "Company",
        "Av. Insurgentes Sur 1602",
        "Crédito Constructor",
        "Benito Juárez",
        "Ciudad de México (MX)",
        "03940",
        "Mexico",
        "+52 55 5322 4000",
        "",
        "ventas@azteca.example.mx",
    ],
    [
        "__export__.res_partner_78_0a0b0c0d",
        "Rosa María Quispe Huamán",
        "Individual",
        "Jr. de la Unión 450",
        "",
        "Lima",
        "Lima (PE)",
        "15001",
        "Peru",
        "",
        "+51 987 654 321",
        "rosa.quispe@example.pe",
    ],
]


def _write(path, header, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _client(reference):
    """The client an Odoo ID names: stored as a clean code (REF) made of it."""
    row = m.Client.get(m.Client.document_number == clean_code(reference))
    return get_client(row.id)


def test_an_odoo_export_imports_through_the_issues_toml_and_a_second_run_finds_it(
    sqlite_db, tmp_path, capsys
):
    mapping = tmp_path / "odoo.toml"
    mapping.write_text(ODOO_TOML, encoding="utf-8")
    source = _write(tmp_path / "res_partner.csv", ODOO_HEADER, ODOO_ROWS)

    assert main(["import", str(source), "--mapping", str(mapping), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"], report["mapping"]) == (5, 0, "Odoo contactos")
    deco = _client("__export__.res_partner_12_a1b2c3d4")
    assert deco.document_number == "EXPORT__.RES_PARTNER_12_A1B2C3D4"
    assert deco.person_kind == "moral" and deco.legal_name == "Deco Addict"
    assert deco.addresses[0].line.startswith("77 Santa Barbara Rd, Pleasant Hill")
    assert deco.addresses[0].country == "US"  # "United States", by its name
    assert deco.phones[0].number == "+16039963829"
    rosa = _client("__export__.res_partner_78_0a0b0c0d")
    assert rosa.person_kind == "fisica"  # "Individual": a person, never a company
    assert (rosa.first_name, rosa.last_name) == ("Rosa María", "Quispe Huamán")
    assert rosa.phones[0].number == "+51987654321"  # Phone empty: the Mobile

    # the same file again: every row is found by its Odoo ID, none repeated
    assert main(["import", str(source), "--mapping", str(mapping), "--json"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert (again["imported"], again["rejected"]) == (0, 5)
    assert m.Client.select().count() == 5
    with open(again["error_file"], encoding="utf-8-sig") as fh:
        errors = list(csv.reader(fh))
    assert errors[0][: len(ODOO_HEADER)] == ODOO_HEADER  # the source's columns, to fix
    assert "ya" in errors[1][-1]  # "… ya está registrado …"


def test_a_mapping_saved_for_everyone_is_used_for_the_next_file_with_those_columns(
    sqlite_db, tmp_path, capsys
):
    toml = tmp_path / "odoo.toml"
    toml.write_text(ODOO_TOML, encoding="utf-8")
    assert main(["mapping", "import", str(toml)]) == 0
    assert "Odoo contactos" in capsys.readouterr().out
    assert main(["mapping", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Odoo contactos" in listed and "Google" in listed  # saved, and the known layouts
    assert main(["mapping", "show", "odoo CONTACTOS"]) == 0  # case aside
    shown = capsys.readouterr().out
    assert 'Telephone = { first = ["Phone", "Mobile"] }' in shown
    exported = tmp_path / "copia.toml"
    assert main(["mapping", "export", "Odoo contactos", str(exported)]) == 0
    assert exported.read_text(encoding="utf-8") == shown
    assert main(["mapping", "import", str(toml)]) == 1  # the name is taken
    assert "Ya hay un mapeo guardado" in capsys.readouterr().err

    # a file with the columns the mapping reads is read through it, with no --mapping
    source = _write(tmp_path / "otra_exportacion.csv", ODOO_HEADER, ODOO_ROWS[:2])
    assert main(["import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Odoo contactos" in out and "importados: 2" in out

    assert main(["mapping", "delete", "Odoo contactos"]) == 0
    assert main(["mapping", "show", "Odoo contactos"]) == 1
    assert "no hay" in capsys.readouterr().err.lower()


def test_a_file_with_no_mapping_is_refused_with_what_could_be_mapped(sqlite_db, tmp_path, capsys):
    header = ["RFC", "Razón social", "Correo", "Teléfono fijo", "Color favorito"]
    rows = [["CAZ550101AA1", "Comercializadora Azteca", "ventas@azteca.mx", "5553224000", "azul"]]
    source = _write(tmp_path / "clientes_erp.csv", header, rows)

    assert main(["import", str(source)]) == 2
    said = capsys.readouterr().err
    assert "no es el de la plantilla" in said
    assert "RFC → UniqueReference" in said and "Correo → Email" in said
    assert "Color favorito" in said.split("no pudo")[1]  # among the columns it could not map
    assert "--mapping" in said
    assert m.Client.select().count() == 0

    proposal = tmp_path / "propuesta.toml"
    assert main(["mapping", "propose", str(source), str(proposal), "--name", "ERP"]) == 0
    assert "Mapeo escrito" in capsys.readouterr().out
    assert main(["import", str(source), "--mapping", str(proposal), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["mapping"]) == (1, "ERP")


def test_a_bad_mapping_file_is_refused_before_anything_is_read(sqlite_db, tmp_path, capsys):
    source = _write(tmp_path / "res_partner.csv", ODOO_HEADER, ODOO_ROWS)
    broken = tmp_path / "roto.toml"
    broken.write_text('name = "x"\n[columns]\nNombreCompleto = "Name"\n', encoding="utf-8")
    assert main(["import", str(source), "--mapping", str(broken)]) == 2
    assert "no es un campo" in capsys.readouterr().err
    assert main(["import", str(source), "--mapping", "No existe"]) == 2
    assert "no hay ningún mapeo" in capsys.readouterr().err.lower()
    lacking = tmp_path / "otra.toml"
    lacking.write_text('name = "Otra"\n[columns]\nName = "Nombre completo"\n', encoding="utf-8")
    assert main(["import", str(source), "--mapping", str(lacking)]) == 2
    assert "Nombre completo" in capsys.readouterr().err
    assert m.Client.select().count() == 0


def test_the_issues_toml_reads_an_export_that_spells_its_columns_otherwise(
    sqlite_db, tmp_path, capsys
):
    """Odoo writes "Zip" and "Company type" where the issue's mapping says "ZIP" and
    "Company Type": a column is found whatever its case."""
    mapping = tmp_path / "odoo.toml"
    mapping.write_text(ODOO_TOML, encoding="utf-8")
    header = [h.replace("ZIP", "Zip").replace("Company Type", "Company type") for h in ODOO_HEADER]
    source = _write(tmp_path / "res_partner.csv", header, ODOO_ROWS)
    assert main(["import", str(source), "--mapping", str(mapping), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 5
    deco = _client("__export__.res_partner_12_a1b2c3d4")
    assert "94523" in deco.addresses[0].line and deco.person_kind == "moral"


def test_a_column_named_twice_reads_the_first_and_a_line_break_in_a_name_is_escaped(
    sqlite_db, tmp_path, capsys
):
    header = ["Nombre", "Correo", "Nombre", "Notas\r\ninyectadas"]
    rows = [["Ana López García", "ana@correo.mx", "otra cosa", "x"]]
    source = _write(tmp_path / "lista.csv", header, rows)
    proposal = tmp_path / "lista.toml"
    assert main(["mapping", "propose", str(source), str(proposal), "--name", "Lista"]) == 0
    capsys.readouterr()
    assert main(["import", str(source), "--mapping", str(proposal)]) == 0
    out = capsys.readouterr().out
    assert "Notas\\r\\ninyectadas" in out and "Notas\r\n" not in out
    ana = m.Client.get(m.Client.document_number == "ANA_CORREO.MX")
    assert (ana.person_kind, ana.first_name, ana.last_name) == ("fisica", "Ana", "López García")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('name = "x"\n[columns\nName = "N"\n', "no es TOML válido: revise la línea 2, columna 9"),
        (
            'name = "x"\n[columns]\nName = "N"\n[values.State]\nsi = "si"\n',
            "que State no puede ser",
        ),
        ('name = "x"\n[columns]\nName = "N"\n[values.Country]\nx = "Narnia"\n', "Narnia"),
    ],
)
def test_a_mapping_file_that_cannot_be_used_says_why_in_spanish(
    sqlite_db, tmp_path, capsys, text, said
):
    path = tmp_path / "mapeo.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["mapping", "import", str(path)]) == 1
    assert said in capsys.readouterr().err
    assert main(["mapping", "import", str(tmp_path)]) == 1
    assert "es una carpeta" in capsys.readouterr().err
    assert m.ImportMapping.select().count() == 0
