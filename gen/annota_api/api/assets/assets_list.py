from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.asset_sort import AssetSort
from ...models.paginated_asset_list import PaginatedAssetList
from ...types import UNSET, Response, Unset

__all__ = [
    "KEYWORDS",
    "LIST_KEYWORDS",
    "Filters",
    "asyncio",
    "asyncio_detailed",
    "sync",
    "sync_detailed",
]

# A list operation: which keyword arguments are parameters (filters, paging, headers), and
# which of them take several values. The SDK checks a caller's filters against these.
KEYWORDS: frozenset[str] = frozenset(
    {
        "page",
        "page_size",
        "cursor",
        "search",
        "task",
        "job",
        "project",
        "name",
        "media_type",
        "sort",
        "x_workspace",
    }
)
LIST_KEYWORDS: frozenset[str] = frozenset()

# The keyword arguments a caller filters this list with, for type-checked `**filters` (the
# SDK's `list()`): the parameters but paging, also under their API names where those differ
# (`type` for `type_`), and the per-call options.
Filters = TypedDict(
    "Filters",
    {
        "search": str,
        "task": int,
        "job": int,
        "project": int,
        "name": str,
        "media_type": str,
        "sort": AssetSort
        | Literal[
            "id",
            "-id",
            "name",
            "-name",
            "position",
            "-position",
            "size",
            "-size",
            "created_at",
            "-created_at",
        ],
        "x_workspace": str,
        "timeout": "TimeoutArg | None",  # a string: the alias is not evaluated at import
        "extra_headers": Mapping[str, str] | None,
    },
    total=False,
)


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    task: int | Unset = UNSET,
    job: int | Unset = UNSET,
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    media_type: str | Unset = UNSET,
    sort: AssetSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["cursor"] = cursor

    params["search"] = search

    params["task"] = task

    params["job"] = job

    params["project"] = project

    params["name"] = name

    params["media_type"] = media_type

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = str(sort)

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/assets",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedAssetList:
    if response.status_code == 200:
        response_200 = PaginatedAssetList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    task: int | Unset = UNSET,
    job: int | Unset = UNSET,
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    media_type: str | Unset = UNSET,
    sort: AssetSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedAssetList]:
    """List assets

    Assets the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        task (int | Unset):
        job (int | Unset):
        project (int | Unset):
        name (str | Unset):
        media_type (str | Unset):
        sort (AssetSort | Unset): A sort order for assets.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedAssetList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            task=task,
            job=job,
            project=project,
            name=name,
            media_type=media_type,
            sort=sort,
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
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    task: int | Unset = UNSET,
    job: int | Unset = UNSET,
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    media_type: str | Unset = UNSET,
    sort: AssetSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedAssetList:
    """List assets

    Assets the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        task (int | Unset):
        job (int | Unset):
        project (int | Unset):
        name (str | Unset):
        media_type (str | Unset):
        sort (AssetSort | Unset): A sort order for assets.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedAssetList: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            task=task,
            job=job,
            project=project,
            name=name,
            media_type=media_type,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncClient,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    task: int | Unset = UNSET,
    job: int | Unset = UNSET,
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    media_type: str | Unset = UNSET,
    sort: AssetSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedAssetList]:
    """List assets

    Assets the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        task (int | Unset):
        job (int | Unset):
        project (int | Unset):
        name (str | Unset):
        media_type (str | Unset):
        sort (AssetSort | Unset): A sort order for assets.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedAssetList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            task=task,
            job=job,
            project=project,
            name=name,
            media_type=media_type,
            sort=sort,
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
    *,
    client: AsyncClient,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    task: int | Unset = UNSET,
    job: int | Unset = UNSET,
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    media_type: str | Unset = UNSET,
    sort: AssetSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedAssetList:
    """List assets

    Assets the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        task (int | Unset):
        job (int | Unset):
        project (int | Unset):
        name (str | Unset):
        media_type (str | Unset):
        sort (AssetSort | Unset): A sort order for assets.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedAssetList: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            task=task,
            job=job,
            project=project,
            name=name,
            media_type=media_type,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
