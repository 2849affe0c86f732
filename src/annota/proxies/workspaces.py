"""Workspaces: ``client.workspaces`` and the Workspace entity."""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any, Self

from annota_api.api.memberships import memberships_list
from annota_api.api.projects import projects_list
from annota_api.api.workspaces import (
    workspaces_create,
    workspaces_destroy,
    workspaces_list,
    workspaces_partial_update,
    workspaces_retrieve,
)
from annota_api.models import (
    MembershipCreateRequest,
    MembershipRole,
    PatchedWorkspaceRequest,
    WorkspaceCreateRequest,
)
from annota_api.models import Workspace as WorkspaceModel
from annota_api.models.patched_workspace_request import PatchedWorkspaceRequestDict
from annota_api.models.workspace_create_request import WorkspaceCreateRequestDict
from typing_extensions import Unpack

from annota.errors import AmbiguousNameError, InvalidRequestError, NotFoundError
from annota.paging import PagedList
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    from annota.client import Client
    from annota.proxies.memberships import Membership
    from annota.proxies.projects import Project
    from annota.proxies.users import User

    _Fields = WorkspaceModel
else:
    _Fields = object


# The X-Workspace header's pattern (openapi.yaml): anything else cannot be a slug.
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class Workspace(
    Entity[WorkspaceModel],
    Updatable[PatchedWorkspaceRequest, PatchedWorkspaceRequestDict],
    Removable,
    _Fields,
):
    """A workspace: members with roles, and the projects they share."""

    __slots__ = ()
    _retrieve_op = workspaces_retrieve
    _update_op = workspaces_partial_update
    _destroy_op = workspaces_destroy
    _patch_model = PatchedWorkspaceRequest

    def update(
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
        return self._run(self._update_steps(values, fields))

    @property
    def client(self) -> Client:
        """A client scoped to this workspace (shares the connection pool)."""
        return self._client.with_workspace(self._model.slug)

    def get_members(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[memberships_list.Filters],
    ) -> PagedList[Membership]:
        """The workspace's memberships (lazily paged)."""
        return self._unscoped().memberships._list(
            page_size, start_page, {**filters, "workspace": self._model.id}
        )

    def add_member(self, user: User | int, role: str) -> Membership:
        """Add a user (a User or its id) with a role: owner, maintainer, member or viewer."""
        user_id = user if isinstance(user, int) else user.model.id
        return self._client.memberships.create(
            MembershipCreateRequest(
                workspace=self._model.id, user=user_id, role=MembershipRole(role)
            )
        )

    def get_projects(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[projects_list.Filters],
    ) -> PagedList[Project]:
        """The workspace's projects (lazily paged)."""
        return self.client.projects.list(page_size=page_size, start_page=start_page, **filters)

    def create_project(self, spec: Any) -> Project:
        """Create a project in this workspace."""
        return self.client.projects.create(spec)


class WorkspacesRepo(
    Repo[Workspace],
    Creatable[Workspace, WorkspaceCreateRequest, WorkspaceCreateRequestDict],
    Retrievable[Workspace],
    Listable[Workspace],
):
    """``client.workspaces``: create, retrieve and list workspaces."""

    __slots__ = ()
    _entity = Workspace
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
    ) -> PagedList[Workspace]:
        """The workspaces matching ``filters`` (``workspaces_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)

    def last_active(self) -> Workspace | None:
        """The caller's own workspace with the latest activity (None when they have none).

        An alias of ``client.last_workspace``. Only workspaces the caller is a member of
        count (an administrator sees every workspace, but their last one is among their
        own). Activity is an edit of the workspace or a write to anything in it, to the minute.
        """
        everywhere = self._client.with_workspace(None).workspaces
        return everywhere.list(member=True, sort="-updated_at").first()

    def find(self, key: str | int) -> Workspace:
        """One workspace by slug, id or name; ``""`` is the caller's personal workspace.

        A string is tried as a slug first, then (all digits) as an id, then as a name; an int
        is an id. What ``connect(workspace=)`` and ``client.workspace = ...`` accept.

        Raises:
            NotFoundError: no workspace the caller can see answers to ``key``.
            AmbiguousNameError: several workspaces have that name (the message lists their
                slugs; name one by its slug or id).

        """
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise InvalidRequestError(f"workspace: a slug, an id or a name, not {key!r}")
        if key == "":
            return self._client.my_workspace
        # Not self.list(): the server limits it to the client's X-Workspace workspace.
        everywhere = self._client.with_workspace(None).workspaces
        if isinstance(key, int):
            return everywhere.retrieve(key)
        found = everywhere.list(slug=key).first() if _SLUG.fullmatch(key) else None
        if found is None and key.isdigit():
            with contextlib.suppress(NotFoundError):
                found = everywhere.retrieve(int(key))
        if found is not None:
            return found
        named = everywhere.list(name=key, sort="slug").to_list()
        if len(named) == 1:
            return named[0]
        if named:
            slugs = [space.model.slug for space in named]
            raise AmbiguousNameError(
                f"{len(named)} workspaces are named {key!r} ({', '.join(slugs)}); "
                "give a slug or an id instead",
                slugs,
            )
        raise NotFoundError(
            404, {"title": "Not Found", "detail": f"no workspace with the slug, id or name {key!r}"}
        )

    def retrieve_by_slug(self, slug: str) -> Workspace:
        """Read one workspace by its slug.

        Raises:
            NotFoundError: no workspace the caller can see has that slug.

        """
        # Not self.list(): the server limits it to the client's X-Workspace workspace.
        found = self._client.with_workspace(None).workspaces.list(slug=slug).first()
        if found is None:
            raise NotFoundError(404, {"title": "Not Found", "detail": f"no workspace {slug!r}"})
        return found
