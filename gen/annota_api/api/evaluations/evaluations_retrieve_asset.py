from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.evaluation_asset_detail import EvaluationAssetDetail
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    asset: int,
    *,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/evaluations/{id}/assets/{asset}".format(
            id=quote(str(id), safe=""),
            asset=quote(str(asset), safe=""),
        ),
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> EvaluationAssetDetail:
    if response.status_code == 200:
        response_200 = EvaluationAssetDetail.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    asset: int,
    *,
    client: Client,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[EvaluationAssetDetail]:
    """Get one evaluated asset with its shapes

    One asset of an evaluation: its counts, which prediction matched which ground truth,
    and the shapes themselves (predictions and ground truth, as they are now; a dataset
    version's frozen shapes for one) with the part each played, to draw them side by side.
    Shapes deleted since the evaluation are left out. 404 if the asset was not evaluated.

    Args:
        id (int):
        asset (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[EvaluationAssetDetail]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            asset,
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
    asset: int,
    *,
    client: Client,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> EvaluationAssetDetail:
    """Get one evaluated asset with its shapes

    One asset of an evaluation: its counts, which prediction matched which ground truth,
    and the shapes themselves (predictions and ground truth, as they are now; a dataset
    version's frozen shapes for one) with the part each played, to draw them side by side.
    Shapes deleted since the evaluation are left out. 404 if the asset was not evaluated.

    Args:
        id (int):
        asset (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        EvaluationAssetDetail: the parsed response.
    """
    return (
        sync_detailed(
            id,
            asset,
            client=client,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    asset: int,
    *,
    client: AsyncClient,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[EvaluationAssetDetail]:
    """Get one evaluated asset with its shapes

    One asset of an evaluation: its counts, which prediction matched which ground truth,
    and the shapes themselves (predictions and ground truth, as they are now; a dataset
    version's frozen shapes for one) with the part each played, to draw them side by side.
    Shapes deleted since the evaluation are left out. 404 if the asset was not evaluated.

    Args:
        id (int):
        asset (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[EvaluationAssetDetail]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            asset,
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
    asset: int,
    *,
    client: AsyncClient,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> EvaluationAssetDetail:
    """Get one evaluated asset with its shapes

    One asset of an evaluation: its counts, which prediction matched which ground truth,
    and the shapes themselves (predictions and ground truth, as they are now; a dataset
    version's frozen shapes for one) with the part each played, to draw them side by side.
    Shapes deleted since the evaluation are left out. 404 if the asset was not evaluated.

    Args:
        id (int):
        asset (int):
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        EvaluationAssetDetail: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            asset,
            client=client,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
