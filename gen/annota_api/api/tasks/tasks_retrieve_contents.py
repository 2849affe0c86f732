from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, AsyncHttpResponse, BaseClient, Client, HttpResponse, TimeoutArg
from ...types import UNSET, File, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed", "stream", "stream_async"]


def _get_kwargs(
    id: int,
    *,
    asset: list[int],
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    json_asset: list[int]
    json_asset = asset

    params["asset"] = json_asset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/tasks/{id}/contents".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> File:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    asset: list[int],
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[File]:
    """Download several assets' contents at once

    The files of up to 100 of the task's assets (`asset`, repeated, by id) in one
    uncompressed tar stream (POSIX ustar), in the order asked, each member named by its
    asset's id. One request for a batch of images instead of one per image: what
    auto-annotation fetches with. An id that is not an asset of this task answers 400
    naming `asset`; an asset whose content is missing from the storage answers 404.

    Args:
        id (int):
        asset (list[int]):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[File]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            asset=asset,
            x_workspace=x_workspace,
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
    asset: list[int],
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> File:
    """Download several assets' contents at once

    The files of up to 100 of the task's assets (`asset`, repeated, by id) in one
    uncompressed tar stream (POSIX ustar), in the order asked, each member named by its
    asset's id. One request for a batch of images instead of one per image: what
    auto-annotation fetches with. An id that is not an asset of this task answers 400
    naming `asset`; an asset whose content is missing from the storage answers 404.

    Args:
        id (int):
        asset (list[int]):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        File: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            asset=asset,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


def stream(
    id: int,
    *,
    client: Client,
    asset: list[int],
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Download several assets' contents at once

    The files of up to 100 of the task's assets (`asset`, repeated, by id) in one
    uncompressed tar stream (POSIX ustar), in the order asked, each member named by its
    asset's id. One request for a batch of images instead of one per image: what
    auto-annotation fetches with. An id that is not an asset of this task answers 400
    naming `asset`; an asset whose content is missing from the storage answers 404.

    The body is not read: iterate `iter_content()` (the connection goes back to the pool at the
    end) or use the response as a context manager, which releases it.

    Args:
        id (int):
        asset (list[int]):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        HttpResponse: the response with its body still unread.
    """
    return client.request(
        **_get_kwargs(
            id,
            asset=asset,
            x_workspace=x_workspace,
        ),
        timeout=timeout,
        extra_headers=extra_headers,
        stream=True,
    )


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    asset: list[int],
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[File]:
    """Download several assets' contents at once

    The files of up to 100 of the task's assets (`asset`, repeated, by id) in one
    uncompressed tar stream (POSIX ustar), in the order asked, each member named by its
    asset's id. One request for a batch of images instead of one per image: what
    auto-annotation fetches with. An id that is not an asset of this task answers 400
    naming `asset`; an asset whose content is missing from the storage answers 404.

    Args:
        id (int):
        asset (list[int]):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[File]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            asset=asset,
            x_workspace=x_workspace,
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
    asset: list[int],
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> File:
    """Download several assets' contents at once

    The files of up to 100 of the task's assets (`asset`, repeated, by id) in one
    uncompressed tar stream (POSIX ustar), in the order asked, each member named by its
    asset's id. One request for a batch of images instead of one per image: what
    auto-annotation fetches with. An id that is not an asset of this task answers 400
    naming `asset`; an asset whose content is missing from the storage answers 404.

    Args:
        id (int):
        asset (list[int]):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        File: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            asset=asset,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def stream_async(
    id: int,
    *,
    client: AsyncClient,
    asset: list[int],
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> AsyncHttpResponse:
    """Download several assets' contents at once

    The files of up to 100 of the task's assets (`asset`, repeated, by id) in one
    uncompressed tar stream (POSIX ustar), in the order asked, each member named by its
    asset's id. One request for a batch of images instead of one per image: what
    auto-annotation fetches with. An id that is not an asset of this task answers 400
    naming `asset`; an asset whose content is missing from the storage answers 404.

    The body is not read: iterate `iter_content()` (the connection goes back to the pool at the
    end) or use the response as a context manager, which releases it.

    Args:
        id (int):
        asset (list[int]):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        AsyncHttpResponse: the response with its body still unread.
    """
    return await client.request(
        **_get_kwargs(
            id,
            asset=asset,
            x_workspace=x_workspace,
        ),
        timeout=timeout,
        extra_headers=extra_headers,
        stream=True,
    )
