"""The SAT's generic RFCs (XAXX010101000 público en general, XEXX010101000 extranjeros)
belong to many clients: never a duplicate once the schema allows it, on a real database."""

import pytest

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services.clients.checks import check_client, shared_documents_allowed
from tui_clients.services.clients.writing import create_client

UNIQUE_DOCUMENT = ("document_type_id", "document_number")


def person(number: str, first: str, last: str = "Público") -> ClientInput:
    return ClientInput(
        person_kind="fisica",
        document_country="MX",
        document_type="RFC",
        document_number=number,
        first_name=first,
        last_name=last,
    )


def allow_shared_documents(database) -> None:
    """What a migration would do: the client document's unique index, partial, leaving out
    the generic RFCs."""
    for index in database.get_indexes("client"):
        if index.unique and tuple(index.columns) == UNIQUE_DOCUMENT:
            database.execute_sql(f'DROP INDEX "{index.name}"')
    database.execute_sql(
        "CREATE UNIQUE INDEX client_document_unique ON client (document_type_id, "
        "document_number) WHERE document_number NOT IN ('XAXX010101000', 'XEXX010101000')"
    )


def test_while_the_unique_index_stands_a_second_generic_rfc_gets_a_clear_message(db):
    assert not shared_documents_allowed()
    first = create_client(person("XAXX010101000", "Ana"))
    errors = check_client(person("XAXX010101000", "Beto"))
    assert [e.code for e in errors] == ["duplicate"]
    with pytest.raises(ValidationError) as info:  # a message, not an IntegrityError
        create_client(person("XAXX010101000", "Beto"))
    assert first.code in info.value.errors[0].message_en


def test_generic_rfcs_are_shared_by_many_clients_once_the_schema_allows_it(db):
    allow_shared_documents(db)
    assert shared_documents_allowed()
    for name in ("Ana", "Beto", "Carla"):
        assert check_client(person("XAXX010101000", name)) == []
        create_client(person("XAXX010101000", name))
    create_client(person("xexx-010101-000", "Dora", "Extranjera"))
    create_client(person("XEXX010101000", "Emil", "Extranjero"))
    generic = m.Client.select().where(
        m.Client.document_number.in_(["XAXX010101000", "XEXX010101000"])
    )
    assert generic.count() == 5


def test_other_rfcs_stay_unique_when_generic_ones_are_shared(db):
    allow_shared_documents(db)
    create_client(person("GODE561231GR8", "Diana", "González"))
    assert [e.code for e in check_client(person("gode-561231-gr8", "Otra"))] == ["duplicate"]
    with pytest.raises(ValidationError):
        create_client(person("GODE561231GR8", "Otra", "Persona"))
