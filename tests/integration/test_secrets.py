"""The key for server passwords: where it comes from, the key file, and clear failures."""

import json
import os
import stat
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from tui_clients.cli.main import main
from tui_clients.services.admin import secrets
from tui_clients.services.settings import Settings, secret_key_path


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tui_clients", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def test_the_key_file_is_created_on_first_encryption_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "conf" / "secret.key"
    vault = secrets.Vault(key_file=path)
    assert not vault.can_decrypt(b"gAAAA-not-a-token")  # reading never creates a key
    assert not path.exists()
    token = vault.encrypt("s3cret")
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"s3cret" not in token
    again = secrets.Vault(key_file=path)  # the next start reads the same key
    assert again.decrypt(token) == "s3cret"


def test_another_key_cannot_decrypt_and_says_so():
    token = secrets.Vault(Fernet.generate_key()).encrypt("s3cret")
    other = secrets.Vault(Fernet.generate_key())
    with pytest.raises(secrets.CannotDecrypt):
        other.decrypt(token)
    assert not other.can_decrypt(token) and not other.can_decrypt(b"garbage")


def test_a_key_that_is_not_a_fernet_key_is_refused_with_a_hint():
    with pytest.raises(secrets.SecretKeyError) as info:
        secrets.use_key("my password", origin="env TUI_CLIENTS_SECRET_KEY")
    assert "env TUI_CLIENTS_SECRET_KEY" in str(info.value)
    assert "Fernet.generate_key()" in str(info.value)


def test_the_key_comes_from_the_environment_then_the_settings_file_else_the_key_file(
    tmp_path, monkeypatch
):
    settings = Settings.load()
    assert settings.secret_key == ""
    assert secret_key_path() == tmp_path / "secret.key"  # beside settings.toml
    assert settings.values["secret_key"].source == f"key file {tmp_path / 'secret.key'}"
    in_file, in_env = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    (tmp_path / "settings.toml").write_text(f'secret_key = "{in_file}"\n')
    assert Settings.load().secret_key == in_file
    monkeypatch.setenv("TUI_CLIENTS_SECRET_KEY", in_env)
    assert Settings.load().secret_key == in_env


def test_config_never_prints_the_key(tmp_path, monkeypatch, capsys):
    key = Fernet.generate_key().decode()
    (tmp_path / "settings.toml").write_text(f'secret_key = "{key}"\n')
    assert main(["config", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["secret_key"]["value"] == "********"
    assert shown["secret_key"]["source"].startswith("file ")
    monkeypatch.setenv("TUI_CLIENTS_SECRET_KEY", key)
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert key not in out and "env TUI_CLIENTS_SECRET_KEY" in out


def test_the_cli_hands_the_configured_key_to_the_services(monkeypatch, capsys):
    key = Fernet.generate_key()
    monkeypatch.setenv("TUI_CLIENTS_SECRET_KEY", key.decode())
    assert main(["info"]) == 0
    assert Fernet(key).decrypt(secrets.encrypt("s3cret")) == b"s3cret"


def test_the_cli_uses_the_key_file_beside_the_settings_when_no_key_is_set(tmp_path, capsys):
    assert main(["info"]) == 0
    assert not (tmp_path / "secret.key").exists()  # not created just to start
    token = secrets.encrypt("s3cret")
    key = (tmp_path / "secret.key").read_bytes()
    assert Fernet(key.strip()).decrypt(token) == b"s3cret"


def test_a_bad_key_is_one_clear_message_not_a_traceback():
    result = run("info", env={"TUI_CLIENTS_SECRET_KEY": "hunter2"})
    assert result.returncode == 1
    assert "TUI_CLIENTS_SECRET_KEY" in result.stderr and "not a Fernet key" in result.stderr
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr
