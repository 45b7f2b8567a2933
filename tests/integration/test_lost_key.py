"""A lost key file is never silently replaced: while passwords encrypted with it are
stored, saving a new password says the key is missing and how to restore it, and writes
nothing; the restored key then still opens every stored password."""

from test_server_data import PASSWORD, stored_tokens, with_servers

from tui_clients.db import models as m
from tui_clients.domain.entities import ServerInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services.admin import secrets
from tui_clients.services.clients.servers import reveal_password
from tui_clients.services.clients.writing import create_client


def test_a_lost_key_file_is_said_while_passwords_encrypted_with_it_exist(db, tmp_path):
    first = create_client(with_servers(), user="ana")
    key_file = tmp_path / "secret.key"  # the installation's key file (see conftest)
    backup = key_file.read_bytes()
    key_file.unlink()
    secrets.use_key_file(key_file)  # the next start of the program, without the file
    other = with_servers(
        document_number="900373913-4",
        legal_name="Servicios Quindío S.A.S.",
        server=with_servers().server.__class__(
            servers=[ServerInput("web.quindio.co", "", "root", "Otra-Clave-9")]
        ),
    )
    try:
        create_client(other, user="ana")
    except ValidationError as exc:
        message = " ".join(e.message() for e in exc.errors)
    else:
        raise AssertionError("a new key was made while passwords of the old one are stored")
    assert "secret.key" in message and "backup" in message
    assert not key_file.exists()  # no second key
    assert m.Client.select().count() == 1  # nothing written
    key_file.write_bytes(backup)  # restored from the backup
    secrets.use_key_file(key_file)
    server = m.Server.get(m.Server.host == "srv1.andina.co")
    assert reveal_password(server.id) == PASSWORD
    assert stored_tokens(first.id)["srv1.andina.co"] is not None


def test_the_first_password_of_an_installation_creates_its_key(db, tmp_path):
    key_file = tmp_path / "secret.key"
    assert not key_file.exists()
    create_client(with_servers(), user="ana")
    assert key_file.exists()


def test_secrets_reset_forgets_only_what_the_key_cannot_open_when_told_to(
    sqlite_db, tmp_path, capsys
):
    from tui_clients.cli.main import main

    first = create_client(with_servers(), user="ana")
    key_file = tmp_path / "secret.key"
    key_file.unlink()  # lost, no backup
    assert main(["secrets", "status"]) == 1
    assert "1 contraseña" in capsys.readouterr().out
    assert main(["secrets", "reset"]) == 1  # not without --yes
    assert "--yes" in capsys.readouterr().err
    sqlite_db.connect(reuse_if_open=True)
    assert stored_tokens(first.id)["srv1.andina.co"] is not None
    assert main(["secrets", "reset", "--yes"]) == 0
    assert "1 contraseña" in capsys.readouterr().out
    sqlite_db.connect(reuse_if_open=True)
    assert stored_tokens(first.id)["srv1.andina.co"] is None
    last = (
        m.ClientHistory.select()
        .where(m.ClientHistory.client == first.id)
        .order_by(m.ClientHistory.id.desc())[0]
    )
    assert "deploy@srv1.andina.co" in last.changes and PASSWORD not in last.changes
    assert main(["secrets", "status"]) == 0
