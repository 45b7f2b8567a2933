"""Recognition of a header that is neither the template nor a known layout: by the
columns' names (Spanish and English) and by their values; the value maps proposed for
the closed sets; country names read in the Country column."""

from __future__ import annotations

import pytest

from tui_clients.domain.csv.read import CLIENT_COLUMNS
from tui_clients.domain.csv.rows import country_column, row_input
from tui_clients.domain.documents import FISICA, MORAL
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.recognise import NAME, VALUES, recognise, region_codes, value_maps

FIELDS = set(CLIENT_COLUMNS.keys.values())
KINDS = {"PF": FISICA, "PM": MORAL}

MEXICAN_HEADER = ["RFC", "Razón social", "Correo", "Celular", "Calle", "Colonia", "Municipio",
                  "Estado", "CP", "Activo", "Notas"]  # fmt: skip
MEXICAN_ROWS = [
    ["CAZ050615LKA", "Comercializadora Azteca S.A. de C.V.", "ventas@azteca.com.mx",
     "+52 55 1234 5678", "Av. Insurgentes Sur 1602", "Crédito Constructor", "Benito Juárez",
     "Ciudad de México", "03940", "Sí", "Cliente desde 2019"],
    ["TEL120730CG9", "Tecnologías del Bajío", "contacto@tecbajio.mx", "33 3615 8899",
     "Av. Vallarta 1500", "Americana", "Guadalajara", "Jalisco", "44160", "No", ""],
    ["LOHA850312BF1", "Ana Sofía López Hernández", "ana.lopez@gmail.com", "+52 55 8765 4321",
     "Calle 5 de Mayo 14", "Centro", "Puebla", "Puebla", "72000", "si", ""],
]  # fmt: skip


def fields_of(recognition) -> dict[str, tuple[str | None, str]]:
    return {p.column: (p.field, p.why) for p in recognition.columns}


def test_a_mexican_sheet_is_recognised_by_its_column_names():
    found = recognise(MEXICAN_HEADER, MEXICAN_ROWS, FIELDS)

    assert fields_of(found) == {
        "RFC": ("UniqueReference", NAME),
        "Razón social": ("Name", NAME),
        "Correo": ("Email", NAME),
        "Celular": ("Mobile", NAME),
        "Calle": ("Address", NAME),
        "Colonia": ("District", NAME),
        "Municipio": ("Province", NAME),
        "Estado": ("Region", NAME),  # state names: the address's region, not the flag
        "CP": ("PostalCode", NAME),
        "Activo": ("State", NAME),
        "Notas": (None, ""),
    }
    assert found.unmapped == ("Notas",)
    assert found.mapping.name == ""


def test_the_mexican_sheets_rows_become_template_values_and_clients():
    mapping = recognise(MEXICAN_HEADER, MEXICAN_ROWS, FIELDS).mapping
    first, second, third = (
        mapping.apply(dict(zip(MEXICAN_HEADER, r, strict=True))) for r in MEXICAN_ROWS
    )

    # the address in parts is joined, each part also filling its own field
    assert first["Address"] == (
        "Av. Insurgentes Sur 1602, Crédito Constructor, Benito Juárez, Ciudad de México, 03940"
    )
    assert (first["Region"], second["Region"]) == ("MX-CMX", "MX-JAL")
    assert (first["State"], second["State"], third["State"]) == ("1", "0", "1")
    assert (first["District"], first["Province"], first["PostalCode"]) == (
        "Crédito Constructor",
        "Benito Juárez",
        "03940",
    )
    company = row_input(first, default_country="MX", type_kinds=KINDS)
    assert (company.data.document_type, company.data.person_kind) == ("RFC", MORAL)
    assert company.data.addresses[0].region == "MX-CMX"
    assert row_input(second, default_country="MX", type_kinds=KINDS).data.active is False
    person = row_input(third, default_country="MX", type_kinds=KINDS)
    assert (person.data.first_name, person.data.last_name) == ("Ana Sofía", "López Hernández")


@pytest.mark.parametrize(
    ("cells", "field", "stored"),
    [
        (["1", "0", "1"], "State", ["1", "0", "1"]),
        (["Activo", "Inactivo", "activo"], "State", ["1", "0", "1"]),
        (["VERDADERO", "FALSO", ""], "State", ["1", "0", ""]),
        (["Jalisco", "Nuevo León", "CDMX"], "Region", ["MX-JAL", "MX-NLE", "MX-CMX"]),
        (["Antioquia", "Bogotá D.C.", "Valle del Cauca"], "Region", ["CO-ANT", "CO-DC", "CO-VAC"]),
        (["Lima", "Arequipa", "Cusco"], "Region", ["15", "04", "08"]),
    ],
)
def test_estado_is_the_region_or_the_active_flag_by_its_values(cells, field, stored):
    header = ["Nombre", "Estado"]
    rows = [["Cliente", c] for c in cells]
    found = recognise(header, rows, FIELDS)

    assert fields_of(found)["Estado"] == (field, NAME)
    assert [found.mapping.apply(dict(zip(header, r, strict=True)))[field] for r in rows] == stored


def test_estado_holding_neither_is_left_for_the_operator():
    found = recognise(["Nombre", "Estado"], [["A", "Soltero"], ["B", "Casado"]], FIELDS)
    assert fields_of(found)["Estado"] == (None, "")
    assert found.unmapped == ("Estado",)


def test_a_column_that_says_disabled_is_the_active_flag_turned_over():
    header = ["Customer", "Disabled"]
    found = recognise(header, [["A", "1"], ["B", "0"]], FIELDS)

    assert fields_of(found)["Disabled"] == ("State", NAME)
    assert found.mapping.apply({"Customer": "A", "Disabled": "1"})["State"] == "0"
    assert found.mapping.apply({"Customer": "B", "Disabled": "0"})["State"] == "1"


def test_company_with_names_is_the_employer_and_with_tax_ids_a_company_id():
    named = recognise(
        ["Nombre", "Company"],
        [["Ana López", "Comercializadora Azteca"], ["José Pérez", "Deco Addict"]],
        FIELDS,
    )
    by_nit = recognise(
        ["Nombre", "Empresa"], [["Ana López", "900123456-8"], ["José Pérez", "830045678-8"]], FIELDS
    )
    by_code = recognise(["Nombre", "Compañía"], [["Ana López", "EM-0000012"]], FIELDS)

    assert fields_of(named)["Company"] == ("CompanyName", NAME)
    assert fields_of(by_nit)["Empresa"] == ("CompanyId", NAME)
    assert fields_of(by_code)["Compañía"] == ("CompanyId", NAME)
    assert by_nit.mapping.apply({"Nombre": "Ana", "Empresa": "900123456-8"})["CompanyId"] == (
        "900123456-8"
    )


def test_columns_with_no_known_name_are_read_by_their_values():
    header = ["Columna A", "Columna B", "Columna C", "Columna D", "Columna E", "Columna F"]
    rows = [
        ["Ana López", "ana@ejemplo.mx", "LOHA850312BF1", "+52 55 1234 5678", "a.lopez@gmail.com",
         "México"],
        ["Textiles Andinos", "ventas@andinos.pe", "20100070970", "+51 987 654 321", "",
         "Perú"],
        ["Café Los Nevados", "info@nevados.co ; pagos@nevados.co", "900123456-8",
         "(601) 345 6789", "", "Colombia"],
    ]  # fmt: skip
    found = recognise(header, rows, FIELDS)

    assert fields_of(found) == {
        "Columna A": (None, ""),
        "Columna B": ("Email", VALUES),
        "Columna C": ("UniqueReference", VALUES),
        "Columna D": ("Telephone", VALUES),
        "Columna E": ("ExtraEmails", VALUES),  # a second column of e-mails
        "Columna F": ("Country", VALUES),
    }
    assert found.mapping.values["Country"] == {"mexico": "MX", "peru": "PE", "colombia": "CO"}


def test_a_name_wins_over_values_and_a_second_phone_is_the_mobile():
    header = ["Tel", "Teléfono 2", "Contacto", "Correo", "Correo 2", "E-mail 3"]
    rows = [["55 5601 2345", "55 1234 5678", "+52 33 3615 8899", "a@b.mx", "c@d.mx", "e@f.mx"]]
    found = fields_of(recognise(header, rows, FIELDS))

    assert found["Tel"] == ("Telephone", NAME)
    assert found["Teléfono 2"] == ("Mobile", NAME)
    assert found["Contacto"] == (None, "")  # a third phone: no field left for it
    assert found["Correo"] == ("Email", NAME)
    assert found["Correo 2"] == ("ExtraEmails", NAME)
    assert found["E-mail 3"] == ("ExtraEmails", NAME)
    mapping = recognise(header, rows, FIELDS).mapping
    assert mapping.apply(dict(zip(header, rows[0], strict=True)))["ExtraEmails"] == "c@d.mx; e@f.mx"


def test_names_in_parts_are_joined_and_nombre_beside_apellidos_is_the_first_name():
    header = ["Nombre", "Apellido paterno", "Apellido materno", "Correo electrónico del cliente"]
    row = ["María Camila", "Restrepo", "Gómez", "mcrestrepo@gmail.com"]
    found = recognise(header, [row], FIELDS)

    assert fields_of(found)["Nombre"] == ("FirstName", NAME)
    assert fields_of(found)["Apellido materno"] == ("LastName", NAME)
    assert fields_of(found)["Correo electrónico del cliente"] == ("Email", NAME)
    values = found.mapping.apply(dict(zip(header, row, strict=True)))
    assert (values["FirstName"], values["LastName"]) == ("María Camila", "Restrepo Gómez")
    person = row_input(values, default_country="CO", type_kinds=KINDS)
    assert (person.data.first_name, person.data.last_name) == ("María Camila", "Restrepo Gómez")
    assert person.data.person_kind == FISICA


def test_a_colombian_sheet_with_document_type_department_and_city():
    header = ["Tipo de documento", "Cédula o NIT", "Nombres", "Apellidos", "Dirección",
              "Ciudad", "Departamento", "Móvil"]  # fmt: skip
    rows = [
        ["Cédula de ciudadanía", "1017234567", "Andrés Felipe", "Cárdenas Ospina",
         "Calle 72 # 10-34", "Medellín", "Antioquia", "+57 315 765 4321"],
        ["NIT", "900123456-8", "", "", "Cra. 7 # 71-21", "Bogotá", "Bogotá D.C.",
         "+57 300 222 3344"],
        ["Pasaporte", "AB123456", "John", "Smith", "", "", "", ""],
    ]  # fmt: skip
    found = recognise(header, rows, FIELDS)

    assert fields_of(found)["Tipo de documento"] == ("DocumentType", NAME)
    assert fields_of(found)["Cédula o NIT"] == ("UniqueReference", NAME)
    assert fields_of(found)["Departamento"] == ("Region", NAME)
    assert found.mapping.values["DocumentType"] == {
        "cedula de ciudadania": "CC",
        "nit": "NIT",
        "pasaporte": "PAS",
    }
    values = found.mapping.apply(dict(zip(header, rows[0], strict=True)))
    assert (values["DocumentType"], values["Region"]) == ("CC", "CO-ANT")
    # a Dirección beside a city: joined, with the department
    assert values["Address"] == "Calle 72 # 10-34, Medellín, Antioquia"
    assert fields_of(found)["Ciudad"] == ("Address", NAME)


def test_an_address_in_parts_ends_with_the_country_and_a_zip_by_its_values():
    header = ["Street", "City", "Columna", "Country", "Nombre"]
    rows = [["77 Santa Barbara Rd", "Pleasant Hill", "94523", "United States", "Deco Addict"]]
    found = recognise(header, rows, FIELDS)

    assert fields_of(found)["Columna"] == ("PostalCode", VALUES)
    values = found.mapping.apply(dict(zip(header, rows[0], strict=True)))
    assert values["Address"] == "77 Santa Barbara Rd, Pleasant Hill, 94523, United States"
    assert values["Country"] == "US"
    # with no address, five digits are not taken for a postal code
    alone = recognise(["Nombre", "Columna"], [["Deco Addict", "94523"]], FIELDS)
    assert fields_of(alone)["Columna"] == (None, "")


def test_company_type_and_custom_fields_and_the_fields_the_file_has():
    header = ["Nombre", "Tipo", "Nivel de lealtad", "Estado"]
    rows = [
        ["Ana López", "Persona física", "Oro", "Jalisco"],
        ["Azteca", "Empresa", "Plata", "Sonora"],
    ]
    found = recognise(header, rows, FIELDS | {"custom.nivel_de_lealtad"})

    assert fields_of(found)["Tipo"] == ("CompanyType", NAME)
    assert fields_of(found)["Nivel de lealtad"] == ("custom.nivel_de_lealtad", NAME)
    assert found.mapping.values["CompanyType"] == {"persona fisica": "PF", "empresa": "PM"}
    # a field the file does not have is never proposed
    narrow = recognise(header, rows, {"Name", "CompanyType"})
    assert fields_of(narrow)["Estado"] == (None, "")


def test_value_maps_for_the_closed_sets():
    assert value_maps("State", ["Sí", "No", "TRUE", "FALSE", "VERDADERO", "Inactive", "quizá"]) == {
        "Sí": "1", "No": "0", "TRUE": "1", "FALSE": "0", "VERDADERO": "1", "Inactive": "0",
    }  # fmt: skip
    assert value_maps(
        "CompanyType",
        ["Company", "Individual", "Persona moral", "Persona natural", "Persona jurídica", "Otro"],
    ) == {
        "Company": "PM", "Individual": "PF", "Persona moral": "PM", "Persona natural": "PF",
        "Persona jurídica": "PM",
    }  # fmt: skip
    assert value_maps("DocumentType", ["Cédula de extranjería", "RUC", "DNI", "CURP", "RFC"]) == {
        "Cédula de extranjería": "CE", "RUC": "RUC", "DNI": "DNI", "CURP": "CURP", "RFC": "RFC",
    }  # fmt: skip
    assert value_maps("Region", ["Jalisco (MX)", "Amazonas", "Amazonas (PE)", "Texas"]) == {
        "Jalisco (MX)": "MX-JAL", "Amazonas (PE)": "01",  # Amazonas alone: Colombia or Peru
    }  # fmt: skip
    assert value_maps("Country", ["United States", "Sudáfrica", "MEX"]) == {
        "United States": "US", "Sudáfrica": "ZA", "MEX": "MX",
    }  # fmt: skip
    assert value_maps("State", ["Sí", "No"], inverted=True) == {"Sí": "0", "No": "1"}
    assert region_codes()["ciudad de mexico"] == "MX-CMX"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("United States", "US"),
        ("South Africa", "ZA"),
        ("México", "MX"),
        ("Mexico", "MX"),
        ("MÉXICO", "MX"),
        ("Perú", "PE"),
        ("peru", "PE"),
        ("USA", "US"),
        ("EE. UU.", "US"),
        ("Estados Unidos", "US"),
        ("United States of America", "US"),
        ("Sudáfrica", "ZA"),
        ("Colombia", "CO"),
        ("COL", "CO"),
        ("PER", "PE"),
        ("mx", "MX"),
        ("Reino Unido", "GB"),
        ("Corea del Sur", "KR"),
        ("Bolivia", "BO"),
        ("", ""),
    ],
)
def test_the_country_column_reads_names_in_spanish_and_english_and_iso_codes(text, code):
    assert country_column(text) == code


def test_an_unknown_country_keeps_its_message():
    with pytest.raises(ValidationError) as err:
        country_column("Narnia")
    assert err.value.errors[0].template == (
        "“{value}” is not a country: write its two-letter code (MX, PE, CO…)."
    )


def test_coordinates_in_two_columns_the_sat_columns_and_the_source_id():
    header = ["Razón Social", "Latitud", "Longitud", "Giro", "Régimen fiscal", "Uso de CFDI", "ID"]
    row = ["Tecnologías del Bajío", "20.6736", "-103.344", "Distribuidor", "601", "G03", "17"]
    found = recognise(header, [row], FIELDS)

    assert [p.field for p in found.columns] == [
        "Name",
        "Latitude-Longitude",
        "Latitude-Longitude",
        "Category",
        "RegimenFiscal",
        "UsoCFDI",
        "SourceId",
    ]
    values = found.mapping.apply(dict(zip(header, row, strict=True)))
    assert values["Latitude-Longitude"] == "20.6736,-103.344"
    assert values["Category"] == "DIST"  # the shipped category's name
    assert (values["UniqueReference"], values["DocumentType"]) == ("17", "REF")  # the ID


def test_a_street_before_the_address_line_is_joined_with_it():
    header = ["Calle", "Dirección", "Ciudad", "País"]
    row = ["Av. Juárez 455", "Col. Centro", "Guadalajara", "México"]
    found = recognise(header, [row], FIELDS)

    values = found.mapping.apply(dict(zip(header, row, strict=True)))
    assert values["Address"] == "Av. Juárez 455, Col. Centro, Guadalajara, México"
    assert values["Country"] == "MX"
    assert found.unmapped == ()
