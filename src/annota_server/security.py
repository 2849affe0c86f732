"""Cryptographic building blocks: password hashing, token secrets and one-time codes."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp

from annota_server import secrets_at_rest

# scrypt with N=2**14, r=8 needs 16 MiB per hash: costly to attack on GPUs, ~50 ms here.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_LEN = 32
_SCRYPT_MAXMEM = 64 * 1024 * 1024

SESSION_PREFIX = "ans_"
ACCESS_TOKEN_PREFIX = "anp_"
ACCESS_TOKEN_SHOWN = len(ACCESS_TOKEN_PREFIX) + 8
TOTP_ISSUER = "annota"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=_SCRYPT_MAXMEM
    )


def hash_password(password: str) -> str:
    """Hash a password as ``scrypt$N$r$p$salt$hash`` so the parameters can change later."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _SCRYPT_LEN)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Check a password against a stored hash in constant time; malformed hashes never match."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    """Spend the time of a real password check, so unknown usernames answer as slowly."""
    verify_password(password, _dummy_hash())


@dataclass(frozen=True)
class SessionClaim:
    """What a signed session token says: whose it is, of which epoch, until when."""

    user_id: int
    epoch: int
    expires_at: datetime


def new_signed_session(user_id: int, epoch: int, expires_at: datetime) -> tuple[str, datetime]:
    """A session token that proves itself (signed with the server key), and its expiry.

    Logging in stores nothing: the token is checked by its signature, and the user's
    ``session_epoch`` (bumped when their sessions are revoked) must still be the one it names.
    The expiry is kept to the second, as the token carries it.
    """
    expires = int(expires_at.timestamp())
    payload = f"{user_id}.{epoch}.{expires}.{secrets.token_urlsafe(24)}"
    token = f"{SESSION_PREFIX}{payload}.{secrets_at_rest.sign(payload)}"
    return token, datetime.fromtimestamp(expires, UTC)


def read_signed_session(token: str) -> SessionClaim | None:
    """The claim of a signed session token; ``None`` when it is not one or not ours."""
    payload, dot, mac = token.removeprefix(SESSION_PREFIX).rpartition(".")
    if not dot or not secrets_at_rest.signed(payload, mac):
        return None
    parts = payload.split(".")
    if len(parts) != 4 or not all(part.isdigit() for part in parts[:3]):
        return None
    user_id, epoch, expires = (int(part) for part in parts[:3])
    return SessionClaim(user_id, epoch, datetime.fromtimestamp(expires, UTC))


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored (tokens are high-entropy)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_access_token() -> tuple[str, str]:
    """Return a new personal access token and the prefix shown to recognise it."""
    token = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, token[:ACCESS_TOKEN_SHOWN]


def new_totp_secret() -> str:
    """Return a new base32 TOTP secret."""
    return str(pyotp.random_base32())


def totp_uri(secret: str, username: str) -> str:
    """Return the ``otpauth://`` URI an authenticator app loads."""
    return str(pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER))


def totp_step(secret: str | None, code: str | None, now: float | None = None) -> int | None:
    """Return the time step whose code ``code`` is (one step of drift either way), else ``None``.

    The step lets the caller accept each code once: a code is good only for a step later than
    the last one accepted.
    """
    if not secret or not code:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.fromtimestamp(time.time() if now is None else now, UTC))
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
