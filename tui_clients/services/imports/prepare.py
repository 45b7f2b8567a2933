"""The part of an import that needs no database: rows read as clients and checked by the
client rules against a snapshot of the catalogs.

It runs in worker processes on large files (``ProcessPoolExecutor``; the snapshot is
sent once, to each worker) and in the importing process on small ones; the same
function either way, so a row gets the same answer wherever it was checked.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field, fields
from operator import attrgetter

from tui_clients.domain.client_rules import CleanClient, ClientInput, Places, validate_client
from tui_clients.domain.csv.rows import CompanyRef, row_input
from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.fiscal import Regimen, UsoCfdi
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.clients.checks import (
    CatalogRefs,
    RefCatalog,
    ref_catalog,
    references,
    with_custom_values,
)
from tui_clients.services.imports.staging import Staged, stage


@dataclass(frozen=True)
class Rules:
    """What checking a row needs, read from the database once per import."""

    default_country: str
    catalog: RefCatalog
    regimenes: dict[str, Regimen]
    usos: dict[str, UsoCfdi]
    type_kinds: dict[str, str]  # company type code -> "fisica" / "moral"
    places: Places
    custom_fields: list[FieldDef] = field(default_factory=list)  # the active ones


def load_rules(default_country: str) -> Rules:
    from tui_clients.services.admin.catalogs import fiscal_catalogs, place_catalog

    catalog = ref_catalog()
    kinds = {code: kind for code, (_id, kind) in catalog.company_types.items()}
    return Rules(
        default_country,
        catalog,
        *fiscal_catalogs(),
        kinds,
        place_catalog(),
        definitions(active_only=True),
    )


@dataclass
class Checked:
    """One row after the rules: a clean client ready to store, or its errors."""

    line: int
    key: str = ""  # its UniqueReference as compared for repeats ("" when unreadable)
    reference: str = ""  # its document number as read
    clean: CleanClient | None = None
    refs: CatalogRefs | None = None  # catalog ids (document type, company type, category…)
    company: CompanyRef | None = None
    country: str = ""  # the country the row points to
    errors: list[FieldError] = field(default_factory=list)
    staged: Staged | None = None  # its rows, built where it was checked (check_chunk)

    def __reduce__(self):
        """Pickled by position, not as a dict of fields: the importing process unpickles
        every row a worker checked, and this is faster to rebuild."""
        return type(self), _by_position(self)

    def valid(self) -> tuple[CleanClient, CatalogRefs]:
        """The clean client and its catalog ids, which a row without errors has."""
        if self.clean is None or self.refs is None:
            raise ValueError(f"line {self.line} has errors, nothing to store")
        return self.clean, self.refs


_by_position = attrgetter(*(f.name for f in fields(Checked)))


def clean_client(rules: Rules, data: ClientInput, country: str) -> CleanClient:
    """``data`` through the client rules and its custom fields' (ValidationError)."""
    return with_custom_values(
        lambda: validate_client(
            data,
            default_country=country,
            regimenes=rules.regimenes,
            usos=rules.usos,
            places=rules.places,
        ),
        data,
        [f for f in rules.custom_fields if f.applies(data.company_type, data.category)],
        country,
    )


def check_row(rules: Rules, line: int, values: dict[str, str]) -> Checked:
    try:
        row = row_input(values, default_country=rules.default_country, type_kinds=rules.type_kinds)
    except ValidationError as exc:
        return Checked(line, errors=list(exc.errors))
    checked = Checked(
        line, row.key, row.data.document_number, company=row.company, country=row.country
    )
    try:
        clean = clean_client(rules, row.data, row.country or rules.default_country)
        checked.refs = references(clean, rules.catalog)
        checked.clean = clean
    except ValidationError as exc:
        checked.errors = row.in_columns(exc.errors)
        return checked
    return checked


_worker_rules: Rules | None = None


def start_worker(rules: Rules) -> None:
    """Process-pool initializer: keep the rules for every chunk this worker checks."""
    global _worker_rules
    _worker_rules = rules


def check_chunk(
    rows: list[tuple[int, dict[str, str]]], rules: Rules | None = None
) -> list[Checked]:
    """Check (line, values) rows, in order; in a worker the rules are the initializer's."""
    rules = rules or _worker_rules
    assert rules is not None, "start_worker() was not called in this process"
    return [_staged(check_row(rules, line, values)) for line, values in rows]


def check_packed(rows: list[tuple[int, dict[str, str]]]) -> bytes:
    """``check_chunk`` in a worker, its result already pickled: the importing process
    unpickles it (``unpacked``) when it takes the rows, between its write transactions.
    Left to the pool, the unpickling ran in the pool's result thread whenever a chunk
    came back, and took the importing thread's turns while it held the write lock."""
    return pickle.dumps(check_chunk(rows), protocol=pickle.HIGHEST_PROTOCOL)


def unpacked(packed: bytes) -> list[Checked]:
    return pickle.loads(packed)


def _staged(checked: Checked) -> Checked:
    """``checked`` with its rows staged, and without its clean client (the rows say what
    storing it needs, and sending less back from a worker is faster)."""
    if checked.clean is not None and checked.refs is not None:
        checked.staged = stage(checked.clean, checked.refs)
        checked.clean = checked.refs = None
    return checked
