"""A row too long to read whole, through the real importer on a real SQLite file: its
line in the error file has every cell in its column, the long one cut and marked, and the
reason names that column; and inputs that are not files, refused by the installed
command in a few seconds with a message saying what they are."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_clients.services.clients.listing import ClientFilter, count
from tui_clients.services.imports.importer import run_import

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


def row(name: str, reference: str, address: str) -> list[str]:
    return [name, "", address, "55 1234 5678", "", "", "Piso 3", "1", reference, "Tienda, “B”"]


def long_address(quoted: bool) -> str:
    chunk = 'Calle "larga", número 5\r\npiso 2\n' if quoted else "Calle larga número 5 "
    return (chunk * (300_000 // len(chunk) + 1))[:300_000]


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted-with-line-breaks"])
def test_the_error_file_keeps_every_cell_of_a_row_too_long(sqlite_db, tmp_path, quoted):
    address = long_address(quoted)
    rows = [
        row("Azteca S.A.", "REF-1", "Av. Reforma 222"),
        row("Larga S.A.", "REF-2", address),
        row("Andina S.A.S.", "REF-3", "Cra. 7 # 71-21"),
    ]
    source = tmp_path / "clientes.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([HEADER, *rows])
    report = run_import(source, errors_path=tmp_path / "errores.csv", default_country="MX")
    assert (report.imported, report.rejected, report.status) == (2, 1, "with_errors")
    assert count(ClientFilter()) == 2

    text = (tmp_path / "errores.csv").read_bytes().decode("utf-8-sig")
    header, rejected = list(csv.reader(io.StringIO(text, newline="")))
    assert header[:10] == HEADER and len(header) == 11
    assert len(rejected) == 11  # every cell, then the reason
    assert rejected[2] == address[:10_000] + "…"
    assert rejected[:2] == rows[1][:2] and rejected[3:10] == rows[1][3:]
    assert rejected[10].startswith("Línea 3 · Address: ")
    assert "10000" in rejected[10] and len(rejected[10]) < 200


CLI = Path(sys.executable).with_name("tui-clients")


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed command, from the test's own folder (never the checkout); a
    command that waits on a FIFO is killed by the timeout, failing the test."""
    return subprocess.run(
        [str(CLI), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


@pytest.mark.skipif(not CLI.exists(), reason="the tui-clients script is not installed here")
@pytest.mark.parametrize("command", [["import"], ["inventory", "import"]])
def test_a_fifo_as_the_input_is_refused_at_once_saying_what_it_is(tmp_path, command):
    fifo = tmp_path / "clientes.csv"
    os.mkfifo(fifo)
    done = run(*command, str(fifo))
    assert done.returncode == 2, done.stderr
    assert f"{fifo} es un FIFO (tubería con nombre), no un archivo" in done.stderr
    assert "Traceback" not in done.stderr
    missing = run(*command, str(tmp_path / "falta.csv"))
    assert missing.returncode == 2 and "no existe" in missing.stderr
    device = run(*command, "/dev/zero")  # read, it would never end
    assert device.returncode == 2 and "dispositivo de caracteres" in device.stderr
