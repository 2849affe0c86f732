"""Jobs: ``client.jobs`` and the Job entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.assets import assets_list
from annota_api.api.jobs import (
    jobs_list,
    jobs_partial_update,
    jobs_partial_update_annotations,
    jobs_retrieve,
    jobs_retrieve_annotations,
    jobs_update_annotations,
)
from annota_api.models import Job as JobModel
from annota_api.models import PatchedJobRequest
from annota_api.models.patched_job_request import PatchedJobRequestDict
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.proxies.annotations import HasGuardedAnnotations
from annota.proxies.base import Entity, Listable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    from annota.proxies.assets import Asset
    from annota.proxies.issues import JobIssues

    _Fields = JobModel
else:
    _Fields = object


class Job(
    Entity[JobModel],
    Updatable[PatchedJobRequest, PatchedJobRequestDict],
    HasGuardedAnnotations,
    _Fields,
):
    """A unit of annotation work: a consecutive range of a task's assets.

    Its annotations have an ETag of their own (:attr:`annotations_etag`): save them with
    ``if_match=job.annotations_etag`` so a save over someone else's change is refused.
    """

    __slots__ = ("_annotations_etag",)
    _retrieve_op = jobs_retrieve
    _update_op = jobs_partial_update
    _patch_model = PatchedJobRequest
    _annotations_get_op = jobs_retrieve_annotations
    _annotations_put_op = jobs_update_annotations
    _annotations_patch_op = jobs_partial_update_annotations

    def update(
        self,
        values: PatchedJobRequest | PatchedJobRequestDict | None = None,
        /,
        **fields: Unpack[PatchedJobRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedJobRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return self._run(self._update_steps(values, fields))

    @property
    def issues(self) -> JobIssues:
        """The job's review issues.

        ``job.issues.create(asset, region=..., message=...)``, ``job.issues.list(resolved=False)``.
        """
        from annota.proxies.issues import JobIssues

        return JobIssues(self._client, self._model.id)

    def get_assets(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[assets_list.Filters],
    ) -> PagedList[Asset]:
        """The job's assets, in position order (lazily paged)."""
        filters.setdefault("sort", "position")
        return self._unscoped().assets._list(
            page_size, start_page, {**filters, "job": self._model.id}
        )


class JobsRepo(Repo[Job], Retrievable[Job], Listable[Job]):
    """``client.jobs``: retrieve and list jobs (tasks create them)."""

    __slots__ = ()
    _entity = Job
    _retrieve_op = jobs_retrieve
    _list_op = jobs_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[jobs_list.Filters],
    ) -> PagedList[Job]:
        """The jobs matching ``filters`` (``jobs_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
