"""The asyncio twins of ``annota.proxies.memberships`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/memberships.py`` and run ``make gen``.
"""

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
    _Fields = MembershipModel
else:
    _Fields = object


class AsyncMembership(
    AsyncEntity[MembershipModel],
    Updatable[PatchedMembershipRequest, PatchedMembershipRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.memberships.Membership`."""

    __slots__ = ()
    _retrieve_op = memberships_retrieve
    _update_op = memberships_partial_update
    _destroy_op = memberships_destroy
    _patch_model = PatchedMembershipRequest

    async def update(
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
        return await self._run(self._update_steps(values, fields))


class AsyncMembershipsRepo(
    AsyncRepo[AsyncMembership],
    AsyncCreatable[AsyncMembership, MembershipCreateRequest, MembershipCreateRequestDict],
    AsyncRetrievable[AsyncMembership],
    AsyncListable[AsyncMembership],
):
    """The asyncio twin of :class:`annota.proxies.memberships.MembershipsRepo`."""

    __slots__ = ()
    _entity = AsyncMembership
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
    ) -> AsyncPagedList[AsyncMembership]:
        """The memberships matching ``filters`` (``memberships_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
