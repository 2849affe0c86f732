from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.agreement import Agreement
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    iou: float | Unset = 0.5,
    other: int,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["iou"] = iou

    params["other"] = other

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/ground_truth_jobs/{id}/agreement".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Agreement:
    if response.status_code == 200:
        response_200 = Agreement.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    iou: float | Unset = 0.5,
    other: int,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Agreement]:
    """Agreement between two ground-truth jobs

    Compare the `other` ground-truth job's shapes (another person's) with this one's over
    the assets both sampled: precision and recall of `other` against this one, F1 (the
    same either way round) and mean IoU, per label and in all. `other` must be a
    ground-truth job of the same task (400 naming `other` otherwise).

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        other (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Agreement]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            iou=iou,
            other=other,
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
    other: int,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Agreement:
    """Agreement between two ground-truth jobs

    Compare the `other` ground-truth job's shapes (another person's) with this one's over
    the assets both sampled: precision and recall of `other` against this one, F1 (the
    same either way round) and mean IoU, per label and in all. `other` must be a
    ground-truth job of the same task (400 naming `other` otherwise).

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        other (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Agreement: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            iou=iou,
            other=other,
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
    other: int,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Agreement]:
    """Agreement between two ground-truth jobs

    Compare the `other` ground-truth job's shapes (another person's) with this one's over
    the assets both sampled: precision and recall of `other` against this one, F1 (the
    same either way round) and mean IoU, per label and in all. `other` must be a
    ground-truth job of the same task (400 naming `other` otherwise).

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        other (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Agreement]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            iou=iou,
            other=other,
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
    other: int,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Agreement:
    """Agreement between two ground-truth jobs

    Compare the `other` ground-truth job's shapes (another person's) with this one's over
    the assets both sampled: precision and recall of `other` against this one, F1 (the
    same either way round) and mean IoU, per label and in all. `other` must be a
    ground-truth job of the same task (400 naming `other` otherwise).

    Args:
        id (int):
        iou (float | Unset):  Default: 0.5.
        other (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Agreement: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            iou=iou,
            other=other,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
