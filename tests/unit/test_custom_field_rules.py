"""Custom field values and definitions are checked like built-in fields."""

import pytest

from tui_clients.domain.custom_fields import (
    FieldDef,
    check_definition,
    check_value,
    check_values,
    parse_choices,
)
from tui_clients.domain.errors import ValidationError


def field(type_: str, **kw) -> FieldDef:
    return FieldDef(1, "campo", "Campo", type_, **kw)


@pytest.mark.parametrize(
    ("type_", "typed", "stored"),
    [
        ("number", "1,234.50", "1234.5"),
        ("number", "1.234,5", "1234.5"),
        ("number", "3,5", "3.5"),
        ("number", "-12", "-12"),
        ("number", "7.0", "7"),
        ("date", "22/11/2026", "2026-11-22"),
        ("date", "2026-11-22", "2026-11-22"),
        ("bool", "Sí", "1"),
        ("bool", "no", "0"),
        ("bool", "X", "1"),
        ("email", "Ana@Correo.MX", "Ana@correo.mx"),
        ("phone", "55 1234 5678", "+525512345678"),
        ("text", "  Ferretería   central ", "Ferretería central"),
    ],
)
def test_values_are_stored_in_one_spelling(type_, typed, stored):
    assert check_value(field(type_), typed) == stored


def test_a_choice_is_stored_as_defined_whatever_the_case_or_accents():
    giro = field("choice", choices=("Construcción", "Minería"))
    assert check_value(giro, "construccion") == "Construcción"
    with pytest.raises(ValidationError) as refused:
        check_value(giro, "Pesca")
    assert refused.value.errors[0].message() == "“Pesca” no es una de: Construcción, Minería."


@pytest.mark.parametrize(
    ("type_", "typed", "message"),
    [
        ("number", "12 cajas", "“12 cajas” no es un número."),
        ("number", "1e5", "“1e5” no es un número."),
        ("date", "31/02/2026", "“31/02/2026” no es una fecha (2026-11-22 o 22/11/2026)."),
        ("bool", "quizá", "“quizá” no es sí ni no."),
        ("text", "a\x1b[31mb", "contiene un carácter de control"),
    ],
)
def test_bad_values_get_a_specific_message(type_, typed, message):
    with pytest.raises(ValidationError) as refused:
        check_value(field(type_), typed)
    error = refused.value.errors[0]
    assert error.field == "custom.campo" and message in error.message()


def test_every_problem_of_a_form_is_listed_and_empty_optional_values_dropped():
    defs = [
        FieldDef(1, "giro", "Giro", "text", required=True),
        FieldDef(2, "empleados", "Empleados", "number"),
        FieldDef(3, "alta", "Alta", "date"),
    ]
    clean, errors = check_values(defs, {"empleados": "diez", "alta": "", "otro": "x"})
    assert clean == {} and [e.field for e in errors] == ["custom.giro", "custom.empleados"]
    assert errors[0].message() == "Este campo es obligatorio."


def test_a_definition_gets_a_key_from_its_label_and_its_mistakes_named():
    made = check_definition(
        FieldDef(None, "", "Número de empleados", "number"), taken=set(), reserved={"email"}
    )
    assert made.key == "numero_de_empleados"
    with pytest.raises(ValidationError) as refused:
        check_definition(FieldDef(None, "Email", "", "choice"), taken=set(), reserved={"email"})
    assert {e.field for e in refused.value.errors} == {"label", "key", "choices"}
    with pytest.raises(ValidationError) as taken:
        check_definition(FieldDef(None, "giro", "Giro", "text"), taken={"giro"}, reserved=set())
    assert "Otro campo ya tiene la clave “giro”." in taken.value.errors[0].message()
    assert parse_choices("a; b|c\n d ;") == ("a", "b", "c", "d")
