from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.model import Model
from ...models.model_create_request import ModelCreateRequest, ModelCreateRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    *,
    body: ModelCreateRequest | ModelCreateRequestDict,
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
        "url": "/api/models",
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, ModelCreateRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Model:
    if response.status_code == 201:
        response_201 = Model.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    body: ModelCreateRequest | ModelCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Model]:
    """Register a model

    Register a model in the `X-Workspace` workspace (or the caller's personal one). Its
    name is unique in the workspace (409 otherwise). Viewers cannot register models.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ModelCreateRequest): A model to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Model]: status code, headers, raw body and the parsed value.
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
    body: ModelCreateRequest | ModelCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Model:
    """Register a model

    Register a model in the `X-Workspace` workspace (or the caller's personal one). Its
    name is unique in the workspace (409 otherwise). Viewers cannot register models.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ModelCreateRequest): A model to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Model: the parsed response.
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
    body: ModelCreateRequest | ModelCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Model]:
    """Register a model

    Register a model in the `X-Workspace` workspace (or the caller's personal one). Its
    name is unique in the workspace (409 otherwise). Viewers cannot register models.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ModelCreateRequest): A model to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Model]: status code, headers, raw body and the parsed value.
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
    body: ModelCreateRequest | ModelCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Model:
    """Register a model

    Register a model in the `X-Workspace` workspace (or the caller's personal one). Its
    name is unique in the workspace (409 otherwise). Viewers cannot register models.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ModelCreateRequest): A model to register.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Model: the parsed response.
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
