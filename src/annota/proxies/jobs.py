"""Jobs: ``client.jobs`` and the Job entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

    @property
    def issues(self) -> JobIssues:
        """The job's review issues.

        ``job.issues.create(asset, region=..., message=...)``, ``job.issues.list(resolved=False)``.
        """
        from annota.proxies.issues import JobIssues

        return JobIssues(self._client, self._model.id)

    def get_assets(self, **filters: Any) -> PagedList[Asset]:
        """The job's assets, in position order (lazily paged)."""
        filters.setdefault("sort", "position")
        return self._unscoped().assets.list(job=self._model.id, **filters)


class JobsRepo(Repo[Job], Retrievable[Job], Listable[Job]):
    """``client.jobs``: retrieve and list jobs (tasks create them)."""

    __slots__ = ()
    _entity = Job
    _retrieve_op = jobs_retrieve
    _list_op = jobs_list
