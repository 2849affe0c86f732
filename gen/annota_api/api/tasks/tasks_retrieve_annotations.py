from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.annotations import Annotations
from ...models.shape_source import ShapeSource
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    source: list[ShapeSource] | Unset = UNSET,
    min_score: float | Unset = UNSET,
    assets_per_page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    json_source: list[str] | Unset = UNSET
    if not isinstance(source, Unset):
        json_source = []
        for source_item_data in source:
            source_item = str(source_item_data)

            json_source.append(source_item)

    params["source"] = json_source

    params["min_score"] = min_score

    params["assets_per_page"] = assets_per_page

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/tasks/{id}/annotations".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Annotations:
    if response.status_code == 200:
        response_200 = Annotations.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    source: list[ShapeSource] | Unset = UNSET,
    min_score: float | Unset = UNSET,
    assets_per_page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Annotations]:
    """Get a task's annotations

    Every shape on the task's assets, ordered by asset position, then id. With
    `assets_per_page`, only the shapes of that many assets (by position, from the
    `cursor` on) and the `next` page's link: a large task read page by page, each page
    costing the same.

    Args:
        id (int):
        source (list[ShapeSource] | Unset):
        min_score (float | Unset):
        assets_per_page (int | Unset):
        cursor (str | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Annotations]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            source=source,
            min_score=min_score,
            assets_per_page=assets_per_page,
            cursor=cursor,
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
    source: list[ShapeSource] | Unset = UNSET,
    min_score: float | Unset = UNSET,
    assets_per_page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Annotations:
    """Get a task's annotations

    Every shape on the task's assets, ordered by asset position, then id. With
    `assets_per_page`, only the shapes of that many assets (by position, from the
    `cursor` on) and the `next` page's link: a large task read page by page, each page
    costing the same.

    Args:
        id (int):
        source (list[ShapeSource] | Unset):
        min_score (float | Unset):
        assets_per_page (int | Unset):
        cursor (str | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Annotations: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            source=source,
            min_score=min_score,
            assets_per_page=assets_per_page,
            cursor=cursor,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    source: list[ShapeSource] | Unset = UNSET,
    min_score: float | Unset = UNSET,
    assets_per_page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Annotations]:
    """Get a task's annotations

    Every shape on the task's assets, ordered by asset position, then id. With
    `assets_per_page`, only the shapes of that many assets (by position, from the
    `cursor` on) and the `next` page's link: a large task read page by page, each page
    costing the same.

    Args:
        id (int):
        source (list[ShapeSource] | Unset):
        min_score (float | Unset):
        assets_per_page (int | Unset):
        cursor (str | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Annotations]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            source=source,
            min_score=min_score,
            assets_per_page=assets_per_page,
            cursor=cursor,
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
    source: list[ShapeSource] | Unset = UNSET,
    min_score: float | Unset = UNSET,
    assets_per_page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Annotations:
    """Get a task's annotations

    Every shape on the task's assets, ordered by asset position, then id. With
    `assets_per_page`, only the shapes of that many assets (by position, from the
    `cursor` on) and the `next` page's link: a large task read page by page, each page
    costing the same.

    Args:
        id (int):
        source (list[ShapeSource] | Unset):
        min_score (float | Unset):
        assets_per_page (int | Unset):
        cursor (str | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Annotations: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            source=source,
            min_score=min_score,
            assets_per_page=assets_per_page,
            cursor=cursor,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
