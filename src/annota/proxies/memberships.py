"""Memberships: ``client.memberships`` and the Membership entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.memberships import (
    memberships_create,
    memberships_destroy,
    memberships_list,
    memberships_partial_update,
    memberships_retrieve,
)
from annota_api.models import Membership as MembershipModel
from annota_api.models import MembershipCreateRequest, PatchedMembershipRequest
from annota_api.models.membership_create_request import MembershipCreateRequestDict
from annota_api.models.patched_membership_request import PatchedMembershipRequestDict
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    _Fields = MembershipModel
else:
    _Fields = object


class Membership(
    Entity[MembershipModel],
    Updatable[PatchedMembershipRequest, PatchedMembershipRequestDict],
    Removable,
    _Fields,
):
    """A user's membership of a workspace; ``update(role="viewer")`` changes the role."""

    __slots__ = ()
    _retrieve_op = memberships_retrieve
    _update_op = memberships_partial_update
    _destroy_op = memberships_destroy
    _patch_model = PatchedMembershipRequest

    def update(
        self,
        values: PatchedMembershipRequest | PatchedMembershipRequestDict | None = None,
        /,
        **fields: Unpack[PatchedMembershipRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedMembershipRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return self._run(self._update_steps(values, fields))


class MembershipsRepo(
    Repo[Membership],
    Creatable[Membership, MembershipCreateRequest, MembershipCreateRequestDict],
    Retrievable[Membership],
    Listable[Membership],
):
    """``client.memberships``: add, retrieve and list memberships."""

    __slots__ = ()
    _entity = Membership
    _create_op = memberships_create
    _create_model = MembershipCreateRequest
    _retrieve_op = memberships_retrieve
    _list_op = memberships_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[memberships_list.Filters],
    ) -> PagedList[Membership]:
        """The memberships matching ``filters`` (``memberships_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
