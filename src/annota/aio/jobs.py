"""The asyncio twins of ``annota.proxies.jobs`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/jobs.py`` and run ``make gen``.
"""

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

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncEntity,
    AsyncListable,
    AsyncRepo,
    AsyncRetrievable,
    Updatable,
)

if TYPE_CHECKING:
    from annota.aio.assets import AsyncAsset

    _Fields = JobModel
else:
    _Fields = object


class AsyncJob(AsyncEntity[JobModel], Updatable[PatchedJobRequest, PatchedJobRequestDict], _Fields):
    """The asyncio twin of :class:`annota.proxies.jobs.Job`.

    Blocking only so far (use the :class:`~annota.Client`): ``issues``.
    """

    __slots__ = ("_annotations_etag",)
    _retrieve_op = jobs_retrieve
    _update_op = jobs_partial_update
    _patch_model = PatchedJobRequest
    _annotations_get_op = jobs_retrieve_annotations
    _annotations_put_op = jobs_update_annotations
    _annotations_patch_op = jobs_partial_update_annotations

    async def update(
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
        return await self._run(self._update_steps(values, fields))

    def get_assets(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[assets_list.Filters],
    ) -> AsyncPagedList[AsyncAsset]:
        """The job's assets, in position order (lazily paged)."""
        filters.setdefault("sort", "position")
        return self._unscoped().assets._list(
            page_size, start_page, {**filters, "job": self._model.id}
        )


class AsyncJobsRepo(AsyncRepo[AsyncJob], AsyncRetrievable[AsyncJob], AsyncListable[AsyncJob]):
    """The asyncio twin of :class:`annota.proxies.jobs.JobsRepo`."""

    __slots__ = ()
    _entity = AsyncJob
    _retrieve_op = jobs_retrieve
    _list_op = jobs_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[jobs_list.Filters],
    ) -> AsyncPagedList[AsyncJob]:
        """The jobs matching ``filters`` (``jobs_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
