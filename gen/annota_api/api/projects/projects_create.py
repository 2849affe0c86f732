from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.project import Project
from ...models.project_create_request import ProjectCreateRequest, ProjectCreateRequestDict
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    *,
    body: ProjectCreateRequest | ProjectCreateRequestDict,
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
        "url": "/api/projects",
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, ProjectCreateRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> Project:
    if response.status_code == 201:
        response_201 = Project.from_dict(response.json())

        return response_201

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    body: ProjectCreateRequest | ProjectCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Project]:
    """Create a project

    Create a project, with its labels, in the workspace named by `X-Workspace` (the caller's
    personal workspace without it). Viewers cannot create.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ProjectCreateRequest): A project to create.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Project]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
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
    *,
    client: Client,
    body: ProjectCreateRequest | ProjectCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Project:
    """Create a project

    Create a project, with its labels, in the workspace named by `X-Workspace` (the caller's
    personal workspace without it). Viewers cannot create.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ProjectCreateRequest): A project to create.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Project: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncClient,
    body: ProjectCreateRequest | ProjectCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[Project]:
    """Create a project

    Create a project, with its labels, in the workspace named by `X-Workspace` (the caller's
    personal workspace without it). Viewers cannot create.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ProjectCreateRequest): A project to create.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[Project]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
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
    *,
    client: AsyncClient,
    body: ProjectCreateRequest | ProjectCreateRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Project:
    """Create a project

    Create a project, with its labels, in the workspace named by `X-Workspace` (the caller's
    personal workspace without it). Viewers cannot create.

    Args:
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        body (ProjectCreateRequest): A project to create.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Project: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
