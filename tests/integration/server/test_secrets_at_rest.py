"""TOTP secrets are stored encrypted with the server's key, which is made on first start (0600)."""

from __future__ import annotations

import stat
from typing import Any

import pyotp
from support import ServerProcess, TestUser
from support.db import DatabaseProbe


def _stored(db: DatabaseProbe, user_id: int) -> dict[str, Any]:
    """The user's row as stored (no decryption: the probe reflects the table)."""
    return next(row for row in db.rows("users") if row["id"] == user_id)


def test_the_key_file_is_made_on_first_start_readable_by_the_server_only(
    server: ServerProcess,
) -> None:
    key_file = server.data_dir / "secret.key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_totp_secret_is_stored_encrypted_and_still_works(
    server: ServerProcess, new_user: TestUser, db: DatabaseProbe
) -> None:
    secret = new_user.http.post("/api/auth/2fa/enroll").expect(200).json()["secret"]
    stored = _stored(db, new_user.id)["totp_pending_secret"]
    assert stored.startswith("fernet:")
    assert secret not in stored
    code = pyotp.TOTP(secret).now()
    new_user.http.post("/api/auth/2fa/confirm", json={"code": code}).expect(200)
    stored = _stored(db, new_user.id)["totp_secret"]
    assert stored.startswith("fernet:")
    assert secret not in stored
