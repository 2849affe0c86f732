from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.delivery_status import DeliveryStatus
from ...models.paginated_webhook_delivery_list import PaginatedWebhookDeliveryList
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
        "status",
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
        "status": DeliveryStatus | Literal["queued", "delivering", "succeeded", "failed"],
        "x_workspace": str,
        "timeout": "TimeoutArg | None",  # a string: the alias is not evaluated at import
        "extra_headers": Mapping[str, str] | None,
    },
    total=False,
)


def _get_kwargs(
    id: int,
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    status: DeliveryStatus | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["cursor"] = cursor

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = str(status)

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/webhooks/{id}/deliveries".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedWebhookDeliveryList:
    if response.status_code == 200:
        response_200 = PaginatedWebhookDeliveryList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    status: DeliveryStatus | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedWebhookDeliveryList]:
    """List a webhook's deliveries

    The deliveries of a webhook, newest first, each with every attempt (kept for the
    event retention period).

    Args:
        id (int):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        status (DeliveryStatus | Unset): `queued` (waiting for its turn or its next attempt),
            `delivering` (being sent),
            `succeeded` (answered 2xx), `failed` (given up after the retry window, or refused).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedWebhookDeliveryList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            page=page,
            page_size=page_size,
            cursor=cursor,
            status=status,
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
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    status: DeliveryStatus | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedWebhookDeliveryList:
    """List a webhook's deliveries

    The deliveries of a webhook, newest first, each with every attempt (kept for the
    event retention period).

    Args:
        id (int):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        status (DeliveryStatus | Unset): `queued` (waiting for its turn or its next attempt),
            `delivering` (being sent),
            `succeeded` (answered 2xx), `failed` (given up after the retry window, or refused).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedWebhookDeliveryList: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            status=status,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    status: DeliveryStatus | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedWebhookDeliveryList]:
    """List a webhook's deliveries

    The deliveries of a webhook, newest first, each with every attempt (kept for the
    event retention period).

    Args:
        id (int):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        status (DeliveryStatus | Unset): `queued` (waiting for its turn or its next attempt),
            `delivering` (being sent),
            `succeeded` (answered 2xx), `failed` (given up after the retry window, or refused).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedWebhookDeliveryList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            page=page,
            page_size=page_size,
            cursor=cursor,
            status=status,
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
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    status: DeliveryStatus | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedWebhookDeliveryList:
    """List a webhook's deliveries

    The deliveries of a webhook, newest first, each with every attempt (kept for the
    event retention period).

    Args:
        id (int):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        status (DeliveryStatus | Unset): `queued` (waiting for its turn or its next attempt),
            `delivering` (being sent),
            `succeeded` (answered 2xx), `failed` (given up after the retry window, or refused).
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedWebhookDeliveryList: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            status=status,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
