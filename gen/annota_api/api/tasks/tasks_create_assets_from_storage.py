from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.assets_from_storage_request import (
    AssetsFromStorageRequest,
    AssetsFromStorageRequestDict,
)
from ...models.assets_from_storage_result import AssetsFromStorageResult
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: AssetsFromStorageRequest | AssetsFromStorageRequestDict,
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
        "url": "/api/tasks/{id}/assets_from_storage".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, AssetsFromStorageRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> AssetsFromStorageResult:
    if response.status_code == 201:
        response_201 = AssetsFromStorageResult.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: AssetsFromStorageRequest | AssetsFromStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[AssetsFromStorageResult]:
    """Fill a task from a bucket

    List the objects under `prefix` (below the storage's own prefix) of a bucket storage
    of the task's workspace and make each image an asset of the task that references the
    object: its name, size and ETag, and its upright width and height read from the
    image's header with ranged reads. No bytes are copied; content, thumbnails, exports
    and versions read the object from the bucket. An object changed in the bucket since
    then answers 409 naming it, a deleted one 410. Objects that are not images (by name
    or header), or whose names cannot be asset names, are skipped and listed in
    `skipped`; at most 100,000 objects per request. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetsFromStorageRequest): Which objects of a bucket storage become assets.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[AssetsFromStorageResult]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
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
    id: int,
    *,
    client: Client,
    body: AssetsFromStorageRequest | AssetsFromStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> AssetsFromStorageResult:
    """Fill a task from a bucket

    List the objects under `prefix` (below the storage's own prefix) of a bucket storage
    of the task's workspace and make each image an asset of the task that references the
    object: its name, size and ETag, and its upright width and height read from the
    image's header with ranged reads. No bytes are copied; content, thumbnails, exports
    and versions read the object from the bucket. An object changed in the bucket since
    then answers 409 naming it, a deleted one 410. Objects that are not images (by name
    or header), or whose names cannot be asset names, are skipped and listed in
    `skipped`; at most 100,000 objects per request. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetsFromStorageRequest): Which objects of a bucket storage become assets.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        AssetsFromStorageResult: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    body: AssetsFromStorageRequest | AssetsFromStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[AssetsFromStorageResult]:
    """Fill a task from a bucket

    List the objects under `prefix` (below the storage's own prefix) of a bucket storage
    of the task's workspace and make each image an asset of the task that references the
    object: its name, size and ETag, and its upright width and height read from the
    image's header with ranged reads. No bytes are copied; content, thumbnails, exports
    and versions read the object from the bucket. An object changed in the bucket since
    then answers 409 naming it, a deleted one 410. Objects that are not images (by name
    or header), or whose names cannot be asset names, are skipped and listed in
    `skipped`; at most 100,000 objects per request. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetsFromStorageRequest): Which objects of a bucket storage become assets.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[AssetsFromStorageResult]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
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
    id: int,
    *,
    client: AsyncClient,
    body: AssetsFromStorageRequest | AssetsFromStorageRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> AssetsFromStorageResult:
    """Fill a task from a bucket

    List the objects under `prefix` (below the storage's own prefix) of a bucket storage
    of the task's workspace and make each image an asset of the task that references the
    object: its name, size and ETag, and its upright width and height read from the
    image's header with ranged reads. No bytes are copied; content, thumbnails, exports
    and versions read the object from the bucket. An object changed in the bucket since
    then answers 409 naming it, a deleted one 410. Objects that are not images (by name
    or header), or whose names cannot be asset names, are skipped and listed in
    `skipped`; at most 100,000 objects per request. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetsFromStorageRequest): Which objects of a bucket storage become assets.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        AssetsFromStorageResult: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
