"""Secrets at rest: TOTP secrets are stored encrypted with the server's key (Fernet).

The key file (``<data dir>/secret.key`` unless ``ANNOTA_SECRET_KEY_FILE`` names another) is made
on first start, readable by the server's user only (0600). It holds one key per line: the first
encrypts, every one decrypts. To rotate, put a new key (``annota-server``'s ``generate-key`` or
any Fernet key) on the first line and restart every server process; secrets move to the new key
as they are written (and at the next start, see :func:`encrypt_clear_secrets`); keep the old
lines until then. Several servers on one database must share the file.

Stored values are ``fernet:<token>``. A value without the prefix is a secret from before
encryption: it is still read, and :func:`encrypt_clear_secrets` encrypts it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Connection, Dialect, String, TypeDecorator, text

PREFIX = "fernet:"
KEY_FILE_NAME = "secret.key"

_keys: MultiFernet | None = None
_signing: list[bytes] = []


def generate_key() -> str:
    """A new random key, as one line of the key file."""
    return Fernet.generate_key().decode()


def load_keys(path: Path) -> MultiFernet:
    """The keys in ``path``, creating it (0600, one new key) when it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written beside, then linked into place: of several processes starting at once, one
        # link wins, and no process ever reads a half-written file.
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(generate_key() + "\n")
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    keys = _key_lines(path)
    global _signing  # noqa: PLW0603 (the key file's keys, per process)
    # Session tokens are signed with keys derived from the same lines (HMAC-SHA256), apart
    # from the encryption keys: rotating the file rotates both.
    _signing = [hashlib.sha256(b"annota session tokens\0" + key.encode()).digest() for key in keys]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _key_lines(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="ascii").splitlines()]
    keys = [line for line in lines if line and not line.startswith("#")]
    if not keys:
        raise ValueError(f"{path} holds no key")
    return keys


def install(keys: MultiFernet) -> None:
    """Use ``keys`` for every secret this process reads and writes."""
    global _keys  # noqa: PLW0603 (one key set per process, like the engine's settings)
    _keys = keys


def sign(message: str) -> str:
    """A MAC of ``message`` with the first key (URL-safe base64, no padding)."""
    if not _signing:
        raise RuntimeError("no secret key installed: the server sets it up at start")
    return _mac(_signing[0], message)


def signed(message: str, mac: str) -> bool:
    """Whether ``mac`` is the MAC of ``message`` with any key of the key file."""
    return any(hmac.compare_digest(_mac(key, message), mac) for key in _signing)


def _mac(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def installed() -> bool:
    """Whether this process has its key set (the server does; a bare migration run may not)."""
    return _keys is not None


def encrypt(value: str) -> str:
    """``value`` encrypted with the first key."""
    if _keys is None:
        raise RuntimeError("no secret key installed: the server sets it up at start")
    return PREFIX + _keys.encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    """The clear value of a stored secret (one from before encryption is returned as is)."""
    if not stored.startswith(PREFIX):
        return stored
    if _keys is None:
        raise RuntimeError("no secret key installed: the server sets it up at start")
    try:
        return _keys.decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise RuntimeError(
            "a stored secret does not decrypt with any key of the key file (was a key removed?)"
        ) from None


class EncryptedString(TypeDecorator[str]):
    """A string column whose values are stored encrypted (see the module docstring)."""

    impl = String(512)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Encrypt on the way in."""
        return None if value is None else encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else decrypt(str(value))


_SECRET_COLUMNS = ("totp_secret", "totp_pending_secret")


def encrypt_clear_secrets(connection: Connection) -> int:
    """Encrypt the secrets still stored in clear (from before encryption); return how many."""
    changed = 0
    for column in _SECRET_COLUMNS:
        rows = connection.execute(
            text(
                f"SELECT id, {column} FROM users "  # noqa: S608 (constant column names)
                f"WHERE {column} IS NOT NULL AND {column} NOT LIKE :prefix"
            ),
            {"prefix": PREFIX + "%"},
        ).all()
        for row in rows:
            connection.execute(
                text(f"UPDATE users SET {column} = :value WHERE id = :id"),  # noqa: S608
                {"value": encrypt(row[1]), "id": row[0]},
            )
        changed += len(rows)
    return changed
