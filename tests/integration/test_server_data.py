"""Server data and the contact person, stored on a real database: passwords encrypted at
rest, kept on edits that do not retype them, out of the history and the drafts."""

import json

import pytest
from cryptography.fernet import Fernet

from tui_clients.db import migrations
from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput, ServerDataInput, ServerInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services.admin import secrets
from tui_clients.services.clients.queries import client_history, get_client, input_from_detail
from tui_clients.services.clients.servers import PasswordUnavailable, reveal_password
from tui_clients.services.clients.writing import create_client, purge_client, update_client
from tui_clients.services.registration.lookups import load_draft, save_draft

PASSWORD = "  Tr0ub4dor &3 [bold]x[/]"  # spaces and markup-looking text are part of it


def with_servers(**kw) -> ClientInput:
    base = dict(
        person_kind="moral",
        company_type="PM",
        category="GEN",
        document_country="CO",
        document_type="NIT",
        document_number="900123456-8",
        legal_name="Andina Logística S.A.S.",
        contact_person="Luisa Fernanda Ríos",
        server=ServerDataInput(
            gitlab_user="andina-dev",
            discord_user="luisa#1234",
            slack_channel="#soporte-andina",
            discord_channel="#ops",
            servers=[
                ServerInput("SRV1.andina.co", "10.0.0.5", "deploy", PASSWORD),
                ServerInput("db.andina.co", "", "postgres", ""),
            ],
        ),
    )
    return ClientInput(**{**base, **kw})


def stored_tokens(client_id: int) -> dict[str, bytes | None]:
    return {
        s.host: bytes(s.password_encrypted) if s.password_encrypted is not None else None
        for s in m.Server.select().where(m.Server.client == client_id)
    }


def history_text(client_id: int) -> str:
    rows = m.ClientHistory.select().where(m.ClientHistory.client == client_id)
    return " ".join(h.changes for h in rows)


def test_create_stores_server_data_with_the_password_encrypted(db, tmp_path):
    client = create_client(with_servers(), user="ana")
    assert client.contact_person == "Luisa Fernanda Ríos"
    assert m.Client.get_by_id(client.id).contact_person == "Luisa Fernanda Ríos"
    server = client.server
    assert (
        server.gitlab_user,
        server.discord_user,
        server.slack_channel,
        server.discord_channel,
    ) == ("andina-dev", "luisa#1234", "soporte-andina", "ops")
    assert [
        (s.host, s.ip, s.username, s.has_password, s.password_readable) for s in server.servers
    ] == [
        ("srv1.andina.co", "10.0.0.5", "deploy", True, True),
        ("db.andina.co", "", "postgres", False, True),
    ]
    assert PASSWORD not in repr(client)
    tokens = stored_tokens(client.id)
    assert tokens["db.andina.co"] is None
    blob = tokens["srv1.andina.co"]
    assert PASSWORD.encode() not in blob and b"Tr0ub4dor" not in blob
    key = (tmp_path / "secret.key").read_bytes()  # the installation's key (see conftest)
    assert Fernet(key.strip()).decrypt(blob).decode() == PASSWORD
    assert reveal_password(server.servers[0].id) == PASSWORD
    created = client_history(client.id)[0].changes
    assert created["contact_person"] == [None, "Luisa Fernanda Ríos"]
    assert created["servers"] == [None, "deploy@srv1.andina.co 10.0.0.5 | postgres@db.andina.co"]
    assert created["server_accounts"][1].startswith("GitLab andina-dev")
    assert created["server_passwords"] == [None, "deploy@srv1.andina.co"]
    assert "Tr0ub4dor" not in history_text(client.id)


def test_an_edit_that_does_not_retype_the_password_keeps_it(db):
    client = create_client(with_servers())
    before = stored_tokens(client.id)
    data = input_from_detail(client)
    assert [s.password for s in data.server.servers] == ["", ""]
    assert data.server.servers[0].server_id == client.server.servers[0].id
    data.server.servers[0].username = "root"
    data.contact_person = "Otra Persona"
    after = update_client(client.id, data, expected_version=client.version, user="beto")
    assert stored_tokens(client.id) == before
    assert reveal_password(after.server.servers[0].id) == PASSWORD
    assert [s.id for s in after.server.servers] == [s.id for s in client.server.servers]
    changes = client_history(client.id)[0].changes
    assert changes["contact_person"] == ["Luisa Fernanda Ríos", "Otra Persona"]
    assert "server_passwords" not in changes
    assert changes["servers"][1].startswith("root@srv1.andina.co")


def test_a_new_password_replaces_the_stored_one_and_the_history_only_says_it_changed(db):
    client = create_client(with_servers())
    old = stored_tokens(client.id)
    data = input_from_detail(client)
    data.server.servers[0].password = "n3w-s3cret"
    data.server.servers[1].password = "pg-s3cret"
    after = update_client(client.id, data, expected_version=client.version, user="beto")
    new = stored_tokens(client.id)
    assert new["srv1.andina.co"] != old["srv1.andina.co"]
    assert [reveal_password(s.id) for s in after.server.servers] == ["n3w-s3cret", "pg-s3cret"]
    assert all(s.has_password for s in after.server.servers)
    changes = client_history(client.id)[0].changes
    assert changes == {"server_passwords": [None, "deploy@srv1.andina.co, postgres@db.andina.co"]}
    text = history_text(client.id)
    assert "n3w-s3cret" not in text and "pg-s3cret" not in text and "Tr0ub4dor" not in text


def test_retyping_the_same_password_changes_nothing(db):
    client = create_client(with_servers())
    old = stored_tokens(client.id)
    data = input_from_detail(client)
    data.server.servers[0].password = PASSWORD
    update_client(client.id, data, expected_version=client.version)
    assert stored_tokens(client.id) == old
    assert [h.action for h in client_history(client.id)] == ["created"]  # nothing changed


def test_servers_are_removed_and_added_and_all_server_data_can_go(db):
    client = create_client(with_servers())
    data = input_from_detail(client)
    data.server.servers = [data.server.servers[1], ServerInput("192.168.1.20", username="admin")]
    after = update_client(client.id, data, expected_version=client.version)
    assert [s.host for s in after.server.servers] == ["db.andina.co", "192.168.1.20"]
    assert m.Server.select().count() == 2
    data = input_from_detail(after)
    data.server = ServerDataInput()  # everything emptied: no server data
    after = update_client(client.id, data, expected_version=after.version)
    assert after.server is None
    assert m.Server.select().count() == 0 and m.ServerInfo.select().count() == 0


def test_another_clients_server_cannot_be_edited_through_this_one(db):
    first = create_client(with_servers())
    other = create_client(
        with_servers(document_number="800197268-4", legal_name="Otra S.A.S.", server=None)
    )
    data = input_from_detail(other)
    data.server = ServerDataInput(
        servers=[ServerInput("x.example.com", server_id=first.server.servers[0].id)]
    )
    with pytest.raises(ValidationError) as info:
        update_client(other.id, data, expected_version=other.version)
    assert info.value.errors[0].field == "server.servers[0].host"
    assert get_client(other.id).server is None and get_client(other.id).version == other.version
    assert reveal_password(first.server.servers[0].id) == PASSWORD


def test_a_password_from_another_key_is_a_clear_state_not_a_crash(db):
    client = create_client(with_servers())
    server_id = client.server.servers[0].id
    secrets.use_key(Fernet.generate_key())  # e.g. the database copied to another installation
    shown = get_client(client.id)
    assert shown.server.servers[0].has_password and not shown.server.servers[0].password_readable
    with pytest.raises(PasswordUnavailable) as info:
        reveal_password(server_id)
    assert "cannot be decrypted with this installation's key" in info.value.message("en")
    # an edit that does not touch it keeps the token that other key can still open
    token = stored_tokens(client.id)["srv1.andina.co"]
    data = input_from_detail(shown)
    data.trade_name = "Andina"
    after = update_client(client.id, data, expected_version=shown.version)
    assert stored_tokens(client.id)["srv1.andina.co"] == token
    data = input_from_detail(after)
    data.server.servers[0].password = "typed-here"  # a new one is stored with this key
    after = update_client(client.id, data, expected_version=after.version)
    assert after.server.servers[0].password_readable
    assert reveal_password(server_id) == "typed-here"


def test_without_a_key_a_password_is_a_field_error_and_nothing_is_written(db):
    secrets.use(None)
    with pytest.raises(ValidationError) as info:
        create_client(with_servers())
    assert info.value.errors[0].field == "server.servers[0].password"
    assert info.value.errors[0].code == "no_key"
    assert m.Client.select().count() == 0
    data = with_servers()
    data.server.servers[0].password = ""
    assert create_client(data).server.servers[0].has_password is False


def test_purge_removes_the_servers_too(db):
    from tui_clients.services.clients.writing import delete_client

    client = create_client(with_servers())
    delete_client(client.id)
    purge_client(client.id)
    assert m.Server.select().count() == 0 and m.ServerInfo.select().count() == 0


def test_a_draft_keeps_the_new_fields_but_never_a_password(db):
    save_draft("ana", with_servers(), "server")
    raw = m.AppMeta.get(m.AppMeta.key == "wizard-draft:ana").value
    assert "Tr0ub4dor" not in raw
    data, step = load_draft("ana")
    assert step == "server" and data.contact_person == "Luisa Fernanda Ríos"
    assert data.server.slack_channel == "#soporte-andina"  # as typed: drafts are not cleaned
    assert [(s.host, s.username, s.password) for s in data.server.servers] == [
        ("SRV1.andina.co", "deploy", ""),
        ("db.andina.co", "postgres", ""),
    ]
    assert json.loads(raw)["data"]["server"]["servers"][0].get("password") is None


def test_an_existing_database_gets_the_contact_person_column(sqlite_db):
    client = create_client(with_servers(contact_person=""))
    sqlite_db.execute_sql("ALTER TABLE client DROP COLUMN contact_person")
    m.SchemaVersion.delete().where(m.SchemaVersion.version >= 3).execute()
    assert 3 in [mg.version for mg in migrations.upgrade(sqlite_db)]
    assert get_client(client.id).contact_person == ""
    # writers that name no value (older versions, bulk SQL) still work: a database default
    sqlite_db.execute_sql("UPDATE client SET contact_person = 'X' WHERE id = ?", (client.id,))
    assert get_client(client.id).contact_person == "X"


def test_revealing_passwords_records_who_saw_them_and_never_the_passwords(db):
    from tui_clients.services.clients.servers import REVEALED, reveal_passwords

    servers = [
        ServerInput("SRV1.andina.co", "10.0.0.5", "deploy", PASSWORD),
        ServerInput("db.andina.co", "", "postgres", "pg-s3cret"),
        ServerInput("files.andina.co", "", "admin", ""),  # no password: nothing to see
    ]
    client = create_client(with_servers(server=ServerDataInput(servers=servers)))
    first, second, _ = client.server.servers
    assert reveal_passwords(client.id, user="ana") == {first.id: PASSWORD, second.id: "pg-s3cret"}
    seen = client_history(client.id)[0]
    assert (seen.action, seen.user) == (REVEALED, "ana")
    assert seen.changes == {
        "server_passwords": [None, "deploy@srv1.andina.co, postgres@db.andina.co"]
    }
    raw = m.ClientHistory.select(m.ClientHistory.changes).tuples()
    assert not any(PASSWORD.strip() in changes or "pg-s3cret" in changes for (changes,) in raw)
    assert get_client(client.id).version == client.version  # seeing is no change
