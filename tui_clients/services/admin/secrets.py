"""Secrets at rest (server passwords): Fernet encryption with this installation's key.

The key is chosen once at start-up by the front end (the CLI, from the
settings): :func:`use_key` for a key given in the environment or the settings
file, :func:`use_key_file` for the key file kept beside the settings.  A key
file is created (mode 0600) the first time a secret is encrypted, never just
to read.  Until one of them is called nothing can be encrypted.

Decrypting with another key never raises anything but :class:`CannotDecrypt`,
so a profile can say so instead of failing.  Plaintexts are never logged.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_FILE_NAME = "secret.key"
NEW_KEY_HINT = (
    'generate one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)


class SecretKeyError(Exception):
    """There is no usable key: none configured, not a Fernet key, or an unreadable key file."""


class CannotDecrypt(Exception):
    """A stored secret was encrypted with another key (or is damaged)."""


def _fernet(key: bytes | str, origin: str) -> Fernet:
    raw = key.strip() if isinstance(key, bytes) else key.strip().encode("ascii", "replace")
    try:
        return Fernet(raw)
    except (ValueError, TypeError):
        raise SecretKeyError(
            f"the secret key from {origin} is not a Fernet key "
            f"(44 characters of url-safe base64); {NEW_KEY_HINT}"
        ) from None


class Vault:
    """Encrypts and decrypts with one key, given directly or kept in a key file."""

    def __init__(
        self,
        key: bytes | str | None = None,
        *,
        key_file: Path | None = None,
        origin: str = "the settings",
    ):
        if (key is None) == (key_file is None):
            raise ValueError("give either a key or a key file")
        self.key_file = key_file
        self._lock = threading.Lock()
        self._cipher: Fernet | None = _fernet(key, origin) if key is not None else None

    def _load(self, create: bool) -> Fernet | None:
        with self._lock:
            if self._cipher is None and self.key_file is not None:
                path = self.key_file
                if not path.exists():
                    if not create:
                        return None
                    _create_key_file(path)
                try:
                    text = path.read_bytes()
                except OSError as exc:
                    raise SecretKeyError(
                        f"cannot read the key file {path}: {exc.strerror}"
                    ) from None
                self._cipher = _fernet(text, f"the key file {path}")
            return self._cipher

    def encrypt(self, plaintext: str, *, create: bool = True) -> bytes:
        """The token for ``plaintext``.  ``create=False``: a missing key file is an error
        (values encrypted with the lost key exist), never replaced by a new key."""
        cipher = self._load(create=create)
        if cipher is None:
            raise SecretKeyError(
                f"the key file {self.key_file} is missing, and passwords encrypted with "
                "it are stored: restore the key file from your backup (a new key would "
                "leave two keys in use), or run `tui-clients secrets reset --yes` to "
                "forget the stored passwords and start a new key"
            )
        return cipher.encrypt(plaintext.encode("utf-8"))

    def decrypt(self, token: bytes | memoryview | None) -> str:
        """The plaintext, or :class:`CannotDecrypt` if this key cannot open it."""
        if token is None:
            raise CannotDecrypt("nothing stored")
        try:
            cipher = self._load(create=False)
        except SecretKeyError as exc:
            raise CannotDecrypt(str(exc)) from None
        if cipher is None:
            raise CannotDecrypt("this installation has no key yet")
        try:
            return cipher.decrypt(bytes(token)).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError, TypeError, ValueError):
            raise CannotDecrypt("encrypted with another key, or damaged") from None

    def can_decrypt(self, token: bytes | memoryview | None) -> bool:
        try:
            self.decrypt(token)
        except CannotDecrypt:
            return False
        return True


def _create_key_file(path: Path) -> None:
    """A new random key in ``path``, readable by its owner only (another process may win)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise SecretKeyError(f"cannot create the key file {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(Fernet.generate_key() + b"\n")


_vault: Vault | None = None


def use(vault: Vault | None) -> Vault | None:
    """Make ``vault`` the one the services use (``None``: no key); returns the previous one."""
    global _vault
    previous, _vault = _vault, vault
    return previous


def use_key(key: bytes | str, origin: str = "the settings") -> Vault:
    """Use this key (e.g. from TUI_CLIENTS_SECRET_KEY); SecretKeyError if it is not one."""
    vault = Vault(key, origin=origin)
    use(vault)
    return vault


def use_key_file(path: Path) -> Vault:
    """Use the key kept in ``path``, created there the first time a secret is stored."""
    vault = Vault(key_file=path)
    use(vault)
    return vault


def vault() -> Vault:
    if _vault is None:
        raise SecretKeyError("no secret key is configured for encrypting server passwords")
    return _vault


def encrypt(plaintext: str, *, secrets_stored: bool = False) -> bytes:
    """``secrets_stored``: values encrypted earlier exist, so a missing key file was lost,
    not never made, and no new key is created in its place."""
    return vault().encrypt(plaintext, create=not secrets_stored)


def decrypt(token: bytes | memoryview | None) -> str:
    if _vault is None:
        raise CannotDecrypt("no secret key is configured")
    return _vault.decrypt(token)


def can_decrypt(token: bytes | memoryview | None) -> bool:
    return _vault is not None and _vault.can_decrypt(token)
