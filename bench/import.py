"""Import and export speed on a realistic template CSV; prints figures.

    python bench/import.py [--rows 1000000] [--bad 0.02] [--update 20000] [--workdir DIR]

Writes a CSV in the template's columns (Mexican, Peruvian and Colombian
companies and people with valid RFC, RUC, NIT and DNI, phones, addresses,
coordinates; about ``--bad`` of the rows broken in the ways spreadsheets break
them), imports it into a new SQLite file with `tui-clients import` in a child
process, imports its first ``--update`` rows again with ``--update``, then exports
it with `tui-clients export`, and prints rows/s and the peak RSS of each.  A probe saves as another operator would every 100 ms during both and prints its waits
for the lock.  As the anchor, it prints the time `sqlite-utils insert --csv` takes to
load the same file into one table without any check.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

HEADER = [
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
WORDS = [
    "Andina",
    "Azteca",
    "Pacífico",
    "Cordillera",
    "Sierra",
    "Nube",
    "Río",
    "Sol",
    "Maya",
    "Inca",
    "Caribe",
    "Norte",
    "Sur",
    "Central",
    "Unión",
    "Nacional",
    "Global",
]
KINDS = ["Comercializadora", "Servicios", "Distribuidora", "Inversiones", "Constructora"]
GIVEN = ["Ana", "José", "María", "Luis", "Carmen", "Jorge", "Lucía", "Pedro", "Rosa", "Juan"]
SURNAMES = ["García", "Pérez", "López", "Quispe", "Núñez", "Rodríguez", "Mamani", "Gómez"]
BROKEN = ["5.51235E+09", "#N/A", "#¡VALOR!", '=HYPERLINK("x")', "no-es-correo", ""]


def documents(rnd: random.Random, i: int) -> tuple[str, str]:
    """(country, a valid document number) for row ``i``."""
    from stdnum.co import nit
    from stdnum.mx import rfc
    from stdnum.pe import ruc

    country = ("MX", "PE", "CO")[i % 3]
    if country == "MX":
        base = "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        base += f"{rnd.randint(50, 99):02d}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        base += rnd.choice("ABCDEFGH") + rnd.choice("123456789")
        return country, base + rfc.calc_check_digit(base)
    if country == "PE":
        base = "20" + f"{i % 100_000_000:08d}"
        return country, base + ruc.calc_check_digit(base)
    base = f"{800_000_000 + i % 199_999_999}"
    return country, f"{base}-{nit.calc_check_digit(base)}"


def write_csv(path: Path, rows: int, bad: float, seed: int = 1) -> int:
    rnd = random.Random(seed)
    broken = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            country, number = documents(rnd, i)
            name = f"{rnd.choice(KINDS)} {rnd.choice(WORDS)} {rnd.choice(WORDS)} {i}"
            place = {
                "MX": "Ciudad de México, México",
                "PE": "Lima, Perú",
                "CO": "Bogotá, Colombia",
            }[country]
            phone = {
                "MX": "55 {a:04d} {b:04d}",
                "PE": "01 {a:03d} {b:04d}",
                "CO": "601 {a:03d} {b:04d}",
            }[country].format(a=rnd.randint(100, 999), b=rnd.randint(1000, 9999))
            row = [
                name,
                f"contacto{i}@ejemplo.com",
                phone,
                "",
                f"{rnd.uniform(-12, 20):.5f},{rnd.uniform(-99, -70):.5f}",
                f"Calle {rnd.choice(WORDS)} {rnd.randint(1, 999)}, {place}",
                f"Piso {rnd.randint(1, 20)}",
                "1" if rnd.random() < 0.9 else "0",
                number,
            ]
            if rnd.random() < bad:
                row[rnd.choice([1, 2, 8])] = rnd.choice(BROKEN)
                broken += 1
            out.writerow(row)
    return broken


def timed(args: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tui_clients", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, rss, result


class LockProbe:
    """Another operator's saves during the import: a write transaction (BEGIN IMMEDIATE)
    every 100 ms on the same SQLite file, each timing how long it waited for the lock."""

    def __init__(self, db: Path) -> None:
        self.db, self.waits = db, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LockProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        con = sqlite3.connect(self.db, timeout=60, isolation_level=None)
        while not self._stop.wait(0.1):
            began = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            self.waits.append(time.perf_counter() - began)
            con.execute("COMMIT")
        con.close()

    def summary(self) -> str:
        if not self.waits:
            return "no save met the import"
        waits = sorted(self.waits)
        return (
            f"{len(waits)} saves of another operator during it: median wait "
            f"{waits[len(waits) // 2] * 1000:.0f} ms, longest {waits[-1]:.2f} s"
        )


def anchor_seconds(source: Path, db: Path) -> float | None:
    """The time `sqlite-utils insert --csv` takes to load the same file into one table,
    checking nothing: the anchor the import's speed is compared with (None when it is
    not installed)."""
    tool = Path(sys.executable).with_name("sqlite-utils")
    if not tool.exists():
        return None
    for old in (db, db.with_suffix(".db-wal"), db.with_suffix(".db-shm")):
        old.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([str(tool), "insert", str(db), "clients", str(source), "--csv"], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--bad", type=float, default=0.02)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tui-clients-bench"))
    parser.add_argument(
        "--update", type=int, default=20_000, help="rows imported again with --update (0: none)"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    source = args.workdir / f"import-{args.rows}.csv"
    db = args.workdir / f"import-{args.rows}.db"
    for old in (db, db.with_suffix(".db-wal"), db.with_suffix(".db-shm")):
        old.unlink(missing_ok=True)
    started = time.perf_counter()
    broken = write_csv(source, args.rows, args.bad)
    print(
        f"file: {source} ({source.stat().st_size / 1e6:,.1f} MB, {args.rows:,} rows, "
        f"{broken:,} broken) written in {time.perf_counter() - started:.1f} s"
    )
    env = {**os.environ, "TUI_CLIENTS_DB": f"sqlite:///{db}"}
    subprocess.run(
        [sys.executable, "-m", "tui_clients", "db", "upgrade"],
        env=env,
        capture_output=True,
        check=True,
    )
    anchor = anchor_seconds(source, args.workdir / f"anchor-{args.rows}.db")
    errors = ["--json", "--errors", str(args.workdir / "errors.csv"), "--replace"]
    with LockProbe(db) as probe:
        elapsed, rss, result = timed(["import", str(source), *errors], env)
    summary = result.stdout.strip().replace("\n", " ")[:300]
    print(f"import: {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s, peak RSS {rss:,.0f} MB")
    print(f"        {summary}")
    print(f"        {probe.summary()}")
    if anchor is not None:
        print(
            f"anchor: sqlite-utils insert --csv of the same file (no check, one table): "
            f"{anchor:.1f} s; the import takes {elapsed / anchor:.1f}× as long"
        )
    else:
        print("anchor: sqlite-utils is not installed (pip install -e '.[bench]')")
    if args.update:
        part = args.workdir / f"update-{args.update}.csv"
        with source.open(encoding="utf-8") as fh, part.open("w", encoding="utf-8") as out:
            out.writelines(line for _i, line in zip(range(args.update + 1), fh, strict=False))
        with LockProbe(db) as probe:
            took, rss3, result = timed(["import", str(part), "--update", *errors], env)
        rss = max(rss, rss3)
        print(
            f"update: {args.update:,} registered rows again with --update: {took:.1f} s, "
            f"{args.update / took:,.0f} rows/s; {probe.summary()}"
        )
    elapsed, rss2, _result = timed(["export", str(args.workdir / "export.csv"), "--replace"], env)
    print(
        f"export: {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s, "
        f"peak RSS (largest child so far) {max(rss, rss2):,.0f} MB"
    )


if __name__ == "__main__":
    main()
