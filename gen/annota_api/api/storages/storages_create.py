from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.cloud_storage import CloudStorage
from ...models.cloud_storage_request import CloudStorageRequest, CloudStorageRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    *,
    body: CloudStorageRequest | CloudStorageRequestDict,
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
        "url": "/api/storages",
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, CloudStorageRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> CloudStorage:
    if response.status_code == 201:
        response_201 = CloudStorage.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    body: CloudStorageRequest | CloudStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[CloudStorage]:
    """Register a bucket

    Register an S3-compatible bucket and prefix, with credentials of its own, in the
    `X-Workspace` workspace (or the caller's personal one), so that tasks can be filled
    from it without copying the objects. The server checks the bucket with the
    credentials first: a bucket that does not exist answers 400 naming `bucket`, refused
    credentials 400 naming `access_key_id`, an endpoint that cannot be reached 400 naming
    `endpoint_url`. The credentials are stored encrypted and never sent back, logged or
    named in an error. Viewers cannot register.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (CloudStorageRequest): A bucket to register, with the credentials to read it.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[CloudStorage]: status code, headers, raw body and the parsed value.
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
    body: CloudStorageRequest | CloudStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> CloudStorage:
    """Register a bucket

    Register an S3-compatible bucket and prefix, with credentials of its own, in the
    `X-Workspace` workspace (or the caller's personal one), so that tasks can be filled
    from it without copying the objects. The server checks the bucket with the
    credentials first: a bucket that does not exist answers 400 naming `bucket`, refused
    credentials 400 naming `access_key_id`, an endpoint that cannot be reached 400 naming
    `endpoint_url`. The credentials are stored encrypted and never sent back, logged or
    named in an error. Viewers cannot register.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (CloudStorageRequest): A bucket to register, with the credentials to read it.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        CloudStorage: the parsed response.
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
    body: CloudStorageRequest | CloudStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[CloudStorage]:
    """Register a bucket

    Register an S3-compatible bucket and prefix, with credentials of its own, in the
    `X-Workspace` workspace (or the caller's personal one), so that tasks can be filled
    from it without copying the objects. The server checks the bucket with the
    credentials first: a bucket that does not exist answers 400 naming `bucket`, refused
    credentials 400 naming `access_key_id`, an endpoint that cannot be reached 400 naming
    `endpoint_url`. The credentials are stored encrypted and never sent back, logged or
    named in an error. Viewers cannot register.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (CloudStorageRequest): A bucket to register, with the credentials to read it.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[CloudStorage]: status code, headers, raw body and the parsed value.
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
    body: CloudStorageRequest | CloudStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> CloudStorage:
    """Register a bucket

    Register an S3-compatible bucket and prefix, with credentials of its own, in the
    `X-Workspace` workspace (or the caller's personal one), so that tasks can be filled
    from it without copying the objects. The server checks the bucket with the
    credentials first: a bucket that does not exist answers 400 naming `bucket`, refused
    credentials 400 naming `access_key_id`, an endpoint that cannot be reached 400 naming
    `endpoint_url`. The credentials are stored encrypted and never sent back, logged or
    named in an error. Viewers cannot register.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (CloudStorageRequest): A bucket to register, with the credentials to read it.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        CloudStorage: the parsed response.
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
