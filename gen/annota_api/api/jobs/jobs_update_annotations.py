from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.annotations import Annotations
from ...models.annotations_request import AnnotationsRequest, AnnotationsRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: AnnotationsRequest | AnnotationsRequestDict,
    x_workspace: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "PUT",
        "url": "/api/jobs/{id}/annotations".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, AnnotationsRequest) else body

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
    body: AnnotationsRequest | AnnotationsRequestDict,
    x_workspace: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Annotations]:
    """Replace a job's annotations

    Replace every shape on the job's assets, atomically; a shape on an asset outside the
    job answers 400 naming its index, and nothing is written. With `If-Match`, a save
    over a newer revision answers 412 naming who changed the annotations and when, and
    nothing is written. A save bumps the revision. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        if_match (str | Unset):
        body (AnnotationsRequest): The complete new set of shapes of a task or a job.
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
            body=body,
            x_workspace=x_workspace,
            if_match=if_match,
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
    body: AnnotationsRequest | AnnotationsRequestDict,
    x_workspace: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Annotations:
    """Replace a job's annotations

    Replace every shape on the job's assets, atomically; a shape on an asset outside the
    job answers 400 naming its index, and nothing is written. With `If-Match`, a save
    over a newer revision answers 412 naming who changed the annotations and when, and
    nothing is written. A save bumps the revision. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        if_match (str | Unset):
        body (AnnotationsRequest): The complete new set of shapes of a task or a job.
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
            body=body,
            x_workspace=x_workspace,
            if_match=if_match,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    body: AnnotationsRequest | AnnotationsRequestDict,
    x_workspace: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Annotations]:
    """Replace a job's annotations

    Replace every shape on the job's assets, atomically; a shape on an asset outside the
    job answers 400 naming its index, and nothing is written. With `If-Match`, a save
    over a newer revision answers 412 naming who changed the annotations and when, and
    nothing is written. A save bumps the revision. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        if_match (str | Unset):
        body (AnnotationsRequest): The complete new set of shapes of a task or a job.
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
            body=body,
            x_workspace=x_workspace,
            if_match=if_match,
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
    body: AnnotationsRequest | AnnotationsRequestDict,
    x_workspace: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Annotations:
    """Replace a job's annotations

    Replace every shape on the job's assets, atomically; a shape on an asset outside the
    job answers 400 naming its index, and nothing is written. With `If-Match`, a save
    over a newer revision answers 412 naming who changed the annotations and when, and
    nothing is written. A save bumps the revision. Viewers cannot write.

    Args:
        id (int):
        x_workspace (str | Unset):
        if_match (str | Unset):
        body (AnnotationsRequest): The complete new set of shapes of a task or a job.
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
            body=body,
            x_workspace=x_workspace,
            if_match=if_match,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
