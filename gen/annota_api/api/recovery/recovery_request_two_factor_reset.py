from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.password_reset_accepted import PasswordResetAccepted
from ...models.two_factor_reset_request import TwoFactorResetRequest, TwoFactorResetRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    *,
    body: TwoFactorResetRequest | TwoFactorResetRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/api/auth/2fa-reset",
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, TwoFactorResetRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PasswordResetAccepted:
    if response.status_code == 202:
        response_202 = PasswordResetAccepted.from_dict(response.json())

        return response_202

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    body: TwoFactorResetRequest | TwoFactorResetRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PasswordResetAccepted]:
    """Ask for a two-factor reset (lost authenticator)

    With the account's username (or e-mail address) and password, mail a single-use reset
    token that turns two-factor authentication off, to the account's e-mail address. The
    answer is the same whether or not the account exists, the password is right or
    two-factor is on (only a right password of an account with two-factor on gets a
    mail). 409 when the server has no SMTP settings.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TwoFactorResetRequest): The account whose two-factor to reset, and its password.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PasswordResetAccepted]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
        ),
        timeout=timeout,
        extra_headers=extra_headers,
    )
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client, response),
    )


def sync(
    *,
    client: Client,
    body: TwoFactorResetRequest | TwoFactorResetRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PasswordResetAccepted:
    """Ask for a two-factor reset (lost authenticator)

    With the account's username (or e-mail address) and password, mail a single-use reset
    token that turns two-factor authentication off, to the account's e-mail address. The
    answer is the same whether or not the account exists, the password is right or
    two-factor is on (only a right password of an account with two-factor on gets a
    mail). 409 when the server has no SMTP settings.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TwoFactorResetRequest): The account whose two-factor to reset, and its password.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PasswordResetAccepted: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncClient,
    body: TwoFactorResetRequest | TwoFactorResetRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PasswordResetAccepted]:
    """Ask for a two-factor reset (lost authenticator)

    With the account's username (or e-mail address) and password, mail a single-use reset
    token that turns two-factor authentication off, to the account's e-mail address. The
    answer is the same whether or not the account exists, the password is right or
    two-factor is on (only a right password of an account with two-factor on gets a
    mail). 409 when the server has no SMTP settings.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TwoFactorResetRequest): The account whose two-factor to reset, and its password.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PasswordResetAccepted]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
        ),
        timeout=timeout,
        extra_headers=extra_headers,
    )
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client, response),
    )


async def asyncio(
    *,
    client: AsyncClient,
    body: TwoFactorResetRequest | TwoFactorResetRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PasswordResetAccepted:
    """Ask for a two-factor reset (lost authenticator)

    With the account's username (or e-mail address) and password, mail a single-use reset
    token that turns two-factor authentication off, to the account's e-mail address. The
    answer is the same whether or not the account exists, the password is right or
    two-factor is on (only a right password of an account with two-factor on gets a
    mail). 409 when the server has no SMTP settings.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (TwoFactorResetRequest): The account whose two-factor to reset, and its password.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PasswordResetAccepted: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
