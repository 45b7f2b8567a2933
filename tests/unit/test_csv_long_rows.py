"""Rows longer than the reader keeps whole (131,072 characters), and inputs that are not
files, on real files, FIFOs, sockets and devices written here.

A long row keeps every cell it has: each one over 10,000 characters is cut to that and
marked "…", named as too long by its column, so the error file gets the whole row back;
the rows after it keep their line numbers.  A FIFO, a device, a folder or a socket given
as the input is refused, saying what it is, before anything opens it."""

from __future__ import annotations

import csv
import io
import os
import random
import socket
import threading
import tracemalloc

import pytest

from tui_clients.domain.csv import decode
from tui_clients.domain.csv.decode import RecordReader
from tui_clients.domain.csv.read import MAX_FIELD, REASON_HEADER, FileRefused, open_csv
from tui_clients.domain.i18n import translate

# ten columns; the third is the long one
HEADER = [
    "Name",
    "Email",
    "Address",
    "Telephone",
    "CompanyId",
    "Latitude-Longitude",
    "AddressDetail",
    "State",
    "UniqueReference",
    "TradeName",
]
ROW = [
    "Peña Ñandú S.A.",
    "josé@peña.mx",
    "",  # the long cell
    "55 1234 5678",
    "",
    "19.43,-99.13",
    "Piso 3 – “B”",
    "1",
    "PNA550101AA3",
    'Ñandú, "la tienda"',
]
MB = 1 << 20
LONG = 300_000


def long_value(quoted: bool) -> str:
    """300,000 characters; quoted, with commas, quotes and line breaks inside."""
    if quoted:
        chunk = 'Calle "larga", número 5\r\npiso 2, depto. 3\n'
    else:
        chunk = "Calle larga número 5 piso 2 depto 3 "
    return (chunk * (LONG // len(chunk) + 1))[:LONG]


def write_rows(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([header, *rows])
    return path


def read(path, **limits):
    with open_csv(path, **limits) as source:
        return source, list(source.rows())


def problems(row):
    return [(p.field, p.code) for p in row.problems]


# --- a long row keeps all its cells ----------------------------------------------------


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted-with-line-breaks"])
def test_a_300000_character_third_cell_is_cut_and_every_other_cell_kept(tmp_path, quoted):
    value = long_value(quoted)
    big = [*ROW[:2], value, *ROW[3:]]
    after = ["Carla", "", "Calle 3", "", "", "", "", "1", "C-3", ""]
    path = write_rows(tmp_path / "long.csv", [[*ROW[:2], "Calle 1", *ROW[3:]], big, after])
    _, rows = read(path)
    assert [r.values["Name"] for r in rows] == [ROW[0], ROW[0], "Carla"]
    row = rows[1]
    assert len(row.cells) == 10
    assert row.cells[2] == value[:MAX_FIELD] + "…"
    assert row.cells[:2] == ROW[:2] and row.cells[3:] == ROW[3:]  # intact after the cut
    assert problems(row) == [("Address", "too_long")]
    assert "10000" in row.problem.message("en") and len(row.problem.message("es")) < 200
    breaks = value.count("\n")  # "\r\n" and "\n" are one line break each
    assert [r.line for r in rows] == [2, 3, 4 + breaks]
    assert rows[0].problems == () and rows[2].problems == ()


def test_two_long_cells_a_short_row_and_an_error_files_reason_column(tmp_path):
    header = ["Name", "Notas", "UniqueReference", "Address", translate(REASON_HEADER, "es")]
    long_row = ["x" * 20_000, "n" * 200_000, "R-1", "calle", "Línea 2 · viejo motivo"]
    path = write_rows(tmp_path / "e.csv", [long_row, ["Ana", "", "R-2", "c", ""]], header)
    source, rows = read(path)
    assert source.header == header[:4]
    assert rows[0].cells == ["x" * MAX_FIELD + "…", "n" * MAX_FIELD + "…", "R-1", "calle"]
    assert problems(rows[0]) == [("Name", "too_long"), ("row", "too_long")]  # Notas: unknown
    assert rows[1].problems == () and rows[1].line == 3


def test_a_long_row_with_a_cell_too_many_says_both(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(b"Name,UniqueReference\r\nAna," + b"1" * 150_000 + b",extra\r\nBob,2\r\n")
    _, rows = read(path)
    assert rows[0].cells == ["Ana", "1" * MAX_FIELD + "…", "extra"]
    assert problems(rows[0]) == [("UniqueReference", "too_long"), ("row", "field_count")]
    assert rows[1].values == {"Name": "Bob", "UniqueReference": "2"} and rows[1].line == 3


def test_a_long_row_of_cells_under_the_limit_keeps_them_all(tmp_path):
    cells = [f"{c}" * 9_000 for c in "abcdefghijklmnop"]  # 144,000 characters
    header = ["Name", "UniqueReference", *(f"X{i}" for i in range(14))]
    path = write_rows(tmp_path / "wide.csv", [cells, ["Ana", "1", *[""] * 14]], header)
    _, rows = read(path)
    assert rows[0].cells == cells
    assert problems(rows[0]) == [("row", "row_too_long")]
    assert rows[1].problems == ()


def test_a_quote_never_closed_in_a_long_row_keeps_its_cells_cut(tmp_path):
    path = tmp_path / "open.csv"
    path.write_bytes(b'Name,UniqueReference\r\nAna,1\r\nBig,"' + b"abc,def\r\n" * 300_000)
    _, rows = read(path)
    assert problems(rows[1]) == [("row", "unclosed_quote")]
    assert rows[1].cells[0] == "Big" and len(rows[1].cells[1]) == MAX_FIELD + 1


@pytest.mark.parametrize("piece", [3, 7, 64])
def test_long_records_are_split_as_csv_reader_splits_them(monkeypatch, piece):
    """Random records, quoted or not, with doubled quotes, line breaks and text after a
    closing quote, each read as a long one (max_record 1) in pieces of a few characters:
    the cells are those of csv.reader over the whole text, each cut to max_field + "…"."""
    monkeypatch.setattr(decode, "_PIECE", piece)
    rnd = random.Random(piece)
    parts = ["a", "b", ",", '"', '""', "\r\n", "\n", "\r", " ", "ñ", ";"]
    for max_field in (10**6, 1, 4):
        for _ in range(300):
            rows = [
                ["".join(rnd.choices(parts, k=rnd.randint(0, 25))) for _ in range(5)]
                for _ in range(rnd.randint(1, 4))
            ]
            buf = io.StringIO()
            quoting = rnd.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
            csv.writer(buf, lineterminator=rnd.choice(["\r\n", "\n"]), quoting=quoting).writerows(
                [["h1", "h2"], *rows]
            )
            text = buf.getvalue() + "".join(rnd.choices(["a", ",", '"', "\n", 'x"y'], k=12))
            expected = [
                [c if len(c) <= max_field else c[:max_field] + "…" for c in cells]
                for cells in csv.reader(io.StringIO(text, newline=""))
            ]
            reader = RecordReader(io.BytesIO(text.encode()), 1, max_field)
            reader.width = 100
            records = reader.records(",", reader.first_line())
            # a blank line (one character) is short even so: its text, for csv.reader
            got = [next(csv.reader([r.text]), []) if r.cells is None else r.cells for r in records]
            assert got == expected, text


def test_a_20_mb_line_of_tiny_cells_is_scanned_in_bounded_memory(tmp_path):
    path = tmp_path / "tiny.csv"
    with path.open("wb") as fh:
        fh.write(b"Name,UniqueReference\r\nAna,1")
        for _ in range(20):
            fh.write(b",a" * (MB // 2))
        fh.write(b"\r\nBob,2\r\n")
    tracemalloc.start()
    try:
        _, rows = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * MB, peak
    assert problems(rows[0]) == [("row", "row_too_long")]
    assert rows[0].cells[:3] == ["Ana", "1", "a"] and len(rows[0].cells) < 200_000
    assert rows[1].values == {"Name": "Bob", "UniqueReference": "2"} and rows[1].line == 3


# --- inputs that are not files ---------------------------------------------------------


def refused(path):
    """open_csv's refusal, from a thread: a FIFO opened for reading would wait for a
    writer forever, so the test opens the other end itself if it has to."""
    outcome: list[object] = []

    def attempt():
        try:
            open_csv(path).close()
            outcome.append(None)
        except FileRefused as exc:
            outcome.append(exc.error)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(30)
    if thread.is_alive():  # it opened the FIFO: let it go before failing
        with open(path, "wb"):
            pass
        thread.join()
        pytest.fail(f"open_csv waited on {path}")
    error = outcome[0]
    assert error is not None, f"{path} was read"
    return error


def test_a_fifo_is_refused_saying_it_is_one_without_opening_it(tmp_path):
    fifo = tmp_path / "clientes.csv"
    os.mkfifo(fifo)
    error = refused(fifo)
    assert error.code == "not_a_file"
    assert error.message("en") == (f"{fifo} is a FIFO (named pipe), not a file: choose a CSV file.")
    assert error.message("es") == (
        f"{fifo} es un FIFO (tubería con nombre), no un archivo: elija un archivo CSV."
    )
    link = tmp_path / "enlace.csv"
    link.symlink_to(fifo)
    assert "is a FIFO (named pipe)" in refused(link).message("en")  # what the link names


def test_a_device_a_folder_and_a_socket_are_refused_saying_what_they_are(tmp_path):
    assert refused("/dev/null").message("en").startswith("/dev/null is a character device, ")
    assert refused(tmp_path).message("es") == (
        f"{tmp_path} es una carpeta, no un archivo: elija un archivo CSV dentro de ella."
    )
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.csv"))
        assert " is a socket, not a file" in refused(tmp_path / "s.csv").message("en")
    finally:
        server.close()


def test_a_missing_file_says_it_does_not_exist_and_names_are_shown_escaped(tmp_path):
    error = refused(tmp_path / "falta.csv")
    assert error.code == "missing"
    assert error.message("es") == (
        f"{tmp_path}/falta.csv no existe: revise el nombre del archivo y su carpeta."
    )
    hostile = tmp_path / "x\x1b]0;pwned\x07.csv"
    os.mkfifo(hostile)
    message = refused(hostile).message("en")
    assert "\x1b" not in message and "\x07" not in message
    assert "x\\x1b]0;pwned\\x07.csv is a FIFO" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_that_cannot_be_read_says_why(tmp_path):
    path = write_rows(tmp_path / "c.csv", [ROW])
    path.chmod(0)
    error = refused(path)
    assert error.code == "unreadable" and "Permission denied" in error.message("en")
