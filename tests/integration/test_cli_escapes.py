"""Escape sequences in a CSV file (its header, its cells, its name) and in stored values
never reach the terminal raw from the command line: every command shows them escaped,
--json stays valid JSON that gives the exact values back, and files keep their names."""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

TITLE = "\x1b]0;pwned\x07"  # OSC 0: would set the terminal's title
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: would write the clipboard
CSI = "\x9b31m"  # a C1 control sequence introducer: red text on some terminals
HOSTILE = (TITLE, CLIPBOARD, CSI)
SHOWN = ("\\x1b]0;pwned\\x07", "\\x1b]52;c;cHduZWQ=\\x07", "\\x9b31m")  # said, not obeyed

HEADER = (
    "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,UniqueReference"
)
# a CSV with more than 5 % control characters is refused as binary: enough plain rows
PLAIN_ROWS = [f"Cliente número {i} S.A.,,,,,,,1,REF-{i},,," for i in range(60)]
CLI = Path(sys.executable).with_name("tui-clients")


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed command, from the test's own folder (never the checkout)."""
    return subprocess.run(
        [str(CLI), *args],
        capture_output=True,
        env=os.environ.copy(),
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def raw_controls(result: subprocess.CompletedProcess) -> list[str]:
    """The control characters (line feed and tab aside) in what the command wrote."""
    assert b"\x1b" not in result.stdout + result.stderr
    assert b"\x07" not in result.stdout + result.stderr
    text = (result.stdout + result.stderr).decode("utf-8")
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t"]


def hostile_csv(folder: Path, name: str = "clientes.csv") -> Path:
    header = HEADER + "," + ",".join(f"Extra{h}" for h in HOSTILE)
    rows = [
        *PLAIN_ROWS,
        f"Limpio S.A.,,,,,,,1,REF-L,{TITLE},{CLIPBOARD},{CSI}",  # imported, extras ignored
        f"Sucio{TITLE} S.A.,,,,,,,1,REF-S{CSI},,,",  # rejected: control characters
    ]
    path = folder / name
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not CLI.exists(), reason="the tui-clients script is not installed here")
def test_import_shows_a_hostile_header_escaped_and_json_gives_it_back(tmp_path):
    source = hostile_csv(tmp_path, f"clientes{TITLE}.csv")  # the file's name too
    checked = run("import", source.name, "--dry-run", "--json")
    assert checked.returncode == 1, checked.stderr
    assert raw_controls(checked) == []
    report = json.loads(checked.stdout)  # still JSON, C1 included
    assert report["ignored_columns"] == [f"Extra{h}" for h in HOSTILE]  # the exact names
    assert report["file"] == str(source) and report["rejected"] == 1  # where it is

    done = run("import", source.name, "--errors", f"malos{CSI}.csv")
    assert done.returncode == 1, done.stderr
    assert raw_controls(done) == []
    out = done.stdout.decode()
    assert "columnas ignoradas: " + ", ".join(f"Extra{s}" for s in SHOWN) in out
    assert f"malos{SHOWN[2]}.csv" in out  # the error file, named as asked
    assert (tmp_path / f"malos{CSI}.csv").exists()

    again = run("import", f"falta{CLIPBOARD}.csv")  # an error message naming the file
    assert again.returncode == 2
    assert raw_controls(again) == [] and f"falta{SHOWN[1]}.csv" in again.stderr.decode()


@pytest.mark.skipif(not CLI.exists(), reason="the tui-clients script is not installed here")
def test_search_and_export_show_a_stored_escape_escaped_and_keep_the_data(tmp_path, db_url):
    assert run("import", hostile_csv(tmp_path).name).returncode == 1
    legacy = f"Antigua {TITLE}{CLIPBOARD}{CSI} S.A."  # written by an older release
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    raw.execute("UPDATE client SET legal_name = ? WHERE legal_name = 'Limpio S.A.'", (legacy,))
    raw.commit()
    raw.close()

    found = run("search", "REF-L")
    assert found.returncode == 0 and raw_controls(found) == []
    assert "Antigua " + "".join(SHOWN) + " S.A." in found.stdout.decode()
    as_json = run("search", "REF-L", "--json")
    assert as_json.returncode == 0 and raw_controls(as_json) == []
    assert json.loads(as_json.stdout)["clients"][0]["name"] == legacy  # exactly

    exported = run("export", f"todos{TITLE}.csv")
    assert exported.returncode == 0 and raw_controls(exported) == []
    assert legacy in (tmp_path / f"todos{TITLE}.csv").read_text(encoding="utf-8-sig")
    refused = run("export", f"no{TITLE}/x.csv")  # a folder that does not exist
    assert refused.returncode == 1 and raw_controls(refused) == []
    assert f"no{SHOWN[0]}/x.csv" in refused.stderr.decode()


@pytest.mark.skipif(not CLI.exists(), reason="the tui-clients script is not installed here")
def test_inventory_import_shows_a_hostile_header_escaped(tmp_path):
    assert run("import", hostile_csv(tmp_path).name).returncode == 1
    source = tmp_path / "inventario.csv"
    rows = [f"CL-0000001,SN-{i},Router,14/03/2026,,," for i in range(60)]
    source.write_text(
        "ClientCode,Serial,Description,DeliveredOn,"
        + ",".join(f"Extra{h}" for h in HOSTILE)
        + "\n"
        + "\n".join([*rows, f"CL-0000001,SN-X{TITLE},Antena{CSI},,,,"])
        + "\n",
        encoding="utf-8",
    )
    done = run("inventory", "import", source.name, "--errors", "malos.csv")
    assert done.returncode == 1, done.stderr
    assert raw_controls(done) == []
    assert "columnas ignoradas: " + ", ".join(f"Extra{s}" for s in SHOWN) in done.stdout.decode()
    as_json = run("inventory", "import", source.name, "--dry-run", "--json")
    assert raw_controls(as_json) == []
    assert json.loads(as_json.stdout)["ignored_columns"] == [f"Extra{h}" for h in HOSTILE]


@pytest.mark.skipif(not CLI.exists(), reason="the tui-clients script is not installed here")
def test_a_usage_error_shows_the_argument_escaped():
    result = run("search", "x", "--limit", f"9{TITLE}")
    assert result.returncode == 2
    assert raw_controls(result) == [] and f"9{SHOWN[0]}" in result.stderr.decode()


def on_a_terminal(*args: str) -> bytes:
    """What the command writes to standard output when that is a terminal (a pty)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(CLI), *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        cwd=os.environ["TUI_CLIENTS_TMP"],
        env=os.environ.copy(),
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not data:
            break
        shown += data
    os.close(master)
    assert proc.wait(timeout=120) == 0
    return shown


@pytest.mark.skipif(not CLI.exists(), reason="the tui-clients script is not installed here")
def test_export_to_a_pipe_keeps_the_bytes_and_to_a_terminal_shows_them_escaped(tmp_path, db_url):
    assert run("import", hostile_csv(tmp_path).name).returncode == 1
    legacy = f"Antigua {TITLE}{CSI} S.A."
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    raw.execute("UPDATE client SET legal_name = ? WHERE legal_name = 'Limpio S.A.'", (legacy,))
    raw.commit()
    raw.close()
    piped = run("export", "--query", "REF-L")
    assert piped.returncode == 0
    assert legacy.encode() in piped.stdout  # data for a program: exactly as stored
    shown = on_a_terminal("export", "--query", "REF-L")
    assert b"\x1b" not in shown and b"\x07" not in shown and "\x9b" not in shown.decode()
    assert f"Antigua {SHOWN[0]}{SHOWN[2]} S.A.".encode() in shown
