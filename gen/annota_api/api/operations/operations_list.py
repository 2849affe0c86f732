from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.operation_kind import OperationKind
from ...models.operation_sort import OperationSort
from ...models.operation_status import OperationStatus
from ...models.paginated_operation_list import PaginatedOperationList
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
        "project",
        "kind",
        "status",
        "sort",
        "x_workspace",
    }
)
LIST_KEYWORDS: frozenset[str] = frozenset(
    {
        "status",
    }
)

# The keyword arguments a caller filters this list with, for type-checked `**filters` (the
# SDK's `list()`): the parameters but paging, also under their API names where those differ
# (`type` for `type_`), and the per-call options.
Filters = TypedDict(
    "Filters",
    {
        "project": int,
        "kind": OperationKind | Literal["export", "import", "version", "evaluation"],
        "status": list[
            OperationStatus | Literal["queued", "running", "finished", "failed", "cancelled"]
        ]
        | OperationStatus
        | Literal["queued", "running", "finished", "failed", "cancelled"],
        "sort": OperationSort | Literal["id", "-id", "created_at", "-created_at"],
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
    project: int | Unset = UNSET,
    kind: OperationKind | Unset = UNSET,
    status: list[OperationStatus] | Unset = UNSET,
    sort: OperationSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["cursor"] = cursor

    params["project"] = project

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = str(kind)

    params["kind"] = json_kind

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = str(status_item_data)

            json_status.append(status_item)

    params["status"] = json_status

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = str(sort)

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/operations",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedOperationList:
    if response.status_code == 200:
        response_200 = PaginatedOperationList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    project: int | Unset = UNSET,
    kind: OperationKind | Unset = UNSET,
    status: list[OperationStatus] | Unset = UNSET,
    sort: OperationSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedOperationList]:
    """List operations

    Operations on projects the caller may see, newest first unless sorted otherwise.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        project (int | Unset):
        kind (OperationKind | Unset): What a long-running operation does: a dataset `export` or
            `import`, freezing a dataset `version`, or an `evaluation` of a model version.
        status (list[OperationStatus] | Unset):
        sort (OperationSort | Unset): A sort order for operations.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedOperationList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            project=project,
            kind=kind,
            status=status,
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
    project: int | Unset = UNSET,
    kind: OperationKind | Unset = UNSET,
    status: list[OperationStatus] | Unset = UNSET,
    sort: OperationSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedOperationList:
    """List operations

    Operations on projects the caller may see, newest first unless sorted otherwise.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        project (int | Unset):
        kind (OperationKind | Unset): What a long-running operation does: a dataset `export` or
            `import`, freezing a dataset `version`, or an `evaluation` of a model version.
        status (list[OperationStatus] | Unset):
        sort (OperationSort | Unset): A sort order for operations.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedOperationList: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            project=project,
            kind=kind,
            status=status,
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
    project: int | Unset = UNSET,
    kind: OperationKind | Unset = UNSET,
    status: list[OperationStatus] | Unset = UNSET,
    sort: OperationSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedOperationList]:
    """List operations

    Operations on projects the caller may see, newest first unless sorted otherwise.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        project (int | Unset):
        kind (OperationKind | Unset): What a long-running operation does: a dataset `export` or
            `import`, freezing a dataset `version`, or an `evaluation` of a model version.
        status (list[OperationStatus] | Unset):
        sort (OperationSort | Unset): A sort order for operations.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedOperationList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            project=project,
            kind=kind,
            status=status,
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
    project: int | Unset = UNSET,
    kind: OperationKind | Unset = UNSET,
    status: list[OperationStatus] | Unset = UNSET,
    sort: OperationSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedOperationList:
    """List operations

    Operations on projects the caller may see, newest first unless sorted otherwise.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        project (int | Unset):
        kind (OperationKind | Unset): What a long-running operation does: a dataset `export` or
            `import`, freezing a dataset `version`, or an `evaluation` of a model version.
        status (list[OperationStatus] | Unset):
        sort (OperationSort | Unset): A sort order for operations.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedOperationList: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            project=project,
            kind=kind,
            status=status,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
