"""List filters by a custom field value and by a service, at a million clients; prints figures.

    python bench/filters.py [--db PATH]

Uses the demo database of bench/search.py (built there when missing).  The first run
adds, once, a choice field "bench_giro" (value "Raro" on 1% of the clients, "Comun"
on a third) and the service HOSTING on 1% of the companies.  Then, as the list does:
the first page sorted by name and newest first, and the count, warm (second run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tui-clients-bench/1m.db"))
    args = parser.parse_args()
    path = args.db.resolve()
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{path}"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(Path(__file__).with_name("search.py")), "--db", str(path)],
            check=True,
        )

    from tui_clients.db import models as m
    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin import custom_fields
    from tui_clients.services.admin.database import prepare
    from tui_clients.services.clients.listing import ClientFilter, count, page

    db, _ = prepare(os.environ["TUI_CLIENTS_DB"])
    if not m.CustomField.select().where(m.CustomField.key == "bench_giro").exists():
        print("adding the bench field and service …", flush=True)
        field = custom_fields.save_definition(
            FieldDef(None, "bench_giro", "Giro (bench)", "choice", choices=("Raro", "Comun"))
        )
        hosting = m.Service.get(m.Service.code == "HOSTING").id
        with db.atomic():
            db.execute_sql(
                "INSERT INTO custom_value (client_id, field_id, value) SELECT id, ?, CASE WHEN "
                "id % 100 = 0 THEN 'Raro' ELSE 'Comun' END FROM client "
                "WHERE id % 100 = 0 OR id % 3 = 0",
                (field.id,),
            )
            db.execute_sql(
                "INSERT OR IGNORE INTO company_service (company_id, service_id, active) "
                "SELECT id, ?, 1 FROM company WHERE id % 100 = 0",
                (hosting,),
            )
    print(f"clients: {count(ClientFilter()):,}")
    for label, where in (
        ("custom value on 1%", ClientFilter(custom=("bench_giro", "Raro", False))),
        ("custom value on 34%", ClientFilter(custom=("bench_giro", "Comun", False))),
        ("service of 1% of companies", ClientFilter(service="HOSTING")),
        ("service nobody has", ClientFilter(service="MANT")),
    ):
        for sort, descending in (("name", False), ("code", True)):
            for _ in range(2):  # the second run is timed (warm)
                t0 = time.perf_counter()
                page(where, sort=sort, descending=descending, limit=100)
                t1 = time.perf_counter()
                total = count(where)
                t2 = time.perf_counter()
            order = "by name" if sort == "name" else "newest first"
            print(
                f"{label + ', ' + order + ':':<48} {total:>9,} matches · first page "
                f"{(t1 - t0) * 1000:6.1f} ms · count {(t2 - t1) * 1000:6.0f} ms"
            )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
