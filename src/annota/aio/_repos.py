"""The repositories of ``AsyncClient`` (generated from ``Client``'s; see scripts/gen_async.py)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annota.aio.assets import AsyncAssetsRepo
    from annota.aio.evaluations import AsyncEvaluationsRepo
    from annota.aio.issues import AsyncIssuesRepo
    from annota.aio.jobs import AsyncJobsRepo
    from annota.aio.labels import AsyncLabelsRepo
    from annota.aio.memberships import AsyncMembershipsRepo
    from annota.aio.models import AsyncModelsRepo, AsyncModelVersionsRepo
    from annota.aio.operations import AsyncOperationsRepo
    from annota.aio.projects import AsyncProjectsRepo
    from annota.aio.quality import AsyncGroundTruthJobsRepo
    from annota.aio.storages import AsyncStoragesRepo
    from annota.aio.tasks import AsyncTasksRepo
    from annota.aio.tokens import AsyncTokensRepo
    from annota.aio.users import AsyncUsersRepo
    from annota.aio.versions import AsyncVersionsRepo
    from annota.aio.webhooks import AsyncWebhooksRepo
    from annota.aio.workspaces import AsyncWorkspacesRepo


class AsyncRepos:
    """The repositories of an ``AsyncClient`` (``client.projects``, ...)."""

    @cached_property
    def projects(self) -> AsyncProjectsRepo:
        """Projects: create, retrieve, list."""
        from annota.aio.projects import AsyncProjectsRepo

        return AsyncProjectsRepo(self)

    @cached_property
    def tasks(self) -> AsyncTasksRepo:
        """Tasks: create, retrieve, list."""
        from annota.aio.tasks import AsyncTasksRepo

        return AsyncTasksRepo(self)

    @cached_property
    def jobs(self) -> AsyncJobsRepo:
        """Jobs: retrieve, list."""
        from annota.aio.jobs import AsyncJobsRepo

        return AsyncJobsRepo(self)

    @cached_property
    def assets(self) -> AsyncAssetsRepo:
        """Assets: retrieve, list (upload them with ``task.upload_assets``)."""
        from annota.aio.assets import AsyncAssetsRepo

        return AsyncAssetsRepo(self)

    @cached_property
    def operations(self) -> AsyncOperationsRepo:
        """Dataset exports and imports: retrieve, list, wait, cancel."""
        from annota.aio.operations import AsyncOperationsRepo

        return AsyncOperationsRepo(self)

    @cached_property
    def versions(self) -> AsyncVersionsRepo:
        """Frozen dataset versions: retrieve (make them with ``project.create_version``)."""
        from annota.aio.versions import AsyncVersionsRepo

        return AsyncVersionsRepo(self)

    @cached_property
    def labels(self) -> AsyncLabelsRepo:
        """Labels: retrieve, list."""
        from annota.aio.labels import AsyncLabelsRepo

        return AsyncLabelsRepo(self)

    @cached_property
    def users(self) -> AsyncUsersRepo:
        """Users: create (administrators), retrieve, list."""
        from annota.aio.users import AsyncUsersRepo

        return AsyncUsersRepo(self)

    @cached_property
    def issues(self) -> AsyncIssuesRepo:
        """Review issues: retrieve, list (raise them with ``job.issues.create``)."""
        from annota.aio.issues import AsyncIssuesRepo

        return AsyncIssuesRepo(self)

    @cached_property
    def workspaces(self) -> AsyncWorkspacesRepo:
        """Workspaces: create, retrieve, list."""
        from annota.aio.workspaces import AsyncWorkspacesRepo

        return AsyncWorkspacesRepo(self)

    @cached_property
    def memberships(self) -> AsyncMembershipsRepo:
        """Workspace memberships: add, retrieve, list."""
        from annota.aio.memberships import AsyncMembershipsRepo

        return AsyncMembershipsRepo(self)

    @cached_property
    def tokens(self) -> AsyncTokensRepo:
        """Personal access tokens: create, retrieve, list."""
        from annota.aio.tokens import AsyncTokensRepo

        return AsyncTokensRepo(self)

    @cached_property
    def storages(self) -> AsyncStoragesRepo:
        """Bucket storages (S3 buckets whose objects assets reference): register, list."""
        from annota.aio.storages import AsyncStoragesRepo

        return AsyncStoragesRepo(self)

    @cached_property
    def webhooks(self) -> AsyncWebhooksRepo:
        """Webhooks (URLs sent the workspace's events): register, retrieve, list."""
        from annota.aio.webhooks import AsyncWebhooksRepo

        return AsyncWebhooksRepo(self)

    @cached_property
    def models(self) -> AsyncModelsRepo:
        """Registered models: create, retrieve, list (their versions from ``model``)."""
        from annota.aio.models import AsyncModelsRepo

        return AsyncModelsRepo(self)

    @cached_property
    def model_versions(self) -> AsyncModelVersionsRepo:
        """Model versions: retrieve by id (add them with ``model.create_version``)."""
        from annota.aio.models import AsyncModelVersionsRepo

        return AsyncModelVersionsRepo(self)

    @cached_property
    def evaluations(self) -> AsyncEvaluationsRepo:
        """Evaluations: retrieve (run them with ``project.evaluate``)."""
        from annota.aio.evaluations import AsyncEvaluationsRepo

        return AsyncEvaluationsRepo(self)

    @cached_property
    def ground_truth_jobs(self) -> AsyncGroundTruthJobsRepo:
        """Ground-truth jobs: samples annotated apart, for quality and agreement."""
        from annota.aio.quality import AsyncGroundTruthJobsRepo

        return AsyncGroundTruthJobsRepo(self)
