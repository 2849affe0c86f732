"""The asyncio twins of ``annota.proxies.users`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/users.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.users import (
    users_create,
    users_destroy,
    users_list,
    users_partial_update,
    users_retrieve,
)
from annota_api.models import (
    PatchedUserRequest,
    UserCreateRequest,
)
from annota_api.models import User as UserModel
from annota_api.models.patched_user_request import PatchedUserRequestDict
from annota_api.models.user_create_request import UserCreateRequestDict
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
    _Fields = UserModel
else:
    _Fields = object


class AsyncUser(
    AsyncEntity[UserModel],
    Updatable[PatchedUserRequest, PatchedUserRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.users.User`.

    Blocking only so far (use the :class:`~annota.Client`): ``set_password``,
    ``reset_two_factor``.
    """

    __slots__ = ()
    _retrieve_op = users_retrieve
    _update_op = users_partial_update
    _destroy_op = users_destroy
    _patch_model = PatchedUserRequest

    async def update(
        self,
        values: PatchedUserRequest | PatchedUserRequestDict | None = None,
        /,
        **fields: Unpack[PatchedUserRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedUserRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return await self._run(self._update_steps(values, fields))


class AsyncUsersRepo(
    AsyncRepo[AsyncUser],
    AsyncCreatable[AsyncUser, UserCreateRequest, UserCreateRequestDict],
    AsyncRetrievable[AsyncUser],
    AsyncListable[AsyncUser],
):
    """The asyncio twin of :class:`annota.proxies.users.UsersRepo`.

    Blocking only so far (use the :class:`~annota.Client`): ``change_password``,
    ``two_factor``.
    """

    __slots__ = ()
    _entity = AsyncUser
    _create_op = users_create
    _create_model = UserCreateRequest
    _retrieve_op = users_retrieve
    _list_op = users_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[users_list.Filters],
    ) -> AsyncPagedList[AsyncUser]:
        """The users matching ``filters`` (``users_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
