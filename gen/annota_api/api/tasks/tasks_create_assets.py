from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.asset_upload_request import AssetUploadRequest
from ...models.asset_upload_result import AssetUploadResult
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: AssetUploadRequest,
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
        "url": "/api/tasks/{id}/assets".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> AssetUploadResult:
    if response.status_code == 201:
        response_201 = AssetUploadResult.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: AssetUploadRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[AssetUploadResult]:
    """Upload assets into a task

    Upload one or more files (multipart, the `files` part repeated) into a task. Each file
    becomes an asset at the next position of the task; jobs are created or extended so that
    each covers `segment_size` consecutive assets. The files are streamed to storage; a
    request body over the server's upload limit answers 413, a media type the server does
    not accept answers 415, and either way nothing is stored. Viewers cannot upload.

    A file name must be a plain file name, which clients can save the asset under: 1 to 256
    characters, not dots only (`.`, `..`), no path separator (`/`, `\\`) and no control
    character; any other answers 400 naming the part (`files.0`) and stores nothing. (An
    import names assets after its archive's paths with separators and control characters
    replaced by `_`.)

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetUploadRequest): Files to upload into a task, as multipart parts named `files`.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[AssetUploadResult]: status code, headers, raw body and the parsed value.
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
    body: AssetUploadRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> AssetUploadResult:
    """Upload assets into a task

    Upload one or more files (multipart, the `files` part repeated) into a task. Each file
    becomes an asset at the next position of the task; jobs are created or extended so that
    each covers `segment_size` consecutive assets. The files are streamed to storage; a
    request body over the server's upload limit answers 413, a media type the server does
    not accept answers 415, and either way nothing is stored. Viewers cannot upload.

    A file name must be a plain file name, which clients can save the asset under: 1 to 256
    characters, not dots only (`.`, `..`), no path separator (`/`, `\\`) and no control
    character; any other answers 400 naming the part (`files.0`) and stores nothing. (An
    import names assets after its archive's paths with separators and control characters
    replaced by `_`.)

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetUploadRequest): Files to upload into a task, as multipart parts named `files`.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        AssetUploadResult: the parsed response.
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
    body: AssetUploadRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[AssetUploadResult]:
    """Upload assets into a task

    Upload one or more files (multipart, the `files` part repeated) into a task. Each file
    becomes an asset at the next position of the task; jobs are created or extended so that
    each covers `segment_size` consecutive assets. The files are streamed to storage; a
    request body over the server's upload limit answers 413, a media type the server does
    not accept answers 415, and either way nothing is stored. Viewers cannot upload.

    A file name must be a plain file name, which clients can save the asset under: 1 to 256
    characters, not dots only (`.`, `..`), no path separator (`/`, `\\`) and no control
    character; any other answers 400 naming the part (`files.0`) and stores nothing. (An
    import names assets after its archive's paths with separators and control characters
    replaced by `_`.)

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetUploadRequest): Files to upload into a task, as multipart parts named `files`.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[AssetUploadResult]: status code, headers, raw body and the parsed value.
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
    body: AssetUploadRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> AssetUploadResult:
    """Upload assets into a task

    Upload one or more files (multipart, the `files` part repeated) into a task. Each file
    becomes an asset at the next position of the task; jobs are created or extended so that
    each covers `segment_size` consecutive assets. The files are streamed to storage; a
    request body over the server's upload limit answers 413, a media type the server does
    not accept answers 415, and either way nothing is stored. Viewers cannot upload.

    A file name must be a plain file name, which clients can save the asset under: 1 to 256
    characters, not dots only (`.`, `..`), no path separator (`/`, `\\`) and no control
    character; any other answers 400 naming the part (`files.0`) and stores nothing. (An
    import names assets after its archive's paths with separators and control characters
    replaced by `_`.)

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (AssetUploadRequest): Files to upload into a task, as multipart parts named `files`.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        AssetUploadResult: the parsed response.
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
