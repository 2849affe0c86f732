"""Operations of the ``recovery`` tag: self-service password and two-factor resets by mail.

Only when the server has SMTP settings (``smtp_host``); otherwise each answers 409
(a problem saying so: the server works as set up, it is not set up for this). Tokens are
random, stored as their SHA-256 hash, work once and expire after ``reset_token_seconds``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from email.message import EmailMessage
from functools import partial
from typing import Any

from sqlalchemy import func, or_, select, update
from starlette.responses import Response

from annota_server import accounts, mail
from annota_server.context import Ctx
from annota_server.db.models import PasswordReset, User
from annota_server.problems import Problem, invalid
from annota_server.security import (
    burn_password_check,
    hash_password,
    hash_token,
    verify_password,
)
from annota_server.settings import Settings

PASSWORD, TWO_FACTOR = "password", "two_factor"
"""What a token resets (``password_resets.purpose``)."""
ACCEPTED = (
    "If an active account has that username or e-mail address, a reset token is on its way "
    "to the account's e-mail address."
)


def _configured(ctx: Ctx) -> Settings:
    if ctx.settings.smtp_host is None:
        raise Problem(
            409,
            "Self-service password resets need the server's SMTP settings (ANNOTA_SMTP_HOST); "
            "ask an administrator to reset the password.",
        )
    return ctx.settings


def _issue(ctx: Ctx, settings: Settings, user: User, purpose: str) -> str:
    """A new token for ``user`` and ``purpose``; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    ctx.db.add(
        PasswordReset(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            created_at=ctx.now,
            expires_at=ctx.now + timedelta(seconds=settings.reset_token_seconds),
        )
    )
    return token


def _claim(ctx: Ctx, token: str, purpose: str) -> User:
    """Spend ``token`` (of ``purpose``) and return its active user; 400 naming ``token``."""
    refused = invalid("token", "is not valid: unknown, expired or already used")
    reset = ctx.db.scalars(
        select(PasswordReset).where(
            PasswordReset.token_hash == hash_token(token), PasswordReset.purpose == purpose
        )
    ).first()
    if reset is None or reset.used_at is not None or reset.expires_at <= ctx.now:
        raise refused
    user = ctx.db.get(User, reset.user_id)
    if user is None or not user.is_active:
        raise refused
    # The conditional UPDATE is the claim: two requests with one token cannot both win.
    claimed = ctx.db.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=ctx.now),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise refused
    return user


def _reset_mail(settings: Settings, user: User, token: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "annota password reset"
    message["From"] = settings.smtp_from
    message["To"] = user.email
    minutes = settings.reset_token_seconds // 60
    message.set_content(
        f"Someone asked to reset the annota password of {user.username}.\n\n"
        f"Reset token: {token}\n\n"
        f"It works once, for {minutes} minutes: client.reset_password(token, new_password).\n"
        "If you did not ask for it, ignore this mail; your password stays as it is.\n"
    )
    return message


def recovery_request_password_reset(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Mail a reset token to each active account of this username or e-mail address."""
    settings = _configured(ctx)
    login = body["login"].strip()
    matching = ctx.db.scalars(
        select(User).where(
            User.is_active,
            User.email != "",
            or_(User.username == login, func.lower(User.email) == login.lower()),
        )
    ).all()
    for user in matching:
        token = _issue(ctx, settings, user, PASSWORD)
        # Sent after the commit (the token must exist) and not awaited (see annota_server.mail).
        ctx.after_commit(partial(mail.send_later, settings, _reset_mail(settings, user, token)))
    ctx.db.flush()
    return ctx.json({"detail": ACCEPTED}, status=202)


def recovery_reset_password(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Set a new password with a reset token; every session and access token of the user ends."""
    _configured(ctx)
    user = _claim(ctx, body["token"], PASSWORD)
    user.password_hash = hash_password(body["new_password"])
    sessions, tokens = accounts.revoke_credentials(ctx.db, user, tokens=True)
    # The user's other outstanding password tokens are spent too: one reset per mail round.
    ctx.db.execute(
        update(PasswordReset)
        .where(
            PasswordReset.user_id == user.id,
            PasswordReset.purpose == PASSWORD,
            PasswordReset.used_at.is_(None),
        )
        .values(used_at=ctx.now),
        execution_options={"synchronize_session": False},
    )
    ctx.db.flush()
    return ctx.json({"revoked_sessions": sessions, "revoked_tokens": tokens})


def _two_factor_mail(settings: Settings, user: User, token: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "annota two-factor reset"
    message["From"] = settings.smtp_from
    message["To"] = user.email
    minutes = settings.reset_token_seconds // 60
    message.set_content(
        f"Someone with the password of {user.username} asked to turn its two-factor "
        "authentication off (a lost authenticator).\n\n"
        f"Reset token: {token}\n\n"
        f"It works once, for {minutes} minutes: client.reset_two_factor(token).\n"
        "If you did not ask for it, change your password: someone knows it.\n"
    )
    return message


def recovery_request_two_factor_reset(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Mail a two-factor reset token when the password is right and two-factor is on."""
    settings = _configured(ctx)
    login, password = body["login"].strip(), body["password"]
    matching = ctx.db.scalars(
        select(User).where(
            User.is_active,
            User.email != "",
            or_(User.username == login, func.lower(User.email) == login.lower()),
        )
    ).all()
    if not matching:
        burn_password_check(password)  # as slow as a real check: the answer tells nothing
    for user in matching:
        if verify_password(password, user.password_hash) and user.two_factor_enabled:
            token = _issue(ctx, settings, user, TWO_FACTOR)
            ctx.after_commit(
                partial(mail.send_later, settings, _two_factor_mail(settings, user, token))
            )
    ctx.db.flush()
    return ctx.json({"detail": ACCEPTED}, status=202)


def recovery_reset_two_factor(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Turn two-factor off with a reset token; every session of the user ends."""
    _configured(ctx)
    user = _claim(ctx, body["token"], TWO_FACTOR)
    accounts.reset_two_factor(ctx.db, user)
    ctx.db.flush()
    return ctx.json({"enabled": False})
