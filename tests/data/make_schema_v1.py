"""How ``schema_v1.sqlite`` was made: by the code at schema version 1, not by today's.

Version 1 is commit 8efc41d (the last one whose only migration was m0001).  Run this
with that code installed in its own environment, e.g.::

    git worktree add /tmp/v1 8efc41d
    python -m venv /tmp/v1venv && /tmp/v1venv/bin/pip install /tmp/v1
    /tmp/v1venv/bin/python tests/data/make_schema_v1.py tests/data/schema_v1.sqlite
    git worktree remove /tmp/v1

It opens the file the way that version's app did (``services.database.prepare``:
migrate, load the catalogs) and registers two clients through its services.  Then,
with plain sqlite3 (the schema untouched), it keeps only the first level of the
administrative areas, forgets the catalogs' digest (so the app reloads every catalog
on its first open) and compacts the file.
"""

import sqlite3
import sys

from tui_clients.services.database import prepare

from tui_clients.db import migrations
from tui_clients.domain.entities import AddressInput, ClientInput, ContactInput, FiscalInput
from tui_clients.services.clients import create_client

path = sys.argv[1]
db, applied = prepare(f"sqlite:///{path}")
assert [m.version for m in applied] == [1] and migrations.current_version(db) == 1
create_client(
    ClientInput(
        person_kind="fisica",
        company_type="PF",
        category="FACT-MX",
        document_country="MX",
        document_type="RFC",
        document_number="gode-561231-gr8",
        first_name="Diana",
        last_name="González Núñez",
        emails=["Diana@Correo.MX"],
        phones=["55 1234 5678"],
        addresses=[
            AddressInput(
                country="MX",
                region="MX-CMX",
                postal_code="06600",
                line="Av. Reforma 222",
                detail="Piso 3",
                coordinates="19.4326,-99.1332",
            )
        ],
        contacts=[ContactInput(email="diana@correo.mx", first_name="Diana")],
        fiscal=FiscalInput("612", "G03", "06600"),
    ),
    user="ana",
)
create_client(
    ClientInput(
        person_kind="moral",
        company_type="PM",
        category="GEN",
        document_country="CO",
        document_type="NIT",
        document_number="900123456-8",
        legal_name="Andina Logística S.A.S.",
        trade_name="Andina",
        emails=["compras@andina.co"],
        phones=["601 555 1234"],
        contacts=[ContactInput(email="compras@andina.co", first_name="Luis")],
    ),
    user="ana",
)
db.close()

con = sqlite3.connect(path, isolation_level=None)
con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
con.execute("DELETE FROM admin_area WHERE level <> 1")
con.execute("DELETE FROM app_meta WHERE key = 'catalog_digest'")
con.execute("PRAGMA page_size = 1024")
con.execute("VACUUM")
assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
assert con.execute("PRAGMA foreign_key_check").fetchall() == []
con.close()
