"""Operations of the ``auth`` tag: sessions, password and two-factor authentication."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NoReturn

from sqlalchemy import or_, select, update
from starlette.responses import Response

from annota_server import accounts, authn
from annota_server import serializers as ser
from annota_server.bookkeeping import LoginRecord
from annota_server.context import Ctx, own_transactions
from annota_server.db.models import User
from annota_server.problems import OTP_REQUIRED, Problem, conflict, invalid, unauthorized
from annota_server.security import (
    burn_password_check,
    hash_password,
    hash_token,
    new_signed_session,
    new_totp_secret,
    totp_step,
    totp_uri,
    verify_password,
)


def _client(ctx: Ctx) -> str:
    return authn.client_address(ctx.connection)


def _refuse_if_locked(ctx: Ctx, username: str) -> None:
    wait = authn.lockout_remaining(ctx.db, username, _client(ctx), ctx.settings, ctx.now)
    if wait:
        raise Problem(
            429,
            f"Too many failed attempts for this account; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )


def _count_failure_and_raise(ctx: Ctx, username: str, problem: Problem) -> NoReturn:
    with ctx.writing() as db:  # committed: the failure counts though the request fails
        authn.record_failure(db, username, _client(ctx), ctx.settings, ctx.now)
    raise problem


def _claim_code(ctx: Ctx, user: User, secret: str | None, code: str | None) -> bool:
    """Accept ``code`` once: its time step must be later than the last accepted one.

    The conditional UPDATE is the claim, so two requests racing with the same code cannot
    both win (the second finds the step taken, on either database).
    """
    step = totp_step(secret, code)
    if step is None:
        return False
    claimed = ctx.db.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step),
        execution_options={"synchronize_session": False},
    )
    # Not set on ``user``: bookkeeping must not bump the account's version (its ETag).
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


@own_transactions
def auth_login(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Exchange username, password (and one-time code) for a session token.

    Reads only, on the happy path (no write lock on SQLite): failures are counted, and a
    one-time code is claimed, each in a short write transaction of its own.
    """
    username: str = body["username"]
    password: str = body["password"]
    otp: str | None = body.get("otp")
    _refuse_if_locked(ctx, username)

    user = ctx.db.scalars(select(User).where(User.username == username)).first()
    if user is None:
        burn_password_check(password)
    if user is None or not verify_password(password, user.password_hash) or not user.is_active:
        _count_failure_and_raise(ctx, username, unauthorized("Wrong username or password."))
    if user.two_factor_enabled:
        if otp is None:
            raise unauthorized(
                "A one-time code is required: this account uses two-factor authentication; "
                "send the current code as 'otp'.",
                type=OTP_REQUIRED,
            )
        with ctx.writing():
            claimed = _claim_code(ctx, user, user.totp_secret, otp)
        if not claimed:
            _count_failure_and_raise(
                ctx,
                username,
                unauthorized(
                    "A valid one-time code is required: the code given is wrong, expired or "
                    "already used (each code works once; wait for the next one).",
                    type=OTP_REQUIRED,
                ),
            )

    # Nothing is written here (see annota_server.bookkeeping): the token is signed, and its
    # row, the last login and the forgetting of failed attempts are queued, written behind.
    token, expires_at = new_signed_session(
        user.id,
        user.session_epoch,
        ctx.now + timedelta(seconds=ctx.settings.session_ttl_seconds),
    )
    client = _client(ctx)
    failed = authn.has_failures(ctx.db, username, client)
    ctx.db.commit()  # the login's reads end before it waits for its record
    record = LoginRecord(
        user.id,
        hash_token(token),
        expires_at,
        user.session_epoch,
        ctx.now,
        (username, client) if failed else None,
    )
    ctx.runtime.bookkeeping.record(record)
    document = ser.user(user) | {"last_login": ser.iso(ctx.now)}
    return ctx.json({"token": token, "expires_at": ser.iso(expires_at), "user": document})


def auth_logout(ctx: Ctx) -> Response:
    """Revoke the session that authenticates this request (a no-op for access tokens)."""
    assert ctx.caller is not None
    if ctx.caller.session is not None:
        # Marked, not deleted: its signature alone would let the token in again.
        accounts.store_session(ctx.db, ctx.user.id, ctx.caller.session, revoked_at=ctx.now)
    return ctx.no_content()


def auth_change_password(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Change the caller's password; revoke their other sessions and (by default) tokens."""
    user = ctx.user
    _refuse_if_locked(ctx, user.username)
    if not verify_password(body["old_password"], user.password_hash):
        _count_failure_and_raise(
            ctx, user.username, invalid("old_password", "is not the current password")
        )
    user.password_hash = hash_password(body["new_password"])
    assert ctx.caller is not None
    sessions, tokens = accounts.revoke_credentials(
        ctx.db,
        user,
        tokens=not body.get("keep_tokens", False),
        keep_session=ctx.caller.session,
        keep_token=ctx.caller.token_id,
    )
    return ctx.json({"revoked_sessions": sessions, "revoked_tokens": tokens})


def auth_two_factor_enroll(ctx: Ctx) -> Response:
    """Start enrolment: a new TOTP secret, waiting for a confirming code."""
    user = ctx.user
    if user.two_factor_enabled:
        raise conflict("Two-factor authentication is already on; disable it first.")
    secret = new_totp_secret()
    user.totp_pending_secret = secret
    return ctx.json({"otpauth_uri": totp_uri(secret, user.username), "secret": secret})


def auth_two_factor_confirm(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Turn two-factor authentication on with a valid code for the enrolled secret."""
    user = ctx.user
    if user.two_factor_enabled:
        raise conflict("Two-factor authentication is already on.")
    if user.totp_pending_secret is None:
        raise conflict("Nothing to confirm: start with POST /api/auth/2fa/enroll.")
    if not _claim_code(ctx, user, user.totp_pending_secret, body["code"]):
        raise invalid("code", "is not the current code for the enrolled secret")
    user.totp_secret, user.totp_pending_secret = user.totp_pending_secret, None
    user.two_factor_enabled = True
    return ctx.json({"enabled": True})


def auth_two_factor_disable(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Turn two-factor authentication off; needs a valid current code."""
    user = ctx.user
    if not user.two_factor_enabled:
        raise conflict("Two-factor authentication is not on.")
    if not _claim_code(ctx, user, user.totp_secret, body["code"]):
        raise invalid("code", "is not the current one-time code, or was used already")
    user.two_factor_enabled = False
    user.totp_secret = None
    return ctx.json({"enabled": False})
