from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.event_page import EventPage
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
    wait: int | Unset = 0,
    project: int | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params["wait"] = wait

    params["project"] = project

    json_kind: list[str] | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind

    params["kind"] = json_kind

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/events",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> EventPage:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
    wait: int | Unset = 0,
    project: int | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[EventPage]:
    """Read the event feed

    The events of the workspaces the caller may see (of the `X-Workspace` workspace when
    given), oldest first, after the cursor `after` (the `next` of the previous answer;
    absent: the oldest event kept). Events are kept for the retention period
    (`ANNOTA_EVENT_RETENTION_SECONDS`, 7 days by default). With `wait`, an answer that
    would be empty waits up to that many seconds for an event (long polling; the server
    may cut the wait short, `ANNOTA_EVENT_MAX_WAIT_SECONDS`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 100.
        wait (int | Unset):  Default: 0.
        project (int | Unset):
        kind (list[str] | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[EventPage]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            after=after,
            limit=limit,
            wait=wait,
            project=project,
            kind=kind,
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
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
    wait: int | Unset = 0,
    project: int | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> EventPage:
    """Read the event feed

    The events of the workspaces the caller may see (of the `X-Workspace` workspace when
    given), oldest first, after the cursor `after` (the `next` of the previous answer;
    absent: the oldest event kept). Events are kept for the retention period
    (`ANNOTA_EVENT_RETENTION_SECONDS`, 7 days by default). With `wait`, an answer that
    would be empty waits up to that many seconds for an event (long polling; the server
    may cut the wait short, `ANNOTA_EVENT_MAX_WAIT_SECONDS`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 100.
        wait (int | Unset):  Default: 0.
        project (int | Unset):
        kind (list[str] | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        EventPage: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            after=after,
            limit=limit,
            wait=wait,
            project=project,
            kind=kind,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
    wait: int | Unset = 0,
    project: int | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[EventPage]:
    """Read the event feed

    The events of the workspaces the caller may see (of the `X-Workspace` workspace when
    given), oldest first, after the cursor `after` (the `next` of the previous answer;
    absent: the oldest event kept). Events are kept for the retention period
    (`ANNOTA_EVENT_RETENTION_SECONDS`, 7 days by default). With `wait`, an answer that
    would be empty waits up to that many seconds for an event (long polling; the server
    may cut the wait short, `ANNOTA_EVENT_MAX_WAIT_SECONDS`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 100.
        wait (int | Unset):  Default: 0.
        project (int | Unset):
        kind (list[str] | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[EventPage]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            after=after,
            limit=limit,
            wait=wait,
            project=project,
            kind=kind,
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
    after: str | Unset = UNSET,
    limit: int | Unset = 100,
    wait: int | Unset = 0,
    project: int | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> EventPage:
    """Read the event feed

    The events of the workspaces the caller may see (of the `X-Workspace` workspace when
    given), oldest first, after the cursor `after` (the `next` of the previous answer;
    absent: the oldest event kept). Events are kept for the retention period
    (`ANNOTA_EVENT_RETENTION_SECONDS`, 7 days by default). With `wait`, an answer that
    would be empty waits up to that many seconds for an event (long polling; the server
    may cut the wait short, `ANNOTA_EVENT_MAX_WAIT_SECONDS`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 100.
        wait (int | Unset):  Default: 0.
        project (int | Unset):
        kind (list[str] | Unset):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        EventPage: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            wait=wait,
            project=project,
            kind=kind,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
