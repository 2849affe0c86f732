from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.ground_truth_job import GroundTruthJob
from ...models.ground_truth_job_create_request import (
    GroundTruthJobCreateRequest,
    GroundTruthJobCreateRequestDict,
)
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: GroundTruthJobCreateRequest | GroundTruthJobCreateRequestDict,
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
        "url": "/api/tasks/{id}/ground_truth_jobs".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, GroundTruthJobCreateRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> GroundTruthJob:
    if response.status_code == 201:
        response_201 = GroundTruthJob.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: GroundTruthJobCreateRequest | GroundTruthJobCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[GroundTruthJob]:
    """Create a ground-truth job

    Sample the task's assets for a trusted person (`assignee`, a member of the workspace)
    to annotate apart: `size` assets drawn at random (`seed` repeats a draw), or the
    `assets` named (another ground-truth job's, for agreement between two people). Its
    shapes never mix with the task's. Viewers cannot create one.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (GroundTruthJobCreateRequest): A ground-truth job to create: `size` random assets, or
            the `assets` named.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[GroundTruthJob]: status code, headers, raw body and the parsed value.
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
    body: GroundTruthJobCreateRequest | GroundTruthJobCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> GroundTruthJob:
    """Create a ground-truth job

    Sample the task's assets for a trusted person (`assignee`, a member of the workspace)
    to annotate apart: `size` assets drawn at random (`seed` repeats a draw), or the
    `assets` named (another ground-truth job's, for agreement between two people). Its
    shapes never mix with the task's. Viewers cannot create one.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (GroundTruthJobCreateRequest): A ground-truth job to create: `size` random assets, or
            the `assets` named.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        GroundTruthJob: the parsed response.
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
    body: GroundTruthJobCreateRequest | GroundTruthJobCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[GroundTruthJob]:
    """Create a ground-truth job

    Sample the task's assets for a trusted person (`assignee`, a member of the workspace)
    to annotate apart: `size` assets drawn at random (`seed` repeats a draw), or the
    `assets` named (another ground-truth job's, for agreement between two people). Its
    shapes never mix with the task's. Viewers cannot create one.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (GroundTruthJobCreateRequest): A ground-truth job to create: `size` random assets, or
            the `assets` named.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[GroundTruthJob]: status code, headers, raw body and the parsed value.
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
    body: GroundTruthJobCreateRequest | GroundTruthJobCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> GroundTruthJob:
    """Create a ground-truth job

    Sample the task's assets for a trusted person (`assignee`, a member of the workspace)
    to annotate apart: `size` assets drawn at random (`seed` repeats a draw), or the
    `assets` named (another ground-truth job's, for agreement between two people). Its
    shapes never mix with the task's. Viewers cannot create one.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (GroundTruthJobCreateRequest): A ground-truth job to create: `size` random assets, or
            the `assets` named.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        GroundTruthJob: the parsed response.
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
