"""Secrets the server must read back later (a bucket's credentials), sealed at rest.

Sealed with Fernet (AES-128-CBC and HMAC-SHA256) under a key kept in the data directory
(``secrets-at-rest.key``, made on first use, readable by the server's user only): a copy of the
database alone does not give the secrets away. One small pair of functions, so that the key's
home can change without touching their callers.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_FILE = "secrets-at-rest.key"


class SealBroken(Exception):
    """A sealed secret cannot be opened: another server's key, or a damaged value."""


def _fernet(data_dir: Path) -> Fernet:
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Fernet.generate_key()
        try:
            # O_EXCL: of two processes making it at once, one wins and the other reads it.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(key)
    return Fernet(path.read_bytes().strip())


def seal(data_dir: Path, secret: str) -> str:
    """``secret`` encrypted under the data directory's key (a URL-safe text)."""
    return _fernet(data_dir).encrypt(secret.encode()).decode()


def unseal(data_dir: Path, sealed: str) -> str:
    """The secret that :func:`seal` sealed.

    Raises:
        SealBroken: the value was not sealed with this data directory's key.

    """
    try:
        return _fernet(data_dir).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise SealBroken("a stored secret cannot be opened with this server's key") from None
