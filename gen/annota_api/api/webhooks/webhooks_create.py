from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.webhook import Webhook
from ...models.webhook_request import WebhookRequest, WebhookRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    *,
    body: WebhookRequest | WebhookRequestDict,
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
        "url": "/api/webhooks",
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, WebhookRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Webhook:
    if response.status_code == 201:
        response_201 = Webhook.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    body: WebhookRequest | WebhookRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Webhook]:
    """Register a webhook

    Register a URL that the server's worker sends the chosen events to, from now on: the
    events of the `X-Workspace` workspace (or the caller's personal one), or of one
    `project` (then of its workspace). Owners and maintainers only. The URL must be
    http(s) and, unless the server allows it (`ANNOTA_WEBHOOK_ALLOW_PRIVATE`), resolve to
    public addresses only: loopback, private, link-local, multicast and unspecified
    addresses answer 400 naming `url`. The secret (given, or made by the server) signs
    every delivery; this answer is the only one that shows it.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (WebhookRequest): A webhook to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Webhook]: status code, headers, raw body and the parsed value.
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
    body: WebhookRequest | WebhookRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Webhook:
    """Register a webhook

    Register a URL that the server's worker sends the chosen events to, from now on: the
    events of the `X-Workspace` workspace (or the caller's personal one), or of one
    `project` (then of its workspace). Owners and maintainers only. The URL must be
    http(s) and, unless the server allows it (`ANNOTA_WEBHOOK_ALLOW_PRIVATE`), resolve to
    public addresses only: loopback, private, link-local, multicast and unspecified
    addresses answer 400 naming `url`. The secret (given, or made by the server) signs
    every delivery; this answer is the only one that shows it.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (WebhookRequest): A webhook to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Webhook: the parsed response.
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
    body: WebhookRequest | WebhookRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Webhook]:
    """Register a webhook

    Register a URL that the server's worker sends the chosen events to, from now on: the
    events of the `X-Workspace` workspace (or the caller's personal one), or of one
    `project` (then of its workspace). Owners and maintainers only. The URL must be
    http(s) and, unless the server allows it (`ANNOTA_WEBHOOK_ALLOW_PRIVATE`), resolve to
    public addresses only: loopback, private, link-local, multicast and unspecified
    addresses answer 400 naming `url`. The secret (given, or made by the server) signs
    every delivery; this answer is the only one that shows it.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (WebhookRequest): A webhook to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Webhook]: status code, headers, raw body and the parsed value.
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
    body: WebhookRequest | WebhookRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Webhook:
    """Register a webhook

    Register a URL that the server's worker sends the chosen events to, from now on: the
    events of the `X-Workspace` workspace (or the caller's personal one), or of one
    `project` (then of its workspace). Owners and maintainers only. The URL must be
    http(s) and, unless the server allows it (`ANNOTA_WEBHOOK_ALLOW_PRIVATE`), resolve to
    public addresses only: loopback, private, link-local, multicast and unspecified
    addresses answer 400 naming `url`. The secret (given, or made by the server) signs
    every delivery; this answer is the only one that shows it.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (WebhookRequest): A webhook to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Webhook: the parsed response.
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
