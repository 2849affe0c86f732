from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.patched_user_request import PatchedUserRequest, PatchedUserRequestDict
from ...models.user import User
from ...types import UNSET, Response, Unset

__all__ = ["asyncio", "asyncio_detailed", "sync", "sync_detailed"]


def _get_kwargs(
    id: int,
    *,
    body: PatchedUserRequest | PatchedUserRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "PATCH",
        "url": "/api/users/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }
    _kwargs["json"] = body.to_dict() if isinstance(body, PatchedUserRequest) else body

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> User:
    if response.status_code == 200:
        response_200 = User.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    id: int,
    *,
    client: Client,
    body: PatchedUserRequest | PatchedUserRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[User]:
    """Update a user

    Change some fields of a user. Users may change their own name and email; site administrators may
    change anything, but the last active administrator cannot set their own `is_admin` or
    `is_active` to false (409 naming the field).

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (PatchedUserRequest): Changes to a user account.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[User]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            id,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
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
    body: PatchedUserRequest | PatchedUserRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> User:
    """Update a user

    Change some fields of a user. Users may change their own name and email; site administrators may
    change anything, but the last active administrator cannot set their own `is_admin` or
    `is_active` to false (409 naming the field).

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (PatchedUserRequest): Changes to a user account.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        User: the parsed response.
    """
    return (
        sync_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            if_match=if_match,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AsyncClient,
    body: PatchedUserRequest | PatchedUserRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[User]:
    """Update a user

    Change some fields of a user. Users may change their own name and email; site administrators may
    change anything, but the last active administrator cannot set their own `is_admin` or
    `is_active` to false (409 naming the field).

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (PatchedUserRequest): Changes to a user account.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[User]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            id,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
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
    body: PatchedUserRequest | PatchedUserRequestDict,
    x_workspace: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> User:
    """Update a user

    Change some fields of a user. Users may change their own name and email; site administrators may
    change anything, but the last active administrator cannot set their own `is_admin` or
    `is_active` to false (409 naming the field).

    Args:
        id (int):
        x_workspace (str | Unset):
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (PatchedUserRequest): Changes to a user account.
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        User: the parsed response.
    """
    return (
        await asyncio_detailed(
            id,
            client=client,
            body=body,
            x_workspace=x_workspace,
            idempotency_key=idempotency_key,
            if_match=if_match,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
