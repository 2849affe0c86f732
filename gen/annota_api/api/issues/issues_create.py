from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.issue import Issue
from ...models.issue_create_request import IssueCreateRequest, IssueCreateRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: IssueCreateRequest | IssueCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/api/jobs/{id}/issues".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, IssueCreateRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Issue:
    if response.status_code == 201:
        response_201 = Issue.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: IssueCreateRequest | IssueCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Issue]:
    """Raise a review issue

    Pin an issue with a message to an asset of the job: to a `region` (a point or a box, in
    the asset's pixels) or to a `shape` on that asset, or both. Pinned to a shape without a
    region, the issue's region is the shape's bounding box (none for a tag), so the pin
    stays where it was when the shape is later deleted (`shape` then becomes null). Issues
    are raised by the job's reviewer and the workspace's maintainers and owners (403 for
    anyone else who may see the job); an asset outside the job, a shape on another asset,
    or a region outside the asset answer 400 naming the field.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (IssueCreateRequest): An issue to raise on an asset of the job; a `region`, a `shape`
            or both.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Issue]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
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
    body: IssueCreateRequest | IssueCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Issue:
    """Raise a review issue

    Pin an issue with a message to an asset of the job: to a `region` (a point or a box, in
    the asset's pixels) or to a `shape` on that asset, or both. Pinned to a shape without a
    region, the issue's region is the shape's bounding box (none for a tag), so the pin
    stays where it was when the shape is later deleted (`shape` then becomes null). Issues
    are raised by the job's reviewer and the workspace's maintainers and owners (403 for
    anyone else who may see the job); an asset outside the job, a shape on another asset,
    or a region outside the asset answer 400 naming the field.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (IssueCreateRequest): An issue to raise on an asset of the job; a `region`, a `shape`
            or both.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Issue: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    body: IssueCreateRequest | IssueCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Issue]:
    """Raise a review issue

    Pin an issue with a message to an asset of the job: to a `region` (a point or a box, in
    the asset's pixels) or to a `shape` on that asset, or both. Pinned to a shape without a
    region, the issue's region is the shape's bounding box (none for a tag), so the pin
    stays where it was when the shape is later deleted (`shape` then becomes null). Issues
    are raised by the job's reviewer and the workspace's maintainers and owners (403 for
    anyone else who may see the job); an asset outside the job, a shape on another asset,
    or a region outside the asset answer 400 naming the field.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (IssueCreateRequest): An issue to raise on an asset of the job; a `region`, a `shape`
            or both.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Issue]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
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
    body: IssueCreateRequest | IssueCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Issue:
    """Raise a review issue

    Pin an issue with a message to an asset of the job: to a `region` (a point or a box, in
    the asset's pixels) or to a `shape` on that asset, or both. Pinned to a shape without a
    region, the issue's region is the shape's bounding box (none for a tag), so the pin
    stays where it was when the shape is later deleted (`shape` then becomes null). Issues
    are raised by the job's reviewer and the workspace's maintainers and owners (403 for
    anyone else who may see the job); an asset outside the job, a shape on another asset,
    or a region outside the asset answer 400 naming the field.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (IssueCreateRequest): An issue to raise on an asset of the job; a `region`, a `shape`
            or both.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Issue: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
