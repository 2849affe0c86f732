"""Jobs: ``client.jobs`` and the Job entity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.jobs import jobs_list, jobs_partial_update, jobs_retrieve
from annota_api.models import Job as JobModel
from annota_api.models import PatchedJobRequest
from annota_api.models.patched_job_request import PatchedJobRequestDict

from annota.proxies.base import Entity, Listable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    _Fields = JobModel
else:
    _Fields = object


class Job(Entity[JobModel], Updatable[PatchedJobRequest, PatchedJobRequestDict], _Fields):
    """A unit of annotation work inside a task."""

    __slots__ = ()
    _retrieve_op = jobs_retrieve
    _update_op = jobs_partial_update
    _patch_model = PatchedJobRequest


class JobsRepo(Repo[Job], Retrievable[Job], Listable[Job]):
    """``client.jobs``: retrieve and list jobs (tasks create them)."""

    __slots__ = ()
    _entity = Job
    _retrieve_op = jobs_retrieve
    _list_op = jobs_list
