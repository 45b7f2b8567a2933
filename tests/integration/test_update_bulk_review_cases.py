"""Review of ``--update`` in bulk (issue 18): cases the first comparison test does not
cover, each run through the bulk path and through the one-row path (``update_client``
per row, forced as in ``test_import_update_bulk``) on the same files; both must leave
the same database, counts and error file.

Cases found by reviewing the bulk path, each once a crash or a difference: a row
refused only once merged with the stored client (a company type against the stored
category or kind), a person whose company is her own tax ID (detached, as update_client
does), addresses left without coordinates after the update (placed at once, as
update_client does), and a person naming a company that a later row renames (the
file's order kept)."""

from __future__ import annotations

import pytest
from stdnum.mx import rfc
from test_import_update_bulk import compare as bulk_compare
from test_importer import HEADER as TEMPLATE

from tui_clients.db import models as m

HEADER = [
    *TEMPLATE,
    "Country",
    "CompanyType",
    "Category",
    "RegimenFiscal",
    "UsoCFDI",
    "PostalCode",
    "ExtraEmails",
    "Mobile",
    "Services",
]


def _rfc(base: str) -> str:
    return base + rfc.calc_check_digit(base)


RFC_P1 = _rfc("GOAM850315H1")  # persona física, 13 characters
RFC_P2 = _rfc("PELJ900720KB")
RFC_M1 = "CAZ550101AA3"  # persona moral (test_import_bulk)
RFC_M2 = _rfc("SAN0205146N")


def row(**cells: str) -> list[str]:
    return [cells.get(c.replace("-", "_"), "") for c in HEADER]


def compare(engine, tmp_path, pg_url, monkeypatch, base, changed, setup=None):
    return bulk_compare(
        engine, tmp_path, pg_url, monkeypatch, base, changed, header=HEADER, setup=setup
    )


PERSONS = [
    row(
        Name="María Gómez Álvarez",
        Email="maria@ejemplo.mx",
        Telephone="+52 55 1234 0001",
        Address="Av. Insurgentes 100, Ciudad de México, México",
        UniqueReference=RFC_P1,
        RegimenFiscal="612",
        UsoCFDI="G03",
        PostalCode="06600",
    ),
    row(
        Name="José Pérez Luna",
        Email="jose@ejemplo.mx",
        UniqueReference=RFC_P2,
        CompanyType="PF",
        Category="GEN",
    ),
    row(
        Name="Rosa Quispe Mamani",
        Email="rosa@correo.pe",
        Telephone="01 411 0001",
        UniqueReference="45678912",
        Country="PE",
        Address="Jr. Junín 200, Lima, Perú",
    ),
    row(
        Name="Carlos Andrés Rojas Díaz",
        Telephone="601 345 0001",
        UniqueReference="1020304050",
        Country="CO",
    ),
]


def test_persons_updated(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch):
    changed = [
        row(  # renamed, extra e-mails, a mobile, fiscal data changed
            Name="María Fernanda Gómez Álvarez",
            ExtraEmails="mf@ejemplo.mx; otra@ejemplo.mx",
            Mobile="+52 55 9876 5432",
            UniqueReference=RFC_P1,
            RegimenFiscal="605",
            UsoCFDI="D01",
            PostalCode="06700",
        ),
        row(  # fiscal data added, inactive, only a name besides
            Name="José Pérez Luna",
            State="0",
            UniqueReference=RFC_P2,
            RegimenFiscal="612",
            UsoCFDI="G03",
            PostalCode="6600",
        ),
        row(Name="Rosa Quispe Mamani", UniqueReference="45678912", Country="PE"),
        row(
            Name="Carlos Rojas",
            Email="carlos@correo.co",
            UniqueReference="1020304050",
            Country="CO",
            Category="SAAS",
            Services="SOPORTE, HOSTING",
        ),
    ]
    counts, _db, errors = compare(
        engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, PERSONS, changed
    )
    assert counts["updated"] == 4, errors


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_sqlite_or_pg(request):
    return request.param


def test_company_type_changed_under_a_category_of_another_type(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """Stored: PM with category DIST (a PM category).  The row says GOB only: the row
    alone is fine, merged with the stored category it is refused (Category)."""
    base = [
        row(
            Name="Distribuidora Norte S.A.",
            UniqueReference=RFC_M2,
            CompanyType="PM",
            Category="DIST",
        ),
        row(Name="Comercializadora Azteca S.A.", UniqueReference=RFC_M1),
    ]
    changed = [
        row(Name="Distribuidora Norte S.A.", UniqueReference=RFC_M2, CompanyType="GOB"),
        row(Name="Comercializadora Azteca Dos S.A.", UniqueReference=RFC_M1),
    ]
    counts, _db, errors = compare(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed)
    assert counts["rejected"] == 1 and "DIST" in errors


def test_fiscal_data_refused_with_the_stored_document(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """A moral refused a física regimen; postal code alone; services twice."""
    base = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            RegimenFiscal="601",
            UsoCFDI="G03",
            PostalCode="06600",
        )
    ]
    changed = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            RegimenFiscal="605",
            UsoCFDI="G03",
            PostalCode="06600",
        )
    ]
    compare(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed)


def test_person_named_before_the_company_renamed_in_the_same_file(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """A person given a CompanyId (one-row) comes before that company's client, renamed
    (bulk); the person's history names the company as it was when the row was stored."""
    base = [
        row(Name="Comercializadora Azteca S.A.", UniqueReference=RFC_M1),
        row(Name="María Gómez Álvarez", UniqueReference=RFC_P1),
        row(Name="José Pérez Luna", UniqueReference=RFC_P2, CompanyId=RFC_M1),
    ]
    changed = [
        row(Name="María Gómez Álvarez", UniqueReference=RFC_P1, CompanyId="EM-0000001"),
        row(Name="José Pérez Luna", Email="jose@azteca.mx", UniqueReference=RFC_P2),
        row(Name="Azteca Renombrada S.A.", UniqueReference=RFC_M1),
    ]
    counts, state, errors = compare(
        engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed
    )
    assert counts["updated"] == 3, errors
    search = " ".join(r["text"] for r in state["search"])
    assert search.count("renombrada") >= 3, search


def test_person_whose_company_is_its_own_document(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """A física whose CompanyId was its own RFC: update_client detaches it from that
    company (``_company_for``); the bulk path must too."""
    base = [row(Name="María Gómez Álvarez", UniqueReference=RFC_P1, CompanyId=RFC_P1)]
    changed = [row(Name="María Gómez Álvarez", Email="m@ejemplo.mx", UniqueReference=RFC_P1)]
    compare(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed)


def _untried_address():
    """An address stored while the geocoder was an online one, not asked yet."""
    m.Address.update(latitude=None, longitude=None, coord_source="", geocode_level="").execute()


def test_an_address_never_geocoded_is_placed_on_update(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """A client's address never tried by the geocoder (stored while it was an online
    one): ``update_client`` -> ``_geocode`` -> ``fill_missing([id])`` places it; the bulk
    path never geocodes addresses it did not rewrite (ids below the import's first)."""
    base = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Address="Av. Reforma 222, Ciudad de México, México",
        ),
    ]
    changed = [
        row(Name="Comercializadora Azteca S.A.", Email="a@azteca.mx", UniqueReference=RFC_M1)
    ]
    compare(
        engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed, setup=_untried_address
    )


def test_sqlite_geocoded_address_same_and_changed(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """Addresses re-inserted by the bulk path on SQLite reuse the ids they had (no
    AUTOINCREMENT), so the import's final ``fill_missing(after_address=first)`` skips them:
    an address moved, or the same one without coordinates, stays unplaced; the one-row
    path places it at once (``update_client`` -> ``_geocode``)."""
    base = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Address="Av. Reforma 222, Ciudad de México, México",
        ),
        row(
            Name="Distribuidora Norte S.A.",
            UniqueReference=RFC_M2,
            Address="Av. Juárez 10, Guadalajara, México",
        ),
        row(
            Name="Rosa Quispe Mamani",
            UniqueReference="45678912",
            Country="PE",
            Address="Jr. Junín 200, Lima, Perú",
            Latitude_Longitude="-12.05,-77.03",
        ),
    ]
    changed = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Address="Av. Reforma 222, Ciudad de México, México",
        ),  # same: kept
        row(
            Name="Distribuidora Norte S.A.",
            UniqueReference=RFC_M2,
            Address="Av. Vallarta 5, Monterrey, México",
        ),  # moved: placed again
        row(
            Name="Rosa Quispe Mamani",
            UniqueReference="45678912",
            Country="PE",
            Address="Jr. Junín 200, Lima, Perú",
            AddressDetail="Of. 3",
        ),
    ]
    compare(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed)


def test_a_ref_person_updated_by_a_row_without_company_type(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """Stored: a persona física with a clean code (REF) and CompanyType PF.  The row
    gives no CompanyType, so it reads as a moral with PF kept from the stored client:
    ``references`` refuses the company type (ValidationError out of the bulk path)."""
    base = [row(Name="Juan Pérez López", UniqueReference="CLI001", CompanyType="PF")]
    changed = [row(Name="Juan Pérez López", Email="juan@ejemplo.mx", UniqueReference="CLI001")]
    compare(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed)


def test_sqlite_a_geocoded_address_updated_alone(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """The same address again without coordinates: its geocoded ones are dropped (both
    paths), ``update_client`` places it again at once; the bulk path leaves it to the
    import's end, which only geocodes addresses above ``last_address_id()`` at the
    start: on SQLite the address re-inserted takes the id it had (no AUTOINCREMENT)."""
    base = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Address="Av. Reforma 222, Ciudad de México, México",
        ),
    ]
    changed = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Address="Av. Reforma 222, Ciudad de México, México",
            AddressDetail="Piso 2",
        ),
    ]
    _counts, state, _errors = compare(
        engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed
    )
    assert state["address"][0]["latitude"] is not None


def _contact_billing_and_stopped_service():
    """What the app adds beside an import: a contact, a second address, a service
    turned off."""
    from tui_clients.domain.entities import AddressInput, ContactInput
    from tui_clients.services.clients.queries import get_client, input_from_detail
    from tui_clients.services.clients.writing import update_client

    for cid in (1, 2):
        detail = get_client(cid)
        data = input_from_detail(detail)
        data.contacts = [
            ContactInput(email=f"pedro{cid}@ejemplo.mx", first_name="Pedro", phone="7654321")
        ]
        data.addresses.append(
            AddressInput(kind="billing", country="MX", line="Av. Juárez 10, Guadalajara")
        )
        update_client(cid, data, expected_version=detail.version, user="eva")
    soporte = m.Service.get(m.Service.code == "SOPORTE").id
    m.ClientService.insert(client=1, service=soporte, active=False).execute()


def test_sqlite_what_the_app_added_stays(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch):
    base = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Telephone="7654321",
            Address="Av. Reforma 222, Ciudad de México, México",
        ),
        row(Name="María Gómez Álvarez", UniqueReference=RFC_P1, Telephone="+52 55 1234 0001"),
    ]
    changed = [
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            Services="SOPORTE",
            Address="Jr. Junín 200, Lima, Perú",
        ),  # another country: phones read there
        row(
            Name="María Gómez Álvarez", UniqueReference=RFC_P1, Address="Jr. Junín 200, Lima, Perú"
        ),
    ]
    counts, _db, errors = compare(
        engine_sqlite_or_pg,
        tmp_path,
        pg_url,
        monkeypatch,
        base,
        changed,
        setup=_contact_billing_and_stopped_service,
    )
    assert counts["updated"] + counts["rejected"] == 2, (counts, errors)


def test_kind_changed_by_company_type(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch):
    base = [
        row(Name="Juan Pérez López", UniqueReference="CLI002"),  # a moral (clean code)
        row(Name="Ana Ruiz Soto", UniqueReference="CLI003", CompanyType="PF"),
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            CompanyType="PM",
            Category="DIST",
        ),
    ]
    changed = [
        row(Name="Juan Pérez López", UniqueReference="CLI002", CompanyType="PF"),
        row(Name="Ruiz Soto Asociados", UniqueReference="CLI003", CompanyType="PM"),
        row(
            Name="Comercializadora Azteca S.A.",
            UniqueReference=RFC_M1,
            CompanyType="ONG",
            Category="GEN",
        ),
    ]
    compare(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed)


def test_more_than_500_clients_in_a_file(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch):
    """The lookups in parts of 500 (``_details``, ``_own_companies``, deletes)."""
    from test_import_update_bulk import HEADER as OLD_HEADER
    from test_import_update_bulk import _changed, _rows

    base = _rows(620)
    changed = _changed(base)

    def to_mine(rows):
        return [
            row(**{c.replace("-", "_"): v for c, v in zip(OLD_HEADER, r, strict=True)})
            for r in rows
        ]

    counts, _db, errors = compare(
        engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, to_mine(base), to_mine(changed)
    )
    assert counts["updated"] > 500, errors[:2000]


def _own_company_left_the_picker():
    """As when the legal entity was corrected into a person and back (deleted_at)."""
    m.Company.update(deleted_at=m.utcnow()).execute()


def test_own_company_out_of_the_picker(engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch):
    base = [
        row(Name="Comercializadora Azteca S.A.", UniqueReference=RFC_M1),
        row(Name="Distribuidora Norte S.A.", UniqueReference=RFC_M2),
    ]
    changed = [
        row(Name="Comercializadora Azteca S.A.", UniqueReference=RFC_M1),  # unchanged
        row(Name="Distribuidora Sur S.A.", UniqueReference=RFC_M2),
    ]
    compare(
        engine_sqlite_or_pg,
        tmp_path,
        pg_url,
        monkeypatch,
        base,
        changed,
        setup=_own_company_left_the_picker,
    )


def test_company_renamed_before_the_persons_of_it(
    engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch
):
    """The company's row first: its people's search text is refreshed (in bulk and not)."""
    base = [
        row(Name="Comercializadora Azteca S.A.", UniqueReference=RFC_M1),
        row(Name="María Gómez Álvarez", UniqueReference=RFC_P1),
        row(Name="José Pérez Luna", UniqueReference=RFC_P2, CompanyId=RFC_M1),
        row(
            Name="Rosa Quispe Mamani",
            UniqueReference="45678912",
            Country="PE",
            CompanyId="EM-0000001",
        ),
    ]
    changed = [
        row(Name="Azteca Renombrada S.A.", UniqueReference=RFC_M1),
        row(Name="María Gómez Álvarez", UniqueReference=RFC_P1, CompanyId="EM-0000001"),
        row(Name="José Pérez Luna", Email="jose@azteca.mx", UniqueReference=RFC_P2),
    ]
    counts, state, errors = compare(
        engine_sqlite_or_pg, tmp_path, pg_url, monkeypatch, base, changed
    )
    assert counts["updated"] == 3, errors
    search = " ".join(r["text"] for r in state["search"])
    assert search.count("renombrada") >= 4, search
