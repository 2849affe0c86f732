"""Checked by ``make lint`` (mypy --strict), never run: mypy must reject each wrong line.

Every wrong line carries ``# type: ignore[<code>]``; with ``warn_unused_ignores`` (part of
``--strict``) a line that mypy stopped rejecting fails the check as an unused ignore, and one
rejected for another reason fails it as an error. The right lines must pass as they are.
"""

from __future__ import annotations

from annota_api.api.labels import labels_list, labels_partial_update, labels_retrieve
from annota_api.api.projects import projects_create, projects_retrieve
from annota_api.api.tasks import tasks_partial_update_annotations, tasks_update_annotations
from annota_api.client import AsyncClient as ApiAsyncClient
from annota_api.client import Client as ApiClient
from annota_api.models import (
    Annotations,
    AnnotationsChange,
    AnnotationsPatchRequest,
    AnnotationsRequest,
    Label,
    PatchedLabelRequest,
    Project,
    ProjectCreateRequest,
)

from annota import AsyncClient, Client
from annota.aio.labels import AsyncLabel
from annota.proxies.base import Entity, Retrievable
from annota.proxies.seam import CreateOp, ListOp, RetrieveOp, UpdateOp, WriteOp

# Right: the operations are what the mixins call.
retrieve: RetrieveOp[Label] = labels_retrieve
update: UpdateOp[Label, PatchedLabelRequest] = labels_partial_update
create: CreateOp[Project, ProjectCreateRequest] = projects_create
listing: ListOp[Label] = labels_list
replace: WriteOp[AnnotationsRequest, Annotations] = tasks_update_annotations

# Wrong: a list operation where a retrieve is expected (it takes no id).
not_a_retrieve: RetrieveOp[Label] = labels_list  # type: ignore[assignment]
# Wrong: a retrieve operation where a list is expected (no KEYWORDS, no paging).
not_a_list: ListOp[Label] = labels_retrieve  # type: ignore[assignment]
# Wrong: another resource's operation.
other_model: RetrieveOp[Label] = projects_retrieve  # type: ignore[assignment]
# Wrong: an update that would be sent another request model.
other_body: UpdateOp[Label, ProjectCreateRequest] = labels_partial_update  # type: ignore[assignment]
# Wrong: a patch of annotations where their replacement is expected.
patch_for_put: WriteOp[AnnotationsRequest, Annotations] = tasks_partial_update_annotations  # type: ignore[assignment]
# Wrong: the patch answers an AnnotationsChange, not Annotations.
patch_answer: WriteOp[AnnotationsPatchRequest, Annotations] = tasks_partial_update_annotations  # type: ignore[assignment]
right_patch: WriteOp[AnnotationsPatchRequest, AnnotationsChange] = tasks_partial_update_annotations


class WrongLabel(Entity[Label]):
    """An entity declared with another resource's operation."""

    _retrieve_op = projects_retrieve  # type: ignore[assignment]


class WrongRepo(Retrievable[Entity[Label]]):
    """A repository whose retrieve operation is a list operation."""

    _retrieve_op = labels_list  # type: ignore[assignment]


def calls(client: ApiClient) -> None:
    """Calls into the generated layer as the core makes them."""
    label: Label = retrieve.sync_detailed(1, client=client).parsed
    assert label.id == 1
    retrieve.sync_detailed("1", client=client)  # type: ignore[arg-type]
    retrieve.sync_detailed(1)  # type: ignore[call-arg]
    project: Project = retrieve.sync_detailed(1, client=client).parsed  # type: ignore[assignment]
    assert project
    create.sync_detailed(client=client, body=PatchedLabelRequest())  # type: ignore[arg-type]


def sdk_calls(sdk: Client) -> None:
    """Calls into the SDK: every filter and every field is a typed keyword."""
    labels = sdk.labels.list(project=1, kind="bbox", search="cat", page_size=10)
    label = labels[0]
    label.update(name="x", color="#ff0000")
    label.update({"name": "x"})
    sdk.tasks.list(status="completed", sort="-created_at")
    sdk.tasks.list(status=["pending", "failed"])
    sdk.users.list(username__like="ann%")
    sdk.labels.list(no_such_filter=3)  # type: ignore[call-arg]
    sdk.labels.list(project="one")  # type: ignore[arg-type]
    sdk.tasks.list(status="finished")  # type: ignore[arg-type]
    label.update(nmae="x")  # type: ignore[call-arg]
    label.update(color=3)  # type: ignore[arg-type]
    label.update({"nmae": "x"})  # type: ignore[arg-type]
    sdk.projects.retrieve(1).get_tasks(status="pending", page_size=5)
    sdk.projects.retrieve(1).get_tasks(statsu="pending")  # type: ignore[call-arg]


async def async_sdk_calls(sdk: AsyncClient, api: ApiAsyncClient) -> None:
    """The asyncio twins: the same typed keywords, and results must be awaited."""
    label: AsyncLabel = await sdk.labels.retrieve(1)
    await label.update(name="x", color="#ff0000")
    async for found in sdk.labels.list(project=1, search="cat"):
        assert found.name
    first: AsyncLabel | None = await sdk.labels.list(project=1).first()
    assert first
    sdk.labels.list(no_such_filter=3)  # type: ignore[call-arg]
    await label.update(nmae="x")  # type: ignore[call-arg]
    not_awaited: AsyncLabel = sdk.labels.retrieve(1)  # type: ignore[assignment]
    assert not_awaited
    for _ in sdk.labels.list():  # type: ignore[attr-defined]
        pass
    model: Label = await labels_retrieve.asyncio(1, client=api)
    assert model.id
    await labels_retrieve.asyncio(1, client=ApiClient("http://x"))  # type: ignore[arg-type]
    labels_retrieve.sync(1, client=api)  # type: ignore[arg-type]
