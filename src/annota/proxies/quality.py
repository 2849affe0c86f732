"""Ground-truth jobs, annotation quality and agreement: ``client.ground_truth_jobs``.

A ground-truth job is a sample of a task's assets that a trusted person annotates apart (its
shapes never mix with the task's). ``gt.quality()`` measures the task's jobs and annotators
against it; ``gt.agreement(other)`` compares two people's ground-truth jobs over the same assets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annota_api.api.quality import (
    quality_agreement,
    quality_create_ground_truth_job,
    quality_destroy_ground_truth_job,
    quality_list_ground_truth_jobs,
    quality_of_jobs,
    quality_retrieve_ground_truth_job,
    quality_retrieve_ground_truth_shapes,
    quality_set_ground_truth_shapes,
)
from annota_api.models import (
    Agreement,
    GroundTruthJobCreateRequest,
    GroundTruthShape,
    GroundTruthShapeRequest,
    GroundTruthShapesRequest,
    Quality,
)
from annota_api.models import GroundTruthJob as GroundTruthJobModel
from annota_api.types import UNSET

from annota.paging import Page, PagedList, cursor_of
from annota.proxies.base import Entity, Repo, Retrievable
from annota.refs import Ref, id_of

if TYPE_CHECKING:
    _Fields = GroundTruthJobModel
else:
    _Fields = object

_SHAPE_KEYS = ("asset", "label", "kind", "points", "mask")


def _shape_request(shape: Any) -> GroundTruthShapeRequest:
    """A ground-truth shape from one of :mod:`annota.shapes`' builders, or a dict."""
    if isinstance(shape, GroundTruthShapeRequest):
        return shape
    data = shape if isinstance(shape, dict) else shape.to_dict()
    return GroundTruthShapeRequest.from_dict({k: data[k] for k in _SHAPE_KEYS if k in data})


class GroundTruthJob(Entity[GroundTruthJobModel], _Fields):
    """A sample of a task's assets annotated apart by a trusted person."""

    __slots__ = ()
    _retrieve_op = quality_retrieve_ground_truth_job

    def remove(self) -> None:
        """Delete the ground-truth job and its shapes."""
        quality_destroy_ground_truth_job.sync_detailed(self._model.id, client=self._client.api)

    def get_shapes(self) -> list[GroundTruthShape]:
        """Its shapes, by asset then id."""
        return list(
            quality_retrieve_ground_truth_shapes.sync(
                self._model.id, client=self._client.api
            ).shapes
        )

    def set_shapes(self, shapes: Iterable[Any]) -> list[GroundTruthShape]:
        """Replace its shapes (all or nothing); ``annota.shapes`` builders make them."""
        body = GroundTruthShapesRequest(shapes=[_shape_request(s) for s in shapes])
        answer = quality_set_ground_truth_shapes.sync(
            self._model.id, client=self._client.api, body=body
        )
        self.fetch()
        return list(answer.shapes)

    def quality(self, *, iou: float = 0.5) -> Quality:
        """The task's jobs and annotators measured against it (precision, recall, F1, IoU)."""
        return quality_of_jobs.sync(self._model.id, client=self._client.api, iou=iou)

    def agreement(self, other: GroundTruthJob | int, *, iou: float = 0.5) -> Agreement:
        """Another person's ground-truth job against this one, over the assets both sampled."""
        return quality_agreement.sync(
            self._model.id, client=self._client.api, other=id_of(other, "other"), iou=iou
        )


class GroundTruthJobsRepo(Repo[GroundTruthJob], Retrievable[GroundTruthJob]):
    """``client.ground_truth_jobs``: create, retrieve and list ground-truth jobs."""

    __slots__ = ()
    _entity = GroundTruthJob
    _retrieve_op = quality_retrieve_ground_truth_job

    def create(
        self,
        task: Ref,
        *,
        size: int | None = None,
        assets: Sequence[Ref] | None = None,
        assignee: Ref | None = None,
        seed: int | None = None,
    ) -> GroundTruthJob:
        """Sample ``size`` random assets of ``task`` (or the ``assets`` given) for ``assignee``.

        Raises:
            ValidationError: neither or both of ``size`` and ``assets``; an asset of another
                task; an assignee who is not a member of the workspace.

        """
        body = GroundTruthJobCreateRequest(
            size=UNSET if size is None else size,
            assets=UNSET if assets is None else [id_of(a, "assets") for a in assets],
            seed=UNSET if seed is None else seed,
            assignee=UNSET if assignee is None else id_of(assignee, "assignee"),
        )
        response = quality_create_ground_truth_job.sync_detailed(
            id_of(task, "task"), client=self._client.api, body=body
        )
        return self._wrap(response)

    def list(self, task: Ref) -> PagedList[GroundTruthJob]:
        """The task's ground-truth jobs (lazily paged)."""
        client = self._client
        task_id = id_of(task, "task")

        def fetch(page: int, size: int, cursor: str | None) -> Page[GroundTruthJob]:
            parsed = quality_list_ground_truth_jobs.sync(
                task_id, client=client.api, page=page, page_size=size, cursor=cursor or UNSET
            )
            return Page(
                [GroundTruthJob(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)
