from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from ...client import AsyncClient, BaseClient, Client, HttpResponse, TimeoutArg
from ...models.job_sort import JobSort
from ...models.job_stage import JobStage
from ...models.job_state import JobState
from ...models.paginated_job_list import PaginatedJobList
from ...types import UNSET, Response, Unset

__all__ = [
    "KEYWORDS",
    "LIST_KEYWORDS",
    "Filters",
    "asyncio",
    "asyncio_detailed",
    "sync",
    "sync_detailed",
]

# A list operation: which keyword arguments are parameters (filters, paging, headers), and
# which of them take several values. The SDK checks a caller's filters against these.
KEYWORDS: frozenset[str] = frozenset(
    {
        "page",
        "page_size",
        "cursor",
        "task",
        "project",
        "assignee",
        "reviewer",
        "stage",
        "state",
        "sort",
        "x_workspace",
    }
)
LIST_KEYWORDS: frozenset[str] = frozenset()

# The keyword arguments a caller filters this list with, for type-checked `**filters` (the
# SDK's `list()`): the parameters but paging, also under their API names where those differ
# (`type` for `type_`), and the per-call options.
Filters = TypedDict(
    "Filters",
    {
        "task": int,
        "project": int,
        "assignee": str,
        "reviewer": str,
        "stage": JobStage | Literal["annotation", "validation", "acceptance"],
        "state": JobState | Literal["new", "in_progress", "completed", "rejected"],
        "sort": JobSort
        | Literal["id", "-id", "created_at", "-created_at", "updated_at", "-updated_at"],
        "x_workspace": str,
        "timeout": "TimeoutArg | None",  # a string: the alias is not evaluated at import
        "extra_headers": Mapping[str, str] | None,
    },
    total=False,
)


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    task: int | Unset = UNSET,
    project: int | Unset = UNSET,
    assignee: str | Unset = UNSET,
    reviewer: str | Unset = UNSET,
    stage: JobStage | Unset = UNSET,
    state: JobState | Unset = UNSET,
    sort: JobSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_workspace, Unset):
        headers["X-Workspace"] = x_workspace

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["cursor"] = cursor

    params["task"] = task

    params["project"] = project

    params["assignee"] = assignee

    params["reviewer"] = reviewer

    json_stage: str | Unset = UNSET
    if not isinstance(stage, Unset):
        json_stage = str(stage)

    params["stage"] = json_stage

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = str(state)

    params["state"] = json_state

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = str(sort)

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/api/jobs",
        "params": params,
    }
    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(client: BaseClient, response: HttpResponse) -> PaginatedJobList:
    if response.status_code == 200:
        response_200 = PaginatedJobList.from_dict(response.json())

        return response_200

    raise client.error_for(response, unexpected=True)


def sync_detailed(
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    task: int | Unset = UNSET,
    project: int | Unset = UNSET,
    assignee: str | Unset = UNSET,
    reviewer: str | Unset = UNSET,
    stage: JobStage | Unset = UNSET,
    state: JobState | Unset = UNSET,
    sort: JobSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedJobList]:
    """List jobs

    Jobs the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        task (int | Unset):
        project (int | Unset):
        assignee (str | Unset):
        reviewer (str | Unset):
        stage (JobStage | Unset): Which step of the review a job is in.
        state (JobState | Unset): How far the job is within its stage.
        sort (JobSort | Unset): A sort order for jobs.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedJobList]: status code, headers, raw body and the parsed value.
    """
    response = client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            task=task,
            project=project,
            assignee=assignee,
            reviewer=reviewer,
            stage=stage,
            state=state,
            sort=sort,
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
    *,
    client: Client,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    task: int | Unset = UNSET,
    project: int | Unset = UNSET,
    assignee: str | Unset = UNSET,
    reviewer: str | Unset = UNSET,
    stage: JobStage | Unset = UNSET,
    state: JobState | Unset = UNSET,
    sort: JobSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedJobList:
    """List jobs

    Jobs the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        task (int | Unset):
        project (int | Unset):
        assignee (str | Unset):
        reviewer (str | Unset):
        stage (JobStage | Unset): Which step of the review a job is in.
        state (JobState | Unset): How far the job is within its stage.
        sort (JobSort | Unset): A sort order for jobs.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedJobList: the parsed response.
    """
    return (
        sync_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            task=task,
            project=project,
            assignee=assignee,
            reviewer=reviewer,
            stage=stage,
            state=state,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed


async def asyncio_detailed(
    *,
    client: AsyncClient,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    task: int | Unset = UNSET,
    project: int | Unset = UNSET,
    assignee: str | Unset = UNSET,
    reviewer: str | Unset = UNSET,
    stage: JobStage | Unset = UNSET,
    state: JobState | Unset = UNSET,
    sort: JobSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Response[PaginatedJobList]:
    """List jobs

    Jobs the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        task (int | Unset):
        project (int | Unset):
        assignee (str | Unset):
        reviewer (str | Unset):
        stage (JobStage | Unset): Which step of the review a job is in.
        state (JobState | Unset): How far the job is within its stage.
        sort (JobSort | Unset): A sort order for jobs.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        Response[PaginatedJobList]: status code, headers, raw body and the parsed value.
    """
    response = await client.request(
        **_get_kwargs(
            page=page,
            page_size=page_size,
            cursor=cursor,
            task=task,
            project=project,
            assignee=assignee,
            reviewer=reviewer,
            stage=stage,
            state=state,
            sort=sort,
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
    *,
    client: AsyncClient,
    page: int | Unset = 1,
    page_size: int | Unset = 100,
    cursor: str | Unset = UNSET,
    task: int | Unset = UNSET,
    project: int | Unset = UNSET,
    assignee: str | Unset = UNSET,
    reviewer: str | Unset = UNSET,
    stage: JobStage | Unset = UNSET,
    state: JobState | Unset = UNSET,
    sort: JobSort | Unset = UNSET,
    x_workspace: str | Unset = UNSET,
    timeout: TimeoutArg | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> PaginatedJobList:
    """List jobs

    Jobs the caller may see, filtered, sorted and paginated.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 100.
        cursor (str | Unset):
        task (int | Unset):
        project (int | Unset):
        assignee (str | Unset):
        reviewer (str | Unset):
        stage (JobStage | Unset): Which step of the review a job is in.
        state (JobState | Unset): How far the job is within its stage.
        sort (JobSort | Unset): A sort order for jobs.
        x_workspace (str | Unset):
        client: The client that sends the request.
        timeout: Overrides the client's timeout for this call.
        extra_headers: Extra headers for this call.

    Raises:
        errors.ApiError: The server answered with a non-2xx status (or what the client's
            exception_factory makes of it).
        errors.TransportError: No answer (errors.RequestTimeout when it timed out).

    Returns:
        PaginatedJobList: the parsed response.
    """
    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            cursor=cursor,
            task=task,
            project=project,
            assignee=assignee,
            reviewer=reviewer,
            stage=stage,
            state=state,
            sort=sort,
            x_workspace=x_workspace,
            timeout=timeout,
            extra_headers=extra_headers,
        )
    ).parsed
