"""Demo data is realistic: every generated client passes the same validators as typed ones."""

from tui_clients.db import models as m
from tui_clients.domain.contact import normalize_email, normalize_phone
from tui_clients.domain.documents import validate_document
from tui_clients.services.admin.demo import generate
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.clients.queries import get_client


def test_demo_clients_are_valid_and_complete(db):
    generate(db, 600, seed=42)
    assert count(ClientFilter()) == 600
    countries = set()
    for summary in page(ClientFilter(), limit=600):
        c = get_client(summary.id)
        countries.add(c.document_country)
        number = validate_document(
            c.document_country, c.document_type, c.document_number, c.person_kind
        )
        assert number == c.document_number
        assert normalize_email(c.emails[0]) == c.emails[0]
        assert normalize_phone(c.phones[0].number, c.document_country).verified
        assert c.addresses
        assert all(k.is_primary for k in c.contacts[:1])
        if c.person_kind == "moral":
            assert c.contacts
            assert m.Company.get_by_id(c.company_id).document_number == c.document_number
    assert countries == {"MX", "PE", "CO"}
    assert 0 < m.Contact.select().count() < 600
    assert m.ClientHistory.select().count() == 600


def test_demo_is_repeatable_with_a_seed_and_appends(db):
    generate(db, 50, seed=1)
    first = [c.legal_name for c in page(ClientFilter(), limit=50)]
    generate(db, 50, seed=1)
    assert count(ClientFilter()) == 100
    assert len({c.document_number for c in m.Client.select()}) == 100
    assert first  # same seed, same names, yet new unique documents


def test_demo_search_rows_equal_what_the_index_would_build(db):
    from tui_clients.db import search_index

    generate(db, 300, seed=9)
    ids = [c.id for c in m.Client.select(m.Client.id)]
    expected = search_index.texts(ids)
    column = "rowid" if search_index.is_sqlite(db) else "client_id"
    stored = dict(db.execute_sql(f"SELECT {column}, text FROM client_search").fetchall())
    assert stored == expected


def test_clients_registered_after_a_demo_get_the_next_codes(db):
    """The demo writes explicit ids; on PostgreSQL the sequences must follow them."""
    from tui_clients.domain.entities import ClientInput
    from tui_clients.services.clients.writing import create_client

    generate(db, 20, seed=3)
    detail = create_client(
        ClientInput(
            person_kind="moral",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name="Después del demo S.A.S.",
        )
    )
    assert detail.code == "CL-0000021"
    assert m.Company.get_by_id(detail.company_id).code.startswith("EM-")


def test_a_demo_client_never_takes_a_document_the_registry_holds(db):
    """A demo client's number follows from its id: an imported company holding it made
    `demo` end in an IntegrityError traceback, having added nothing."""
    import random

    from tui_clients.services.admin import demo

    planned = [
        (row[9], row[10])  # document type, number: what 40 demo clients from id 1 get
        for batch in demo._clients(demo._catalog(), random.Random(9), 1, 1, 1, 40, set())
        for row in batch.rows["client"]
    ]
    doc_type, number = planned[7]
    m.Company.create(  # as an import leaves it: a real company with that number
        code="EM-IMPORTADA",
        legal_name="Importada S.A.",
        sort_name="importada sa",
        document_type=doc_type,
        document_number=number,
    )

    generate(db, 40, seed=9)

    stored = [
        (c.document_type_id, c.document_number) for c in m.Client.select().order_by(m.Client.id)
    ]
    assert len(stored) == len(set(stored)) == 40
    assert (doc_type, number) not in stored
    assert stored[:7] + stored[8:] == planned[:7] + planned[8:]  # the others as planned
    owners = m.Company.select().where(m.Company.document_number == number)
    assert [c.code for c in owners] == ["EM-IMPORTADA"]
    assert validate_document(
        *m.Client.select(
            m.DocumentType.country,
            m.DocumentType.code,
            m.Client.document_number,
            m.Client.person_kind,
        )
        .join(m.DocumentType)
        .where(m.Client.id == 8)
        .tuples()
        .get()
    )
