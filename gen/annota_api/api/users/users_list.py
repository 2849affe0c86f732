from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.paginated_user_list import PaginatedUserList
from ...models.user_sort import UserSort
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
        "username",
        "email",
        "name",
        "is_active",
        "username_like",
        "email_like",
        "last_seen_after",
        "last_seen_before",
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
        "username": str,
        "email": str,
        "name": str,
        "is_active": bool,
        "username_like": str,
        "username__like": str,
        "email_like": str,
        "email__like": str,
        "last_seen_after": datetime.datetime,
        "last_seen_before": datetime.datetime,
        "sort": UserSort
        | Literal["id", "-id", "username", "-username", "date_joined", "-date_joined"],
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
    username: str | Unset = UNSET,
    email: str | Unset = UNSET,
    name: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    username_like: str | Unset = UNSET,
    email_like: str | Unset = UNSET,
    last_seen_after: datetime.datetime | Unset = UNSET,
    last_seen_before: datetime.datetime | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
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

    params["username"] = username

    params["email"] = email

    params["name"] = name

    params["is_active"] = is_active

    params["username__like"] = username_like

    params["email__like"] = email_like

    json_last_seen_after: str | Unset = UNSET
    if not isinstance(last_seen_after, Unset):
        json_last_seen_after = last_seen_after.isoformat()

    params["last_seen_after"] = json_last_seen_after

    json_last_seen_before: str | Unset = UNSET
    if not isinstance(last_seen_before, Unset):
        json_last_seen_before = last_seen_before.isoformat()

    params["last_seen_before"] = json_last_seen_before

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = str(sort)

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/users",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedUserList:
    if response.status_code == 200:
        response_200 = PaginatedUserList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    username: str | Unset = UNSET,
    email: str | Unset = UNSET,
    name: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    username_like: str | Unset = UNSET,
    email_like: str | Unset = UNSET,
    last_seen_after: datetime.datetime | Unset = UNSET,
    last_seen_before: datetime.datetime | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedUserList]:
    """List users

    Users, filtered and sorted.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        username (str | Unset):
        email (str | Unset):
        name (str | Unset):
        is_active (bool | Unset):
        username_like (str | Unset):
        email_like (str | Unset):
        last_seen_after (datetime.datetime | Unset):
        last_seen_before (datetime.datetime | Unset):
        sort (UserSort | Unset): A sort order for users.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedUserList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            username=username,
            email=email,
            name=name,
            is_active=is_active,
            username_like=username_like,
            email_like=email_like,
            last_seen_after=last_seen_after,
            last_seen_before=last_seen_before,
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
    username: str | Unset = UNSET,
    email: str | Unset = UNSET,
    name: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    username_like: str | Unset = UNSET,
    email_like: str | Unset = UNSET,
    last_seen_after: datetime.datetime | Unset = UNSET,
    last_seen_before: datetime.datetime | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedUserList:
    """List users

    Users, filtered and sorted.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        username (str | Unset):
        email (str | Unset):
        name (str | Unset):
        is_active (bool | Unset):
        username_like (str | Unset):
        email_like (str | Unset):
        last_seen_after (datetime.datetime | Unset):
        last_seen_before (datetime.datetime | Unset):
        sort (UserSort | Unset): A sort order for users.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedUserList: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            username=username,
            email=email,
            name=name,
            is_active=is_active,
            username_like=username_like,
            email_like=email_like,
            last_seen_after=last_seen_after,
            last_seen_before=last_seen_before,
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
    username: str | Unset = UNSET,
    email: str | Unset = UNSET,
    name: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    username_like: str | Unset = UNSET,
    email_like: str | Unset = UNSET,
    last_seen_after: datetime.datetime | Unset = UNSET,
    last_seen_before: datetime.datetime | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedUserList]:
    """List users

    Users, filtered and sorted.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        username (str | Unset):
        email (str | Unset):
        name (str | Unset):
        is_active (bool | Unset):
        username_like (str | Unset):
        email_like (str | Unset):
        last_seen_after (datetime.datetime | Unset):
        last_seen_before (datetime.datetime | Unset):
        sort (UserSort | Unset): A sort order for users.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedUserList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            username=username,
            email=email,
            name=name,
            is_active=is_active,
            username_like=username_like,
            email_like=email_like,
            last_seen_after=last_seen_after,
            last_seen_before=last_seen_before,
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
    username: str | Unset = UNSET,
    email: str | Unset = UNSET,
    name: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    username_like: str | Unset = UNSET,
    email_like: str | Unset = UNSET,
    last_seen_after: datetime.datetime | Unset = UNSET,
    last_seen_before: datetime.datetime | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedUserList:
    """List users

    Users, filtered and sorted.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        username (str | Unset):
        email (str | Unset):
        name (str | Unset):
        is_active (bool | Unset):
        username_like (str | Unset):
        email_like (str | Unset):
        last_seen_after (datetime.datetime | Unset):
        last_seen_before (datetime.datetime | Unset):
        sort (UserSort | Unset): A sort order for users.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedUserList: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            username=username,
            email=email,
            name=name,
            is_active=is_active,
            username_like=username_like,
            email_like=email_like,
            last_seen_after=last_seen_after,
            last_seen_before=last_seen_before,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
