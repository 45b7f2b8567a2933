"""Custom fields on a real database: defined by an administrator, filled per client,
checked like built-in fields, and never silently lost when a definition changes."""

import pytest
from test_clients_service import co_company, mx_person

from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.errors import ValidationError
from tui_clients.services.admin import custom_fields as cf
from tui_clients.services.clients.queries import client_history, get_client, input_from_detail
from tui_clients.services.clients.writing import create_client, update_client
from tui_clients.services.registration.lookups import wizard_plan


@pytest.fixture
def fields(db):
    return {
        "giro": cf.save_definition(
            FieldDef(
                None,
                "",
                "Giro",
                "choice",
                required=True,
                choices=("Construcción", "Minería"),
                order=1,
            )
        ),
        "empleados": cf.save_definition(
            FieldDef(None, "empleados", "Empleados", "number", category="FACT-MX", order=2)
        ),
    }


def test_the_fields_apply_by_category_and_add_their_step(fields):
    assert [d.key for d in cf.applicable("PF", "FACT-MX")] == ["giro", "empleados"]
    assert [d.key for d in cf.applicable("PM", "GEN")] == ["giro"]
    assert wizard_plan("PF", "FACT-MX")[-2:] == ["custom", "finish"]


def test_values_are_checked_stored_and_recorded(fields):
    with pytest.raises(ValidationError) as refused:
        create_client(mx_person(custom={"empleados": "muchos"}))
    assert {e.field: e.message() for e in refused.value.errors} == {
        "custom.giro": "Este campo es obligatorio.",
        "custom.empleados": "“muchos” no es un número.",
    }
    c = create_client(mx_person(custom={"giro": "mineria", "empleados": "1,200"}))
    assert [(v.label, v.value, v.applies) for v in c.custom] == [
        ("Giro", "Minería", True),
        ("Empleados", "1200", True),
    ]
    assert client_history(c.id)[0].changes["custom.giro"] == [None, "Minería"]
    data = input_from_detail(c)
    data.custom["empleados"] = ""
    after = update_client(c.id, data, expected_version=c.version)
    assert [v.key for v in after.custom] == ["giro"]
    assert client_history(c.id)[0].changes["custom.empleados"] == ["1200", None]


def test_changing_a_definition_never_loses_values_silently(fields):
    c = create_client(mx_person(custom={"giro": "Minería", "empleados": "12"}))
    empleados = fields["empleados"]
    with pytest.raises(ValidationError) as refused:
        cf.save_definition(FieldDef(**{**empleados.__dict__, "type": "date"}))
    assert (
        "Valores guardados que no encajarían con este cambio: 1"
        in refused.value.errors[0].message()
    )
    giro = fields["giro"]
    with pytest.raises(ValidationError):  # a choice in use cannot go
        cf.save_definition(FieldDef(**{**giro.__dict__, "choices": ("Construcción",)}))
    cf.save_definition(
        FieldDef(**{**giro.__dict__, "choices": ("Construcción", "Minería", "Pesca")})
    )
    with pytest.raises(ValidationError) as has_values:
        cf.delete_definition(empleados.id)
    assert "Clientes con un valor en este campo: 1." in has_values.value.errors[0].message()
    cf.set_active(empleados.id, False)  # hidden from forms, kept
    kept = get_client(c.id)
    assert [(v.key, v.applies) for v in kept.custom] == [("giro", True), ("empleados", False)]
    data = input_from_detail(kept)
    data.custom.pop("empleados")
    update_client(c.id, data, expected_version=kept.version)  # the form no longer asks it
    assert [v.value for v in get_client(c.id).custom] == ["Minería", "12"]
    assert cf.delete_definition(empleados.id, purge=True) == 1
    assert [v.key for v in get_client(c.id).custom] == ["giro"]


def test_a_field_of_another_category_is_not_asked(fields):
    c = create_client(co_company(custom={"giro": "Construcción", "empleados": "not asked"}))
    assert [v.key for v in c.custom] == ["giro"]


def test_import_and_export_carry_custom_fields_by_key(fields, tmp_path):
    from test_importer import write

    from tui_clients.services.imports.exporter import export_csv
    from tui_clients.services.imports.importer import run_import

    header = ["Name", "State", "UniqueReference", "Giro", "Empleados"]
    source = write(
        tmp_path / "con_campos.csv",
        [
            ["Cliente Uno S.A.", "1", "REF-1", "construccion", ""],
            ["Cliente Dos S.A.", "1", "REF-2", "Pesca", ""],
            ["Cliente Tres S.A.", "1", "REF-3", "", ""],
        ],
        header=header,
    )
    report = run_import(str(source), errors_path=str(tmp_path / "errores.csv"))
    assert (report.imported, report.rejected, report.ignored_columns) == (1, 2, [])
    errors = (tmp_path / "errores.csv").read_text(encoding="utf-8-sig")
    assert "Línea 3 · giro: “Pesca” no es una de: Construcción, Minería." in errors
    assert "Línea 4 · giro: Este campo es obligatorio." in errors
    out = tmp_path / "export.csv"
    export_csv(out)
    header, row = out.read_text(encoding="utf-8-sig").splitlines()
    assert header.endswith(",giro,empleados") and row.endswith(",Construcción,")


def test_the_template_instructions_list_the_custom_columns(fields, tmp_path):
    from tui_clients.services.imports.template import write_template

    _csv, notes = write_template(str(tmp_path))
    text = notes.read_text(encoding="utf-8")
    assert "giro (Giro): lista de opciones; obligatorio; una de: Construcción, Minería" in text
    assert "empleados (Empleados): número; solo la categoría FACT-MX" in text
