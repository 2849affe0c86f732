from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.quality import Quality
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    iou: float | Unset = 0.5,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["iou"] = iou

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/ground_truth_jobs/{id}/quality".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Quality:
    if response.status_code == 200:
        response_200 = Quality.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    iou: float | Unset = 0.5,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Quality]:
    """Measure the task's jobs against a ground-truth job

    Compare people's shapes (not predictions) on the sampled assets with the ground-truth
    job's, per job and per annotator (a job's assignee): precision, recall, F1 and mean
    IoU, per label and in all, at `iou`. Boxes are compared as boxes, polygons and masks
    as pixels, tags by label.

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Quality]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            iou=iou,
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
    iou: float | Unset = 0.5,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Quality:
    """Measure the task's jobs against a ground-truth job

    Compare people's shapes (not predictions) on the sampled assets with the ground-truth
    job's, per job and per annotator (a job's assignee): precision, recall, F1 and mean
    IoU, per label and in all, at `iou`. Boxes are compared as boxes, polygons and masks
    as pixels, tags by label.

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Quality: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            iou=iou,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    iou: float | Unset = 0.5,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Quality]:
    """Measure the task's jobs against a ground-truth job

    Compare people's shapes (not predictions) on the sampled assets with the ground-truth
    job's, per job and per annotator (a job's assignee): precision, recall, F1 and mean
    IoU, per label and in all, at `iou`. Boxes are compared as boxes, polygons and masks
    as pixels, tags by label.

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Quality]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            iou=iou,
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
    iou: float | Unset = 0.5,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Quality:
    """Measure the task's jobs against a ground-truth job

    Compare people's shapes (not predictions) on the sampled assets with the ground-truth
    job's, per job and per annotator (a job's assignee): precision, recall, F1 and mean
    IoU, per label and in all, at `iou`. Boxes are compared as boxes, polygons and masks
    as pixels, tags by label.

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Quality: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            iou=iou,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
