"""Search, filters, sort and paging of the client list, on real databases."""

import datetime as dt

import pytest
from peewee import fn

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput
from tui_clients.services.clients.listing import SORTS, ClientFilter, count, page
from tui_clients.services.clients.writing import (
    create_client,
    delete_client,
    purge_client,
    update_client,
)


def add(
    name,
    number,
    *,
    kind="moral",
    doc="REF",
    country="",
    emails=(),
    phones=(),
    postal="",
    category="",
    active=True,
    ctype="",
):
    addresses = (
        [AddressInput(country=country or "MX", line="Calle 1", postal_code=postal)]
        if postal
        else []
    )
    first, last = [*name.split(" ", 1), ""][:2] if kind == "fisica" else ("", "")
    return create_client(
        ClientInput(
            person_kind=kind,
            document_country=country,
            document_type=doc,
            document_number=number,
            legal_name=name if kind == "moral" else "",
            first_name=first,
            last_name=last,
            emails=list(emails),
            phones=list(phones),
            addresses=addresses,
            category=category,
            active=active,
            company_type=ctype,
        )
    )


@pytest.fixture
def sample(db):
    return {
        "nunez": add(
            "José Núñez Peña",
            "GODE-561231-GR8",
            kind="fisica",
            doc="RFC",
            country="MX",
            emails=["jose.nunez@correo.mx"],
            phones=["55 1234 5678"],
            postal="06600",
            category="FACT-MX",
            ctype="PF",
        ),
        "andina": add(
            "Andina Logística S.A.S.",
            "900123456-8",
            doc="NIT",
            country="CO",
            emails=["compras@andina.co"],
            phones=["300 123 4567"],
            category="GEN",
            ctype="PM",
        ),
        "lima": add(
            "Inversiones Lima S.A.C.",
            "20131312955",
            doc="RUC",
            country="PE",
            emails=["ventas@lima.pe"],
            postal="15074",
            active=False,
            ctype="PM",
        ),
        "zeta": add("Zeta Consultores", "ZC-001"),
    }


def names(rows):
    return [r.legal_name for r in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nunez", ["José Núñez Peña"]),  # accents and case
        ("NÚÑEZ pena", ["José Núñez Peña"]),  # several words, any order of fields
        ("gode561231", ["José Núñez Peña"]),  # punctuation in the document
        ("GODE-561231", ["José Núñez Peña"]),
        ("900123456", ["Andina Logística S.A.S."]),
        ("compras@andina", ["Andina Logística S.A.S."]),  # e-mail fragment
        ("1234 5678", ["José Núñez Peña"]),  # phone, typed with spaces
        ("5512345678", ["José Núñez Peña"]),
        ("15074", ["Inversiones Lima S.A.C."]),  # postal code
        ("logistica", ["Andina Logística S.A.S."]),
        (
            "cl-000000",
            [
                "Andina Logística S.A.S.",
                "Inversiones Lima S.A.C.",
                "José Núñez Peña",
                "Zeta Consultores",
            ],
        ),  # the generated codes
        ("ze", ["Zeta Consultores"]),  # too short to index: names that begin with it
        ("nothing-like-this", []),
    ],
)
def test_search_matches_like_an_operator_expects(sample, query, expected):
    where = ClientFilter(text=query)
    assert names(page(where, limit=10)) == expected
    assert count(where) == len(expected)


def test_search_follows_edits_and_purges(sample):
    client = sample["zeta"]
    update_client(
        client.id,
        ClientInput(
            person_kind="moral",
            document_type="REF",
            document_number="ZC-001",
            legal_name="Omega Asesores",
        ),
        expected_version=client.version,
    )
    assert count(ClientFilter(text="zeta")) == 0
    assert names(page(ClientFilter(text="omega"))) == ["Omega Asesores"]
    delete_client(client.id)
    assert count(ClientFilter(text="omega")) == 0
    assert count(ClientFilter(text="omega", trash=True)) == 1
    purge_client(client.id)
    assert count(ClientFilter(text="omega", trash=True)) == 0


def test_filters_combine_with_search(sample):
    assert names(page(ClientFilter(active=False))) == ["Inversiones Lima S.A.C."]
    assert names(page(ClientFilter(country="CO"))) == ["Andina Logística S.A.S."]
    assert names(page(ClientFilter(category="FACT-MX"))) == ["José Núñez Peña"]
    assert count(ClientFilter(company_type="PM")) == 2
    assert count(ClientFilter(company_type="PM", text="lima")) == 1
    assert count(ClientFilter(company_type="PM", text="nunez")) == 0
    today = dt.date.today()
    assert count(ClientFilter(added_from=today, added_to=today)) == 4
    assert count(ClientFilter(added_to=today - dt.timedelta(days=1))) == 0


def test_every_sort_orders_both_ways(sample):
    for sort in SORTS:
        up = [r.id for r in page(ClientFilter(), sort=sort, limit=10)]
        down = [r.id for r in page(ClientFilter(), sort=sort, descending=True, limit=10)]
        assert sorted(up) == sorted(down) and len(up) == 4, sort
    by_email = names(page(ClientFilter(), sort="email"))
    assert by_email[0] == "Zeta Consultores"  # no e-mail sorts first
    assert by_email[1:] == ["Andina Logística S.A.S.", "José Núñez Peña", "Inversiones Lima S.A.C."]


def test_pages_read_from_the_end_match_pages_from_the_start(db):
    from tui_clients.services.admin.demo import generate

    generate(db, 120, seed=3)
    where = ClientFilter()
    total = count(where)
    forward = [r.id for r in page(where, limit=total)]
    for offset in (0, 37, 61, 100, 115):
        assert [r.id for r in page(where, offset=offset, limit=10, total=total)] == forward[
            offset : offset + 10
        ]
    assert m.Client.select().count() == total


def test_the_company_order_is_the_same_from_either_end_and_with_a_filter(db):
    """The company order walks the companies by name (it sorted every client before: 0.5 s
    for a page at a million, 4 s in the middle); it must give what sorting gives."""
    from peewee import JOIN

    from tui_clients.services.admin.demo import generate

    generate(db, 150, seed=5)
    C, Co = m.Client, m.Company
    # two companies of one name, the second's client first by name: still grouped by company
    twin = Co.select().where(Co.id.in_(C.select(C.company))).order_by(Co.id).first()
    second = Co.create(
        **{**twin.__data__, "id": None, "code": "EM-TWIN", "document_number": "TWIN-1"}
    )
    moved = C.select().where(C.company != twin.id).order_by(C.id).first()
    C.update(company=second.id, sort_name="0").where(C.id == moved.id).execute()
    alone = C.select().where(C.company.is_null()).count()
    shared = C.select(C.company).group_by(C.company).having(fn.COUNT(C.id) > 1).count()
    assert alone and shared, "the sample needs clients without a company and companies of several"

    def sorted_by_company(*where) -> list[int]:
        query = C.select(C.id).join(Co, JOIN.LEFT_OUTER).where(C.deleted_at.is_null(), *where)
        return [i for (i,) in query.order_by(Co.sort_name, Co.id, C.sort_name, C.id).tuples()]

    for f, where in ((ClientFilter(), ()), (ClientFilter(active=True), (C.active == True,))):  # noqa: E712
        expected, total = sorted_by_company(*where), count(f)
        assert len(expected) == total > 100
        assert [r.id for r in page(f, sort="company", limit=total)] == expected
        assert [r.id for r in page(f, sort="company", descending=True, limit=total)] == expected[
            ::-1
        ]
        for offset in (0, 40, 75, 90, total - 10):  # past the middle: read from the end
            shown = page(f, sort="company", offset=offset, limit=10, total=total)
            assert [r.id for r in shown] == expected[offset : offset + 10], offset


def test_the_channel_column_shows_the_first_enabled_channel_the_catalog_has_active(db):
    client = create_client(
        ClientInput(
            person_kind="moral",
            document_type="REF",
            document_number="CH-1",
            legal_name="Canales S.A.",
        )
    )
    portal, mail = (m.Channel.get(m.Channel.code == c) for c in ("PORTAL", "EMAIL"))
    for channel in (portal, mail):
        m.ClientChannel.create(client=client.id, channel=channel.id, enabled=True)

    def shown() -> str:
        return page(ClientFilter(text="Canales"))[0].channel

    assert shown() == portal.name
    m.Channel.update(active=False).where(m.Channel.id == portal.id).execute()
    assert shown() == mail.name  # an inactive channel is not the client's channel


@pytest.mark.parametrize(
    ("target", "query"),
    [
        ("nunez", "{code}"),  # the code as shown
        ("nunez", "/{code}"),  # with the slash that opens the search
        ("nunez", "gode561231gr8"),  # an RFC in lower case, without its hyphens
        ("andina", "900123456-8"),  # a NIT with the hyphen before its check digit
        ("andina", "9001234568"),  # without it
        ("andina", "900123456"),  # without its check digit
        ("lima", "20131312955"),  # a RUC
        ("quispe", "10117410-2"),  # a DNI with its check character
    ],
)
def test_an_exact_code_or_document_comes_first_in_every_order(sample, target, query):
    """Newer clients whose text holds the same digits (a reference, a phone) match too, and
    the list shows newest first while searching: the client named exactly is still first."""
    sample["quispe"] = add(
        "Rosa Quispe Mamani", "10117410-2", kind="fisica", doc="DNI", country="PE"
    )
    wanted = sample[target]
    for decoy in ("X" + wanted.document_number, f"R{wanted.code[3:]}", "A10117410Z"):
        add(f"Decoy {decoy}", decoy)
    where = ClientFilter(text=query.format(code=wanted.code))
    total = count(where)
    assert total >= 2  # the decoys match as well
    for sort in ("code", "name", "document"):
        for descending in (True, False):
            rows = page(where, sort=sort, descending=descending, limit=10)
            assert rows[0].id == wanted.id, (sort, descending)
            # the rest follows in its order, the exact match not repeated, pages agree
            ids = [r.id for r in rows]
            assert len(ids) == len(set(ids)) == total
            paged = [
                r.id
                for offset in range(total)
                for r in page(where, sort=sort, descending=descending, offset=offset, limit=1)
            ]
            assert paged == ids
            tail = page(where, sort=sort, descending=descending, offset=1, limit=9, total=total)
            assert [r.id for r in tail] == ids[1:]
