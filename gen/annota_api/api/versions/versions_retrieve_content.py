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
    sha256: str,
    *,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    if not isinstance(range_, Unset):
        headers["Range"] = range_

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/versions/{id}/content/{sha256}".format(
            id=quote(str(id), safe=""),
            sha256=quote(str(sha256), safe=""),
        ),
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> File:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    sha256: str,
    *,
    client: Client,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[File]:
    """Download an image of a dataset version

    The content of one of the version's assets, by its SHA-256, streamed with
    `Content-Length` and `ETag`; a single `Range` answers 206.

    Args:
        id (int):
        sha256 (str):
        x_workspace (str | Unset):
        range_ (str | Unset):
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
            sha256,
            x_workspace=x_workspace,
            range_=range_,
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
    sha256: str,
    *,
    client: Client,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> File:
    """Download an image of a dataset version

    The content of one of the version's assets, by its SHA-256, streamed with
    `Content-Length` and `ETag`; a single `Range` answers 206.

    Args:
        id (int):
        sha256 (str):
        x_workspace (str | Unset):
        range_ (str | Unset):
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
            sha256,
            client=client,
            x_workspace=x_workspace,
            range_=range_,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


def stream(
    id: int,
    sha256: str,
    *,
    client: Client,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Download an image of a dataset version

    The content of one of the version's assets, by its SHA-256, streamed with
    `Content-Length` and `ETag`; a single `Range` answers 206.

    The body is not read: iterate `iter_content()` (the connection goes back to the pool at the
    end) or use the response as a context manager, which releases it.

    Args:
        id (int):
        sha256 (str):
        x_workspace (str | Unset):
        range_ (str | Unset):
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
            sha256,
            x_workspace=x_workspace,
            range_=range_,
        ),
        timeout=timeout,
        extra_headers=extra_headers,
        stream=True,
    )


async def asyncio_detailed(
    id: int,
    sha256: str,
    *,
    client: AsyncClient,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[File]:
    """Download an image of a dataset version

    The content of one of the version's assets, by its SHA-256, streamed with
    `Content-Length` and `ETag`; a single `Range` answers 206.

    Args:
        id (int):
        sha256 (str):
        x_workspace (str | Unset):
        range_ (str | Unset):
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
            sha256,
            x_workspace=x_workspace,
            range_=range_,
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
    sha256: str,
    *,
    client: AsyncClient,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> File:
    """Download an image of a dataset version

    The content of one of the version's assets, by its SHA-256, streamed with
    `Content-Length` and `ETag`; a single `Range` answers 206.

    Args:
        id (int):
        sha256 (str):
        x_workspace (str | Unset):
        range_ (str | Unset):
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
            sha256,
            client=client,
            x_workspace=x_workspace,
            range_=range_,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def stream_async(
    id: int,
    sha256: str,
    *,
    client: AsyncClient,
    x_workspace: str | Unset = UNSET,
    range_: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> AsyncHttpResponse:
    """Download an image of a dataset version

    The content of one of the version's assets, by its SHA-256, streamed with
    `Content-Length` and `ETag`; a single `Range` answers 206.

    The body is not read: iterate `iter_content()` (the connection goes back to the pool at the
    end) or use the response as a context manager, which releases it.

    Args:
        id (int):
        sha256 (str):
        x_workspace (str | Unset):
        range_ (str | Unset):
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
            sha256,
            x_workspace=x_workspace,
            range_=range_,
        ),
        timeout=timeout,
        extra_headers=extra_headers,
        stream=True,
    )
