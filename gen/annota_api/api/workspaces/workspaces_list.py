from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.paginated_workspace_list import PaginatedWorkspaceList
from ...models.workspace_sort import WorkspaceSort
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
        "slug",
        "is_personal",
        "owner",
        "name",
        "member",
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
        "slug": str,
        "is_personal": bool,
        "owner": str,
        "name": str,
        "member": bool,
        "sort": WorkspaceSort
        | Literal[
            "id",
            "-id",
            "slug",
            "-slug",
            "name",
            "-name",
            "created_at",
            "-created_at",
            "updated_at",
            "-updated_at",
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
    slug: str | Unset = UNSET,
    is_personal: bool | Unset = UNSET,
    owner: str | Unset = UNSET,
    name: str | Unset = UNSET,
    member: bool | Unset = UNSET,
    sort: WorkspaceSort | Unset = UNSET,
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

    params["slug"] = slug

    params["is_personal"] = is_personal

    params["owner"] = owner

    params["name"] = name

    params["member"] = member

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = str(sort)

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/workspaces",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedWorkspaceList:
    if response.status_code == 200:
        response_200 = PaginatedWorkspaceList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    is_personal: bool | Unset = UNSET,
    owner: str | Unset = UNSET,
    name: str | Unset = UNSET,
    member: bool | Unset = UNSET,
    sort: WorkspaceSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedWorkspaceList]:
    """List workspaces

    The workspaces the caller belongs to (site administrators see all).

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        slug (str | Unset):
        is_personal (bool | Unset):
        owner (str | Unset):
        name (str | Unset):
        member (bool | Unset):
        sort (WorkspaceSort | Unset): A sort order for workspaces. `updated_at` is the last
            activity: an edit of the
            workspace, or a write to anything in it (to the minute).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedWorkspaceList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            slug=slug,
            is_personal=is_personal,
            owner=owner,
            name=name,
            member=member,
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
    slug: str | Unset = UNSET,
    is_personal: bool | Unset = UNSET,
    owner: str | Unset = UNSET,
    name: str | Unset = UNSET,
    member: bool | Unset = UNSET,
    sort: WorkspaceSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedWorkspaceList:
    """List workspaces

    The workspaces the caller belongs to (site administrators see all).

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        slug (str | Unset):
        is_personal (bool | Unset):
        owner (str | Unset):
        name (str | Unset):
        member (bool | Unset):
        sort (WorkspaceSort | Unset): A sort order for workspaces. `updated_at` is the last
            activity: an edit of the
            workspace, or a write to anything in it (to the minute).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedWorkspaceList: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            slug=slug,
            is_personal=is_personal,
            owner=owner,
            name=name,
            member=member,
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
    slug: str | Unset = UNSET,
    is_personal: bool | Unset = UNSET,
    owner: str | Unset = UNSET,
    name: str | Unset = UNSET,
    member: bool | Unset = UNSET,
    sort: WorkspaceSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedWorkspaceList]:
    """List workspaces

    The workspaces the caller belongs to (site administrators see all).

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        slug (str | Unset):
        is_personal (bool | Unset):
        owner (str | Unset):
        name (str | Unset):
        member (bool | Unset):
        sort (WorkspaceSort | Unset): A sort order for workspaces. `updated_at` is the last
            activity: an edit of the
            workspace, or a write to anything in it (to the minute).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedWorkspaceList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            slug=slug,
            is_personal=is_personal,
            owner=owner,
            name=name,
            member=member,
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
    slug: str | Unset = UNSET,
    is_personal: bool | Unset = UNSET,
    owner: str | Unset = UNSET,
    name: str | Unset = UNSET,
    member: bool | Unset = UNSET,
    sort: WorkspaceSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedWorkspaceList:
    """List workspaces

    The workspaces the caller belongs to (site administrators see all).

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        slug (str | Unset):
        is_personal (bool | Unset):
        owner (str | Unset):
        name (str | Unset):
        member (bool | Unset):
        sort (WorkspaceSort | Unset): A sort order for workspaces. `updated_at` is the last
            activity: an edit of the
            workspace, or a write to anything in it (to the minute).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedWorkspaceList: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            slug=slug,
            is_personal=is_personal,
            owner=owner,
            name=name,
            member=member,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
