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


SALESFORCE_HEADER = ["Salutation", "First Name", "Last Name", "Title", "Account Name",
                     "Mailing Street", "Mailing City", "Mailing State/Province",
                     "Mailing Zip/Postal Code", "Mailing Country", "Other Street", "Other City",
                     "Other Country", "Phone", "Mobile", "Email", "Contact ID"]  # fmt: skip
SALESFORCE_ROWS = [
    ["Mr.", "John", "Smith", "VP Operations", "Acme Logistics", "1 Market St", "San Francisco",
     "CA", "94105", "United States", "", "", "", "(415) 555-0134", "(415) 555-0199",
     "jsmith@acmelogistics.com", "0035e00000Bc9XyAAJ"],
    ["Ms.", "Ana", "López", "Directora de Compras", "Comercializadora Azteca",
     "Av. Paseo de la Reforma 222", "Ciudad de México", "CDMX", "06600", "Mexico",
     "Calle Durango 10", "Puebla", "Mexico", "+52 55 1234 5678", "+52 55 8765 4321",
     "ana.lopez@azteca.com.mx", "0035e00000Bc9XzAAJ"],
    ["Sr.", "José", "Pérez", "Gerente", "Tecnologías del Bajío", "Av. Vallarta 1500",
     "Guadalajara", "Jalisco", "44160", "México", "", "", "", "33 3615 8899", "",
     "jperez@tecbajio.mx", "0035e00000Bc9Y0AAJ"],
    ["Sra.", "Lucía", "Ramos", "", "Textiles Andinos", "", "", "", "", "", "", "", "", "", "",
     "lramos@andinos.pe", "0035e00000Bc9Y1AAJ"],
    ["Ms.", "Emily", "Clark", "CFO", "Deco Addict", "77 Santa Barbara Rd", "Pleasant Hill",
     "CA", "94523", "United States", "", "", "", "(925) 555-0172", "",
     "emily.clark@decoaddict.com", "0035e00000Bc9Y2AAJ"],
]  # fmt: skip


def test_a_salesforce_export_salutation_is_no_country_and_the_mailing_address_is_read():
    found = recognise(SALESFORCE_HEADER, SALESFORCE_ROWS, FIELDS)

    assert fields_of(found) == {
        "Salutation": (None, ""),  # Mr./Ms./Sr. are not Mauritania, Montserrat, Suriname
        "First Name": ("FirstName", NAME),
        "Last Name": ("LastName", NAME),
        "Title": (None, ""),
        "Account Name": ("CompanyName", NAME),
        "Mailing Street": ("Address", NAME),
        "Mailing City": ("Address", NAME),
        "Mailing State/Province": ("Region", NAME),
        "Mailing Zip/Postal Code": ("PostalCode", NAME),
        "Mailing Country": ("Country", NAME),
        "Other Street": (None, ""),  # the other address: one address is read
        "Other City": (None, ""),
        "Other Country": (None, ""),
        "Phone": ("Telephone", NAME),
        "Mobile": ("Mobile", NAME),
        "Email": ("Email", NAME),
        "Contact ID": ("SourceId", NAME),
    }
    assert "Salutation" in found.unmapped
    assert found.mapping.values["Country"] == {
        "united states": "US", "mexico": "MX",
    }  # fmt: skip
    values = found.mapping.apply(dict(zip(SALESFORCE_HEADER, SALESFORCE_ROWS[1], strict=True)))
    assert values["Address"] == (
        "Av. Paseo de la Reforma 222, Ciudad de México, CDMX, 06600, Mexico"
    )
    assert (values["Region"], values["PostalCode"], values["Country"]) == ("MX-CMX", "06600", "MX")
    assert values["CompanyName"] == "Comercializadora Azteca"
    # salutations under a name that says nothing are read by their values: still no country
    header = ["Columna", "Nombre"]
    rows = [[s, "Cliente"] for s in ("Mr.", "Ms.", "Sr.", "Mr.", "Ms.", "Dr.")]
    assert fields_of(recognise(header, rows, FIELDS))["Columna"] == (None, "")
    assert value_maps("Country", ["Mr.", "Ms.", "Sr.", "MS", "Mexico"]) == {
        "MS": "MS", "Mexico": "MX",
    }  # fmt: skip


@pytest.mark.parametrize(
    "header", [["Billing Country"], ["Shipping Country"], ["Business Country/Region"],
               ["País de facturación"], ["Mailing Country"]],
)  # fmt: skip
def test_a_country_is_known_by_its_name_whatever_address_it_belongs_to(header):
    found = recognise([*header, "Razón social"], [["Colombia", "Café Los Nevados"]], FIELDS)
    assert fields_of(found)[header[0]] == ("Country", NAME)


def test_two_letter_codes_are_a_country_only_in_a_column_named_so():
    rows = [["MX", "Azteca"], ["PE", "Andinos"], ["CO", "Nevados"], ["US", "Deco Addict"]]
    coded = recognise(["Cod. país ISO", "Razón social"], rows, FIELDS)
    bare = recognise(["Columna", "Razón social"], rows, FIELDS)

    assert fields_of(coded)["Cod. país ISO"] == ("Country", VALUES)
    assert fields_of(bare)["Columna"] == (None, "")


def test_dates_are_never_phones():
    header = ["Razón social", "Alta", "Fecha", "Fecha de alta", "Created", "Columna", "Otra"]
    rows = [
        ["Comercializadora Azteca", "2024-03-05", "05/03/2024", "2024-03-05 14:30",
         "2024-03-05 14:30", "2024-03-05", "05/03/2024 09:15"],
        ["Tecnologías del Bajío", "2023-11-20", "20/11/2023", "2023-11-20 09:05",
         "2023-11-20 09:05", "2023-11-20", "20/11/2023 17:40"],
        ["Textiles Andinos", "2022-01-31", "31/01/2022", "2022-01-31 18:00",
         "2022-01-31T18:00:00Z", "2022-01-31", "31/01/2022 08:00"],
    ]  # fmt: skip
    found = recognise(header, rows, FIELDS)

    assert fields_of(found) == {
        "Razón social": ("Name", NAME),
        "Alta": (None, ""),
        "Fecha": (None, ""),
        "Fecha de alta": (None, ""),
        "Created": (None, ""),
        "Columna": (None, ""),  # read by its values: a date, not 2024030 5…
        "Otra": (None, ""),
    }
    # a phone written with the same separators is still a phone
    phones = recognise(
        ["Columna"], [["55-1234-5678"], ["(415) 555-0134"], ["33 3615 8899"]], FIELDS
    )
    assert fields_of(phones)["Columna"] == ("Telephone", VALUES)


ZOHO_HEADER = ["Record Id", "First Name", "Last Name", "Account Name", "Email",
               "Secondary Email", "Email Opt Out", "Phone", "Mobile", "Phone Opt Out",
               "Do Not Call", "Mailing Street", "Mailing City", "Mailing State", "Mailing Zip",
               "Mailing Country", "Created Time"]  # fmt: skip
ZOHO_ROWS = [
    ["zcrm_5725767000000437001", "Ana", "López", "Comercializadora Azteca",
     "ana.lopez@azteca.com.mx", "", "false", "+52 55 1234 5678", "+52 55 8765 4321", "false",
     "false", "Av. Constitución 400", "Monterrey", "Nuevo León", "64000", "Mexico",
     "2024-03-05 14:30:12"],
    ["zcrm_5725767000000437002", "Carlos", "Ruiz", "Café Los Nevados", "cruiz@nevados.co",
     "pagos@nevados.co", "true", "", "+57 315 765 4321", "true", "true", "Calle 72 # 10-34",
     "Medellín", "Antioquia", "050021", "Colombia", "2023-11-20 09:05:44"],
    ["zcrm_5725767000000437003", "Emily", "Clark", "Deco Addict", "emily@decoaddict.com", "",
     "false", "(925) 555-0172", "", "false", "false", "77 Santa Barbara Rd", "Pleasant Hill",
     "California", "94523", "United States", "2022-01-31 18:00:00"],
]  # fmt: skip


def test_a_zoho_export_opt_out_flags_are_no_e_mail_or_phone_and_the_address_is_read():
    found = recognise(ZOHO_HEADER, ZOHO_ROWS, FIELDS)
    fields = fields_of(found)

    assert fields["Email"] == ("Email", NAME)
    assert fields["Secondary Email"] == ("ExtraEmails", NAME)
    assert fields["Email Opt Out"] == (None, "")  # true/false: not an e-mail
    assert fields["Phone Opt Out"] == (None, "")
    assert fields["Do Not Call"] == (None, "")  # nor a company type by its true/false
    assert fields["Created Time"] == (None, "")
    assert fields["Record Id"] == ("SourceId", NAME)
    assert fields["Account Name"] == ("CompanyName", NAME)
    assert fields["Mailing City"] == ("Address", NAME)  # a part of the address, not Region
    assert fields["Mailing State"] == ("Region", NAME)
    assert fields["Mailing Zip"] == ("PostalCode", NAME)
    assert fields["Mailing Country"] == ("Country", NAME)
    values = found.mapping.apply(dict(zip(ZOHO_HEADER, ZOHO_ROWS[1], strict=True)))
    assert values["ExtraEmails"] == "pagos@nevados.co"
    assert values["Address"] == "Calle 72 # 10-34, Medellín, Antioquia, 050021, Colombia"
    assert (values["Region"], values["Country"]) == ("CO-ANT", "CO")
    first = found.mapping.apply(dict(zip(ZOHO_HEADER, ZOHO_ROWS[0], strict=True)))
    assert (first["Region"], first["PostalCode"]) == ("MX-NLE", "64000")


OUTLOOK_ES_HEADER = ["Tratamiento", "Nombre", "Segundo nombre", "Apellidos", "Sufijo",
                     "Organización", "Departamento", "Puesto", "Calle del trabajo",
                     "Ciudad de trabajo", "Provincia o estado de trabajo",
                     "Código postal del trabajo", "País o región del trabajo",
                     "Teléfono del trabajo", "Teléfono móvil", "Dirección de correo electrónico",
                     "Cumpleaños"]  # fmt: skip
OUTLOOK_ES_ROWS = [
    ["Sra.", "Ana", "Sofía", "López Hernández", "", "Comercializadora Azteca", "Compras",
     "Directora de compras", "Av. Insurgentes Sur 1602", "Ciudad de México",
     "Ciudad de México", "03940", "México", "55 5601 2345", "55 8765 4321",
     "ana.lopez@azteca.com.mx", "12/03/1985"],
    ["Sr.", "Juan", "", "Pérez", "", "Tecnologías del Bajío", "Ventas", "Gerente",
     "Av. Vallarta 1500", "Guadalajara", "Jalisco", "44160", "México", "33 3615 8899", "",
     "jperez@tecbajio.mx", ""],
]  # fmt: skip


def test_outlook_in_spanish_middle_name_is_the_first_name_and_departamento_the_job():
    found = recognise(OUTLOOK_ES_HEADER, OUTLOOK_ES_ROWS, FIELDS)
    fields = fields_of(found)

    assert fields["Nombre"] == ("FirstName", NAME)
    assert fields["Segundo nombre"] == ("FirstName", NAME)
    assert fields["Departamento"] == (None, "")  # the contact's department, not the region
    assert fields["Puesto"] == (None, "")
    assert fields["Organización"] == ("CompanyName", NAME)
    assert fields["Provincia o estado de trabajo"] == ("Region", NAME)
    assert fields["Ciudad de trabajo"] == ("Address", NAME)
    assert fields["Teléfono del trabajo"] == ("Telephone", NAME)
    assert fields["Teléfono móvil"] == ("Mobile", NAME)
    assert fields["Dirección de correo electrónico"] == ("Email", NAME)
    assert fields["Tratamiento"] == fields["Cumpleaños"] == (None, "")
    assert "Name" not in found.mapping.columns
    values = found.mapping.apply(dict(zip(OUTLOOK_ES_HEADER, OUTLOOK_ES_ROWS[0], strict=True)))
    assert (values["FirstName"], values["LastName"]) == ("Ana Sofía", "López Hernández")
    assert (values["Region"], values["Country"]) == ("MX-CMX", "MX")
    person = row_input(values, default_country="MX", type_kinds=KINDS)
    assert (person.data.first_name, person.data.last_name) == ("Ana Sofía", "López Hernández")
    # a Departamento of region names beside a Puesto is still the region
    colombian = recognise(["Nombre", "Puesto", "Departamento"],
                          [["Andrés", "Gerente", "Antioquia"], ["Laura", "Analista", "Cundinamarca"]],
                          FIELDS)  # fmt: skip
    assert fields_of(colombian)["Departamento"] == ("Region", NAME)


def test_sat_codes_with_their_descriptions_and_mexican_state_abbreviations():
    header = ["RFC", "Razón social", "Régimen fiscal", "Uso CFDI", "Estado"]
    rows = [
        ["CAZ050615LKA", "Comercializadora Azteca", "601 - General de Ley Personas Morales",
         "G03 - Gastos en general", "N.L."],
        ["LOHA850312BF1", "Ana Sofía López Hernández", "626 Régimen Simplificado de Confianza",
         "S01 Sin efectos fiscales", "Edo. Méx."],
        ["TEL120730CG9", "Tecnologías del Bajío", "601", "G03", "CDMX"],
        ["GODE561231GR8", "Eduardo González Díaz", "612 - Personas Físicas con Actividades "
         "Empresariales y Profesionales", "D01 - Honorarios médicos", "D.F."],
    ]  # fmt: skip
    found = recognise(header, rows, FIELDS)

    assert fields_of(found)["Estado"] == ("Region", NAME)
    stored = [found.mapping.apply(dict(zip(header, r, strict=True))) for r in rows]
    assert [v["RegimenFiscal"] for v in stored] == ["601", "626", "601", "612"]
    assert [v["UsoCFDI"] for v in stored] == ["G03", "S01", "G03", "D01"]
    assert [v["Region"] for v in stored] == ["MX-NLE", "MX-MEX", "MX-CMX", "MX-CMX"]
    assert value_maps("RegimenFiscal", ["601 - General de Ley Personas Morales", "Otro"]) == {
        "601 - General de Ley Personas Morales": "601",
    }  # fmt: skip
    assert value_maps("UsoCFDI", ["Gastos en general", "CP01 Pagos", "Z99 Nada"]) == {
        "Gastos en general": "G03", "CP01 Pagos": "CP01",
    }  # fmt: skip
    assert value_maps("Region", ["N.L.", "Edo. Méx.", "CDMX", "D.F."]) == {
        "N.L.": "MX-NLE", "Edo. Méx.": "MX-MEX", "CDMX": "MX-CMX", "D.F.": "MX-CMX",
    }  # fmt: skip


def test_a_second_column_of_one_name_is_left_unmapped():
    header = ["Nombre", "Nombre", "Correo", "Correo", "Teléfono", "Teléfono", "Apellidos"]
    rows = [["Ana Sofía", "Ana", "ana@azteca.com.mx", "ventas@azteca.com.mx", "55 5601 2345",
             "55 8765 4321", "López"]]  # fmt: skip
    found = recognise(header, rows, FIELDS)

    assert [(p.column, p.field) for p in found.columns] == [
        ("Nombre", "FirstName"),
        ("Nombre", None),
        ("Correo", "Email"),
        ("Correo", None),
        ("Teléfono", "Telephone"),
        ("Teléfono", None),
        ("Apellidos", "LastName"),
    ]
    assert found.unmapped == ("Nombre", "Correo", "Teléfono")
    assert found.mapping.columns["Email"].columns == ("Correo",)
    assert {"ExtraEmails", "Mobile"}.isdisjoint(found.mapping.columns)
