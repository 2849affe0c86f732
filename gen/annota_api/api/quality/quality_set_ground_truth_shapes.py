from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.ground_truth_shapes import GroundTruthShapes
from ...models.ground_truth_shapes_request import (
    GroundTruthShapesRequest,
    GroundTruthShapesRequestDict,
)
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: GroundTruthShapesRequest | GroundTruthShapesRequestDict,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    _kwargs: dict[str, Any] = {
        "method": "PUT",
        "url": "/api/ground_truth_jobs/{id}/shapes".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, GroundTruthShapesRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> GroundTruthShapes:
    if response.status_code == 200:
        response_200 = GroundTruthShapes.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: GroundTruthShapesRequest | GroundTruthShapesRequestDict,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[GroundTruthShapes]:
    """Replace a ground-truth job's shapes

    Its complete new set of shapes, all or nothing: each on an asset of its sample, with a
    label of the project that allows the kind. Viewers cannot change them.

    Args:
        id (int):
        x_workspace (str | Unset):
        body (GroundTruthShapesRequest): The complete new set of shapes of a ground-truth job.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[GroundTruthShapes]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            body=body,
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
    body: GroundTruthShapesRequest | GroundTruthShapesRequestDict,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> GroundTruthShapes:
    """Replace a ground-truth job's shapes

    Its complete new set of shapes, all or nothing: each on an asset of its sample, with a
    label of the project that allows the kind. Viewers cannot change them.

    Args:
        id (int):
        x_workspace (str | Unset):
        body (GroundTruthShapesRequest): The complete new set of shapes of a ground-truth job.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        GroundTruthShapes: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    body: GroundTruthShapesRequest | GroundTruthShapesRequestDict,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[GroundTruthShapes]:
    """Replace a ground-truth job's shapes

    Its complete new set of shapes, all or nothing: each on an asset of its sample, with a
    label of the project that allows the kind. Viewers cannot change them.

    Args:
        id (int):
        x_workspace (str | Unset):
        body (GroundTruthShapesRequest): The complete new set of shapes of a ground-truth job.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[GroundTruthShapes]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            body=body,
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
    body: GroundTruthShapesRequest | GroundTruthShapesRequestDict,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> GroundTruthShapes:
    """Replace a ground-truth job's shapes

    Its complete new set of shapes, all or nothing: each on an asset of its sample, with a
    label of the project that allows the kind. Viewers cannot change them.

    Args:
        id (int):
        x_workspace (str | Unset):
        body (GroundTruthShapesRequest): The complete new set of shapes of a ground-truth job.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        GroundTruthShapes: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
