"""Operations of the ``tokens`` tag: the caller's personal access tokens."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server import serializers as ser
from annota_server.context import Ctx
from annota_server.db.models import AccessToken
from annota_server.handlers.common import get_or_404, parse_datetime
from annota_server.listing import Listing
from annota_server.problems import invalid, not_found
from annota_server.security import hash_token, new_access_token

TOKENS = Listing(
    model=AccessToken,
    serialize=lambda ctx, rows: [ser.access_token(row) for row in rows],
    sorts={"id": AccessToken.id},
    scope=lambda ctx: [AccessToken.user_id == ctx.user.id],
)


def _own(ctx: Ctx, token_id: int, *, lock: bool = False) -> AccessToken:
    token = get_or_404(ctx, AccessToken, token_id, "access token", lock=lock)
    if token.user_id != ctx.user.id:
        raise not_found("access token")
    return token


def tokens_list(ctx: Ctx, **query: Any) -> Response:
    """List the caller's tokens, without secrets."""
    return TOKENS.respond(ctx, query)


def tokens_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Create a token; its secret is in this answer only."""
    expires_at = parse_datetime(body.get("expires_at"), "expires_at")
    if expires_at is not None and expires_at <= ctx.now:
        raise invalid("expires_at", "must be in the future")
    secret, prefix = new_access_token()
    token = AccessToken(
        user_id=ctx.user.id,
        name=body["name"],
        prefix=prefix,
        token_hash=hash_token(secret),
        expires_at=expires_at,
        created_at=ctx.now,
    )
    ctx.db.add(token)
    ctx.db.flush()
    return ctx.one(ser.access_token(token, secret), token, status=201)


def tokens_retrieve(ctx: Ctx, id: int) -> Response:
    """One of the caller's tokens."""
    token = _own(ctx, id)
    return ctx.one(ser.access_token(token), token)


def tokens_destroy(ctx: Ctx, id: int) -> Response:
    """Revoke one of the caller's tokens."""
    token = _own(ctx, id, lock=True)
    ctx.check_if_match(token)
    ctx.db.delete(token)
    return ctx.no_content()
