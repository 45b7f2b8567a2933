"""A Peruvian DNI is stored as its 8 digits, without its check character: 10117410-2,
101174102 and 10117410 are one person (tui_clients.domain.documents).  Releases before
this one stored the check character when it was written (9 characters).

Each such number of ``client`` and ``company`` is rewritten to its 8 digits, with a
line in the client's history, unless another row already has those 8 digits: then the
two are the same person registered twice.  Nothing is merged: both are left as they
are and each client's history gets a "review" line naming the other one
(``same_document``); ``services.admin.database.upgrade_notes`` reports them.
"""

import datetime as dt
import json

VERSION = 15
NAME = "Peruvian DNIs without their check character"
USER = "tui-clients"


def _history(db, client_id: int, action: str, changes: dict) -> None:
    p = db.param
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    db.execute_sql(
        f'INSERT INTO client_history (client_id, at, "user", action, changes) '
        f"VALUES ({p}, {p}, {p}, {p}, {p})",
        (client_id, at, USER, action, json.dumps(changes, ensure_ascii=False)),
    )


def _search_text(db, client_id: int, old: str, new: str) -> None:
    key = "rowid" if db.__class__.__name__.startswith("Sqlite") else "client_id"
    p = db.param
    db.execute_sql(
        f"UPDATE client_search SET text = REPLACE(text, {p}, {p}) WHERE {key} = {p}",
        (old, new, client_id),
    )


def apply(db, migrator) -> None:
    p = db.param
    types = [i for (i,) in db.execute_sql("SELECT id FROM document_type WHERE code = 'DNI'")]
    for table in ("company", "client"):
        for type_id in types:
            rows = db.execute_sql(
                f"SELECT id, document_number, {'code' if table == 'client' else 'id'} "
                f"FROM {table} WHERE document_type_id = {p} AND LENGTH(document_number) = 9",
                (type_id,),
            ).fetchall()
            for row_id, number, code in rows:
                short = number[:8]
                other = db.execute_sql(
                    f"SELECT id, {'code' if table == 'client' else 'id'} FROM {table} "
                    f"WHERE document_type_id = {p} AND document_number = {p}",
                    (type_id, short),
                ).fetchone()
                if other is None:
                    db.execute_sql(
                        f"UPDATE {table} SET document_number = {p} WHERE id = {p}",
                        (short, row_id),
                    )
                    if table == "client":
                        _history(
                            db, row_id, "updated", {"document": [f"DNI {number}", f"DNI {short}"]}
                        )
                        _search_text(db, row_id, number, short)
                elif table == "client":
                    _history(db, row_id, "review", {"same_document": [f"DNI {number}", other[1]]})
                    _history(db, other[0], "review", {"same_document": [f"DNI {short}", code]})
