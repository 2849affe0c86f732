from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.dataset_version_create_request import (
    DatasetVersionCreateRequest,
    DatasetVersionCreateRequestDict,
)
from ...models.operation import Operation
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: DatasetVersionCreateRequest | DatasetVersionCreateRequestDict,
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
        "url": "/api/projects/{id}/versions".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, DatasetVersionCreateRequest) else body

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
    body: DatasetVersionCreateRequest | DatasetVersionCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Operation]:
    """Freeze the project as a dataset version

    Start freezing the project's labels, tasks, assets and shapes as they are now: answers
    202 with an operation of kind `version`, whose `version` names the new version once it
    has finished. The version never changes afterwards: later edits, new shapes and deleted
    assets or tasks leave it as it was, and its images stay downloadable (the server keeps
    one copy of each distinct content while any version refers to it). It carries its
    counts and the SHA-256 of its manifest. An operation that fails or is cancelled leaves
    no version behind. Viewers cannot create versions.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetVersionCreateRequest): A dataset version to freeze.
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
    body: DatasetVersionCreateRequest | DatasetVersionCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Operation:
    """Freeze the project as a dataset version

    Start freezing the project's labels, tasks, assets and shapes as they are now: answers
    202 with an operation of kind `version`, whose `version` names the new version once it
    has finished. The version never changes afterwards: later edits, new shapes and deleted
    assets or tasks leave it as it was, and its images stay downloadable (the server keeps
    one copy of each distinct content while any version refers to it). It carries its
    counts and the SHA-256 of its manifest. An operation that fails or is cancelled leaves
    no version behind. Viewers cannot create versions.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetVersionCreateRequest): A dataset version to freeze.
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
    body: DatasetVersionCreateRequest | DatasetVersionCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Operation]:
    """Freeze the project as a dataset version

    Start freezing the project's labels, tasks, assets and shapes as they are now: answers
    202 with an operation of kind `version`, whose `version` names the new version once it
    has finished. The version never changes afterwards: later edits, new shapes and deleted
    assets or tasks leave it as it was, and its images stay downloadable (the server keeps
    one copy of each distinct content while any version refers to it). It carries its
    counts and the SHA-256 of its manifest. An operation that fails or is cancelled leaves
    no version behind. Viewers cannot create versions.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetVersionCreateRequest): A dataset version to freeze.
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
    body: DatasetVersionCreateRequest | DatasetVersionCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Operation:
    """Freeze the project as a dataset version

    Start freezing the project's labels, tasks, assets and shapes as they are now: answers
    202 with an operation of kind `version`, whose `version` names the new version once it
    has finished. The version never changes afterwards: later edits, new shapes and deleted
    assets or tasks leave it as it was, and its images stay downloadable (the server keeps
    one copy of each distinct content while any version refers to it). It carries its
    counts and the SHA-256 of its manifest. An operation that fails or is cancelled leaves
    no version behind. Viewers cannot create versions.

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (DatasetVersionCreateRequest): A dataset version to freeze.
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
