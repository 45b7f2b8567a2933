"""Storing checked import rows a chunk at a time.

A chunk's new clients, their companies, e-mails, phones, addresses, fiscal data,
search text and history are written with a few multi-row statements instead of a
create per row; the rows are built by the same functions ``create_client`` uses
(``client_fields``, ``company_fields``, ``child_rows``, ``snapshot``).  Rows this
path does not handle — an update (``--update``), a document repeated under another
spelling — go through ``create_client``/``update_client`` one by one, and so does the
whole chunk if another writer won a race on a unique key (PostgreSQL).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace

from peewee import IntegrityError

from tui_clients.db import models as m
from tui_clients.db import search_index
from tui_clients.db.bulk import insert_rows, reserve_ids, select_in, stamp
from tui_clients.domain.csv.rows import CompanyRef, column_for
from tui_clients.domain.documents import MORAL
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import fold
from tui_clients.services.clients.checks import duplicate_error
from tui_clients.services.clients.writing import (
    client_code,
    company_code,
)
from tui_clients.services.imports.prepare import Checked, Rules
from tui_clients.services.imports.staging import (
    CHILDREN,
    Staged,
    code_text,
    company_member,
    created_entry,
    layout,
    origin_member,
    search_text,
    staged_row,
)
from tui_clients.services.imports.updates import BulkUpdates

IN_LIMIT = 500  # values per IN (...) lookup
ONE_BY_ONE = 25  # rows stored one by one in a transaction at most (a few ms each)
BULK, ONE = "bulk", "one"  # how a row is stored


def _cut(kinds: list[tuple[int, str]]) -> int | None:
    """The line a transaction's rows stop before, from how each is stored (by line): a
    row stored in bulk after one stored one by one (bulk rows are written first: the
    file's order is kept by leaving it to the next transaction), or the row after
    ONE_BY_ONE rows stored one by one.  None: all of them go in."""
    ones = 0
    for line, kind in kinds:
        if kind == ONE:
            if ones == ONE_BY_ONE:
                return line
            ones += 1
        elif ones:
            return line
    return None


def _parts(values: list, size: int = IN_LIMIT):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class RepeatedKeys:
    """The UniqueReferences met so far in a file and the line of each, in a private
    temporary SQLite database (spilled to disk) so a million keys stay out of memory."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")

    def first_lines(self, rows: list[tuple[str, int]]) -> dict[int, int]:
        """For each (key, line) whose key an earlier row had: line -> that row's line."""
        keys = list({key for key, _line in rows})
        found: dict[str, int] = {}
        for part in _parts(keys):
            marks = ", ".join("?" * len(part))
            found.update(
                self._db.execute(f"SELECT key, line FROM seen WHERE key IN ({marks})", part)
            )
        repeated, new = {}, []
        for key, line in rows:
            if key in found:
                repeated[line] = found[key]
            else:
                found[key] = line
                new.append((key, line))
        self._db.executemany("INSERT INTO seen VALUES (?, ?)", new)
        return repeated

    def forget(self, line: int) -> None:
        """Forget the keys first met at ``line`` or after (their rows come again)."""
        self._db.execute("DELETE FROM seen WHERE line >= ?", (line,))

    def close(self) -> None:
        self._db.close()


def _bad_reference(errors: list[FieldError]) -> bool:
    return any(e.field == "UniqueReference" for e in errors)


def repeated_error(reference: str, first: int) -> FieldError:
    return FieldError(
        "UniqueReference",
        "repeated",
        N_("“{value}” is repeated: line {first} of this file has it already."),
        shown(reference),
        {"first": first},
    )


def unknown_company(code: str) -> FieldError:
    return FieldError("CompanyId", "unknown", N_("Company {value} is not registered."), code)


def _in_columns(error: FieldError) -> FieldError:
    return FieldError(
        column_for(error.field), error.code, error.template, error.value, error.params
    )


class ChunkWriter:
    """Writes chunks of checked rows for one import.  ``one_by_one(line, values)`` stores
    a single row through the client services (raising ValidationError), counting it in
    ``counts`` (shared with this writer)."""

    def __init__(
        self,
        *,
        user: str,
        origin: str,
        update: bool,
        rules: Rules,
        one_by_one: Callable[[int, dict[str, str]], None],
        counts: dict,
    ) -> None:
        self.user, self.origin, self.update, self.rules = user, origin, update, rules
        self.one_by_one, self.counts = one_by_one, counts
        self.keys = RepeatedKeys()
        self.updates = BulkUpdates(rules, user, origin)

    def close(self) -> None:
        self.keys.close()

    def write(
        self, items: list[tuple[dict[str, str], Checked]]
    ) -> tuple[dict[int, list[FieldError]], int | None]:
        """Store what can be stored (inside the caller's transaction); the errors of the
        rows that were not, by line, and the line from which rows were left for the next
        transaction (None: every row was handled).

        Rows stored in bulk and rows stored one by one are stored in the file's order:
        the transaction ends before a bulk row that follows a one-by-one row, and after
        ONE_BY_ONE rows stored one by one (each a few milliseconds: the lock is held
        about as long as the transactions are sized for)."""
        rejected: dict[int, list[FieldError]] = {}
        # a reference refused itself is no key: its repeats are refused for their own fault
        # (they read "repeated: line N has it" of a row refused as well)
        keys = [(c.key, c.line) for _v, c in items if c.key and not _bad_reference(c.errors)]
        repeated = self.keys.first_lines(keys)
        ready = []
        for values, c in items:
            if c.line in repeated:
                rejected[c.line] = [repeated_error(c.reference, repeated[c.line])]
            elif c.errors:
                rejected[c.line] = c.errors
            else:
                ready.append((values, c))
        db = m.database.obj
        try:
            with db.atomic():
                counts, later, cut = self._store(ready, rejected)
        except IntegrityError:  # another writer stored one of these documents meanwhile
            counts, later = {}, ready
            for _values, c in ready:
                rejected.pop(c.line, None)
            cut = _cut([(c.line, ONE) for _v, c in ready])
            later = [(v, c) for v, c in later if cut is None or c.line < cut]
        if cut is not None:
            rejected = {line: errors for line, errors in rejected.items() if line < cut}
            self.keys.forget(cut)
        for key, value in counts.items():
            self.counts[key] += value
        for values, c in later:
            try:
                with db.atomic():
                    self.one_by_one(c.line, values)
            except ValidationError as exc:
                rejected[c.line] = exc.errors
            else:
                self.counts["warnings"] += _staged(c).warns
        self.counts["rejected"] += len(rejected)
        return rejected, cut

    def _store(self, ready, rejected):
        """Write the rows stored in bulk (new clients, updates) of the transaction's part
        (see ``write``); (counts, rows left to the one-by-one path, the cut line)."""
        counts = {"imported": 0, "updated": 0, "companies": 0, "warnings": 0}
        existing = _existing_clients([_staged(c) for _v, c in ready])
        new, later, documents = [], [], set()
        updates: list[tuple[int, dict[str, str], int]] = []  # (line, values, client id)
        by_line = {c.line: (values, c) for values, c in ready}
        by_name = _companies_by_name(ready)
        for values, c in ready:
            s = _staged(c)
            doc = s.document
            if s.shared:
                # a generic RFC is a client with its name (check_unique): found, refused
                # or updated one by one, as is a legal entity's own (new) company
                twin = m.Client.get_or_none(
                    m.Client.document_type == doc[0],
                    m.Client.document_number == doc[1],
                    m.Client.sort_name == s.sort_name,
                )
                if twin is not None and not self.update:
                    error = duplicate_error(doc[1], twin, shared=True)
                    rejected[c.line] = [_in_columns(error)]
                elif twin is not None or s.person_kind == MORAL:
                    later.append((values, c))
                else:
                    new.append(c)
                continue
            other = existing.get(doc)
            if other is not None and not self.update:
                rejected[c.line] = [_in_columns(duplicate_error(doc[1], other))]
            elif other is not None and doc not in documents:
                documents.add(doc)
                updates.append((c.line, values, other.id))
            elif other is not None or doc in documents:
                later.append((values, c))  # the same document spelt twice
            else:
                documents.add(doc)
                new.append(c)
        plan = self.updates.plan(updates) if updates else None
        if plan is not None:
            rejected.update(plan.rejected)
            later += [by_line[line] for line in sorted(plan.left)]
            later.sort(key=lambda item: item[1].line)
        kinds = {c.line: BULK for c in new} | {c.line: ONE for _v, c in later}
        if plan is not None:
            kinds |= {u.line: BULK for u in plan.todo}
        cut = _cut(sorted(kinds.items()))
        if cut is not None:
            new = [c for c in new if c.line < cut]
            later = [(v, c) for v, c in later if c.line < cut]
        companies = _Companies(self.rules)
        companies.find_codes({c.company.code for c in new if c.company and c.company.code})
        kept = []
        for c in new:
            if c.company is not None and c.company.code and c.company.code not in companies.by_code:
                rejected[c.line] = [unknown_company(c.company.code)]
            else:
                companies.want(c)
                kept.append(c)
        new = kept
        counts["companies"] = companies.write() + by_name
        self._insert_clients(new, companies)
        counts["imported"] = len(new)
        counts["warnings"] = sum(_staged(c).warns for c in new)
        if plan is not None:
            counts["updated"] = self.updates.store(plan, cut)
            counts["warnings"] += sum(
                _staged(by_line[u.line][1]).warns for u in plan.todo if cut is None or u.line < cut
            )
        if companies.renamed:
            ids = m.Client.select(m.Client.id).where(m.Client.company.in_(companies.renamed))
            search_index.refresh(m.database.obj, [i for (i,) in ids.tuples()])
        return counts, later, cut

    def _insert_clients(self, new: list[Checked], companies: _Companies) -> None:
        """Give the staged rows of new clients their ids, codes, time and company, and
        write them, a statement per table."""
        db, user = m.database.obj, self.user
        now = stamp(db, m.utcnow())
        clients, texts, history = [], {}, []
        children: dict[str, list[tuple]] = defaultdict(list)
        named: dict[int | None, tuple[str, str]] = {None: ("", "")}  # company: member, words
        origin = origin_member(self.origin)
        for client_id, c in zip(reserve_ids(db, "client", len(new)), new, strict=True):
            s, code = _staged(c), client_code(client_id)
            company_id = companies.of(c)
            clients.append((client_id, code, company_id, now, now, user, user, *s.client))
            for table, rows in s.children.items():
                children[table].extend([(client_id, *row) for row in rows])
            if company_id not in named:
                name = companies.names.get(company_id, "") if company_id is not None else ""
                named[company_id] = (company_member(name), code_text(name))
            member, words = named[company_id]
            texts[client_id] = search_text(code_text(code), s, words)
            entry = created_entry(s.history, member, origin)
            history.append((client_id, now, user, "created", entry))
        insert_rows(db, "client", layout(m.Client).columns, clients)
        for model in CHILDREN:
            shape = layout(model)
            insert_rows(db, shape.table, shape.columns, children[shape.table])
        search_index.write(db, texts)
        insert_rows(db, "client_history", HISTORY_COLUMNS, history)


HISTORY_COLUMNS = ("client_id", "at", "user", "action", "changes")


def _staged(c: Checked) -> Staged:
    """The staged rows of a row without errors (check_chunk stages every such row)."""
    if c.staged is None:
        raise ValueError(f"line {c.line} has errors, nothing to store")
    return c.staged


def company_named(name: str) -> tuple[int, str, bool]:
    """(id, code, created) of the registered company of this name (the same letters,
    accents and case aside), or of a new one with no document (a contact list names its
    people's companies so)."""
    key = fold(name)[:200]
    found = (
        m.Company.select(m.Company.id, m.Company.code)
        .where(m.Company.sort_name == key, m.Company.deleted_at.is_null())
        .order_by(m.Company.id)
        .first()
    )
    if found is not None:
        return found.id, found.code, False
    company = m.Company.create(code=uuid.uuid4().hex[:20], legal_name=name[:200], sort_name=key)
    code = company_code(company.id)
    m.Company.update(code=code).where(m.Company.id == company.id).execute()
    return company.id, code, True


def _companies_by_name(ready: list[tuple[dict[str, str], Checked]]) -> int:
    """The companies rows name by their name, found or registered now (inside the chunk's
    transaction), each row's reference then made the company's code, as if the row had
    given it: the chunk goes on in bulk.  How many were registered."""
    codes: dict[str, tuple[str, bool]] = {}
    for _values, c in ready:
        if c.company is not None and c.company.name:
            key = fold(c.company.name)[:200]
            if key not in codes:
                _id, code, created = company_named(c.company.name)
                codes[key] = (code, created)
            c.company = CompanyRef(code=codes[key][0])
    return sum(created for _code, created in codes.values())


def _existing_clients(staged: list[Staged]) -> dict[tuple[int, str], SimpleNamespace]:
    """The registered clients with these rows' documents, by (document type id, number)."""
    by_type: dict[int, list[str]] = defaultdict(list)
    for s in staged:
        by_type[s.document[0]].append(s.document[1])
    db, param = m.database.obj, m.database.obj.param
    found = {}
    for type_id, numbers in by_type.items():
        rows = select_in(
            db,
            "client",
            ("id", "code", "legal_name", "deleted_at", "document_number"),
            "document_number",
            numbers,
            f"document_type_id = {param}",
            (type_id,),
        )
        for cid, code, name, deleted, number in rows:
            found[(type_id, number)] = SimpleNamespace(
                id=cid, code=code, legal_name=name, deleted_at=deleted
            )
    return found


class _Companies:
    """The companies a chunk's clients belong to: registered ones looked up in a few
    queries, new ones (a legal-entity client's own, or a tax ID in CompanyId) created."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.by_code: dict[str, int] = {}
        self.by_doc: dict[tuple[int, str], int] = {}
        self.names: dict[int, str] = {}
        self.renamed: list[int] = []
        self._docs: set[tuple[int, str]] = set()
        self._own: dict[tuple[int, str], Checked] = {}  # a legal entity's own company
        self._named: list[tuple[int, str]] = []  # tax IDs a CompanyId names
        self._rows: list[Checked] = []

    def _doc_of(self, ref: CompanyRef) -> tuple[int, str]:
        type_id = self.rules.catalog.document_types[(ref.country, ref.document_type)][0]
        return type_id, ref.document_number

    def find_codes(self, codes: set[str]) -> None:
        """Look up the companies rows name by registry code (EM-0000001)."""
        found = select_in(  # a company that left the registry (deleted_at) names none
            m.database.obj,
            "company",
            ("id", "code", "legal_name"),
            "code",
            sorted(codes),
            "deleted_at IS NULL",
        )
        for cid, code, name in found:
            self.by_code[code] = cid
            self.names[cid] = name

    def want(self, c: Checked) -> None:
        """Note the companies row ``c`` needs (its CompanyId's, and its own if a legal entity)."""
        if c.company is not None and c.company.document_number:
            self._docs.add(self._doc_of(c.company))
            self._named.append(self._doc_of(c.company))
        s = _staged(c)
        if s.person_kind == MORAL:
            self._docs.add(s.document)
            self._own[s.document] = c
        self._rows.append(c)

    def write(self) -> int:
        """Look up and create what ``want`` noted; the number of companies created for a
        CompanyId (a legal entity's own company is part of its registration)."""
        by_type: dict[int, list[str]] = defaultdict(list)
        for type_id, number in self._docs:
            by_type[type_id].append(number)
        db = m.database.obj
        for type_id, numbers in by_type.items():
            found = select_in(
                db,
                "company",
                ("id", "document_number", "legal_name"),
                "document_number",
                sorted(numbers),
                f"document_type_id = {db.param}",
                (type_id,),
            )
            for cid, number, name in found:
                self.by_doc[(type_id, number)] = cid
                self.names[cid] = name
        self._update_own()
        missing = [d for d in sorted(self._docs) if d not in self.by_doc]
        rows, now = [], stamp(db, m.utcnow())
        for cid, doc in zip(reserve_ids(db, "company", len(missing)), missing, strict=True):
            c = self._own.get(doc)
            if c is not None:
                fields = _staged(c).company or {}
            else:  # renamed when its client comes
                ref = next(
                    r.company
                    for r in self._rows
                    if r.company and not r.company.code and self._doc_of(r.company) == doc
                )
                name = f"{ref.document_type} {ref.document_number}"
                fields = {"legal_name": name, "sort_name": fold(name)}
            row = {"person_kind": MORAL, "document_type": doc[0], "document_number": doc[1]}
            rows.append((cid, company_code(cid), now, now, *staged_row(m.Company, row | fields)))
            self.by_doc[doc] = cid
            self.names[cid] = fields["legal_name"]
        insert_rows(db, "company", layout(m.Company).columns, rows)
        return sum(1 for d in missing if d not in self._own)

    def _update_own(self) -> None:
        """A registered company whose legal-entity client comes now follows its names."""
        for doc, c in self._own.items():
            cid = self.by_doc.get(doc)
            if cid is None:
                continue
            fields = _staged(c).company or {}
            m.Company.update(updated_at=m.utcnow(), **fields).where(m.Company.id == cid).execute()
            if self.names.get(cid) != fields["legal_name"]:
                self.renamed.append(cid)
            self.names[cid] = fields["legal_name"]

    def of(self, c: Checked) -> int | None:
        """The company client ``c`` belongs to."""
        if c.company is not None and c.company.code:
            return self.by_code[c.company.code]
        if c.company is not None:
            return self.by_doc[self._doc_of(c.company)]
        s = _staged(c)
        if s.person_kind == MORAL:
            return self.by_doc[s.document]
        return None
