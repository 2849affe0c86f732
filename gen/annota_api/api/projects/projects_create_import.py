from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.dataset_import_request import DatasetImportRequest
from ...models.operation import Operation
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: DatasetImportRequest,
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
        "url": "/api/projects/{id}/imports".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Operation:
    if response.status_code == 202:
        response_202 = Operation.from_dict(response.json())

        return response_202

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: DatasetImportRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Operation]:
    """Import a dataset into a project

    Upload a dataset archive (multipart: `format` and `file`) and start importing it into
    the project. Answers 202 with the operation. An import that fails part-way writes
    nothing. Missing labels are created; images found in the archive become assets of a
    new task per subset, and images without a file are matched by name to the project's
    existing assets. Viewers cannot import.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetImportRequest): A dataset archive to import (multipart).
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Operation]: status code, headers, raw body and the parsed value.
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
    body: DatasetImportRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Operation:
    """Import a dataset into a project

    Upload a dataset archive (multipart: `format` and `file`) and start importing it into
    the project. Answers 202 with the operation. An import that fails part-way writes
    nothing. Missing labels are created; images found in the archive become assets of a
    new task per subset, and images without a file are matched by name to the project's
    existing assets. Viewers cannot import.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetImportRequest): A dataset archive to import (multipart).
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Operation: the parsed response.
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
    body: DatasetImportRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Operation]:
    """Import a dataset into a project

    Upload a dataset archive (multipart: `format` and `file`) and start importing it into
    the project. Answers 202 with the operation. An import that fails part-way writes
    nothing. Missing labels are created; images found in the archive become assets of a
    new task per subset, and images without a file are matched by name to the project's
    existing assets. Viewers cannot import.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetImportRequest): A dataset archive to import (multipart).
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Operation]: status code, headers, raw body and the parsed value.
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
    body: DatasetImportRequest,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Operation:
    """Import a dataset into a project

    Upload a dataset archive (multipart: `format` and `file`) and start importing it into
    the project. Answers 202 with the operation. An import that fails part-way writes
    nothing. Missing labels are created; images found in the archive become assets of a
    new task per subset, and images without a file are matched by name to the project's
    existing assets. Viewers cannot import.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetImportRequest): A dataset archive to import (multipart).
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Operation: the parsed response.
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
