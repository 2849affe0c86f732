"""The asyncio twins of ``annota.proxies.workspaces`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/workspaces.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.memberships import memberships_list
from annota_api.api.workspaces import (
    workspaces_create,
    workspaces_destroy,
    workspaces_list,
    workspaces_partial_update,
    workspaces_retrieve,
)
from annota_api.models import (
    PatchedWorkspaceRequest,
    WorkspaceCreateRequest,
)
from annota_api.models import Workspace as WorkspaceModel
from annota_api.models.patched_workspace_request import PatchedWorkspaceRequestDict
from annota_api.models.workspace_create_request import WorkspaceCreateRequestDict
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
    Updatable,
)

if TYPE_CHECKING:
    from annota.aio.memberships import AsyncMembership

    _Fields = WorkspaceModel
else:
    _Fields = object


class AsyncWorkspace(
    AsyncEntity[WorkspaceModel],
    Updatable[PatchedWorkspaceRequest, PatchedWorkspaceRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.workspaces.Workspace`.

    Blocking only so far (use the :class:`~annota.Client`): ``client``, ``add_member``,
    ``get_projects``, ``create_project``.
    """

    __slots__ = ()
    _retrieve_op = workspaces_retrieve
    _update_op = workspaces_partial_update
    _destroy_op = workspaces_destroy
    _patch_model = PatchedWorkspaceRequest

    async def update(
        self,
        values: PatchedWorkspaceRequest | PatchedWorkspaceRequestDict | None = None,
        /,
        **fields: Unpack[PatchedWorkspaceRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedWorkspaceRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return await self._run(self._update_steps(values, fields))

    def get_members(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[memberships_list.Filters],
    ) -> AsyncPagedList[AsyncMembership]:
        """The workspace's memberships (lazily paged)."""
        return self._unscoped().memberships._list(
            page_size, start_page, {**filters, "workspace": self._model.id}
        )


class AsyncWorkspacesRepo(
    AsyncRepo[AsyncWorkspace],
    AsyncCreatable[AsyncWorkspace, WorkspaceCreateRequest, WorkspaceCreateRequestDict],
    AsyncRetrievable[AsyncWorkspace],
    AsyncListable[AsyncWorkspace],
):
    """The asyncio twin of :class:`annota.proxies.workspaces.WorkspacesRepo`.

    Blocking only so far (use the :class:`~annota.Client`): ``last_active``, ``find``,
    ``retrieve_by_slug``.
    """

    __slots__ = ()
    _entity = AsyncWorkspace
    _create_op = workspaces_create
    _create_model = WorkspaceCreateRequest
    _retrieve_op = workspaces_retrieve
    _list_op = workspaces_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[workspaces_list.Filters],
    ) -> AsyncPagedList[AsyncWorkspace]:
        """The workspaces matching ``filters`` (``workspaces_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
