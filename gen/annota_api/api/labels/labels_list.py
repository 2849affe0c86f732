from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.label_kind import LabelKind
from ...models.label_sort import LabelSort
from ...models.paginated_label_list import PaginatedLabelList
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
        "project",
        "name",
        "kind",
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
        "project": int,
        "name": str,
        "kind": LabelKind | Literal["any", "tag", "bbox", "polygon", "polyline", "points", "mask"],
        "sort": LabelSort | Literal["id", "-id", "name", "-name"],
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
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    kind: LabelKind | Unset = UNSET,
    sort: LabelSort | Unset = UNSET,
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

    params["project"] = project

    params["name"] = name

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = str(kind)

    params["kind"] = json_kind

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = str(sort)

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/labels",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedLabelList:
    if response.status_code == 200:
        response_200 = PaginatedLabelList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    search: str | Unset = UNSET,
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    kind: LabelKind | Unset = UNSET,
    sort: LabelSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedLabelList]:
    """List labels

    Labels of the projects the caller may see.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        project (int | Unset):
        name (str | Unset):
        kind (LabelKind | Unset): Which shapes may carry the label; `any` allows all.
        sort (LabelSort | Unset): A sort order for labels.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedLabelList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            project=project,
            name=name,
            kind=kind,
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
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    kind: LabelKind | Unset = UNSET,
    sort: LabelSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedLabelList:
    """List labels

    Labels of the projects the caller may see.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        project (int | Unset):
        name (str | Unset):
        kind (LabelKind | Unset): Which shapes may carry the label; `any` allows all.
        sort (LabelSort | Unset): A sort order for labels.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedLabelList: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            project=project,
            name=name,
            kind=kind,
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
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    kind: LabelKind | Unset = UNSET,
    sort: LabelSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedLabelList]:
    """List labels

    Labels of the projects the caller may see.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        project (int | Unset):
        name (str | Unset):
        kind (LabelKind | Unset): Which shapes may carry the label; `any` allows all.
        sort (LabelSort | Unset): A sort order for labels.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedLabelList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            project=project,
            name=name,
            kind=kind,
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
    project: int | Unset = UNSET,
    name: str | Unset = UNSET,
    kind: LabelKind | Unset = UNSET,
    sort: LabelSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedLabelList:
    """List labels

    Labels of the projects the caller may see.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        search (str | Unset):
        project (int | Unset):
        name (str | Unset):
        kind (LabelKind | Unset): Which shapes may carry the label; `any` allows all.
        sort (LabelSort | Unset): A sort order for labels.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedLabelList: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            search=search,
            project=project,
            name=name,
            kind=kind,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
