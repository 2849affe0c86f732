"""Users: ``client.users`` and the User entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.users import (
    users_create,
    users_destroy,
    users_list,
    users_partial_update,
    users_reset_two_factor,
    users_retrieve,
    users_set_password,
)
from annota_api.models import (
    PasswordChangeResult,
    PasswordSetRequest,
    PatchedUserRequest,
    UserCreateRequest,
)
from annota_api.models import User as UserModel
from annota_api.models.patched_user_request import PatchedUserRequestDict
from annota_api.models.user_create_request import UserCreateRequestDict
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.proxies import security
from annota.proxies.base import (
    Creatable,
    Entity,
    Listable,
    Removable,
    Repo,
    Retrievable,
    Updatable,
    to_request_model,
)

if TYPE_CHECKING:
    _Fields = UserModel
else:
    _Fields = object


class User(
    Entity[UserModel], Updatable[PatchedUserRequest, PatchedUserRequestDict], Removable, _Fields
):
    """A user account."""

    __slots__ = ()
    _retrieve_op = users_retrieve
    _update_op = users_partial_update
    _destroy_op = users_destroy
    _patch_model = PatchedUserRequest

    def update(
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
        return self._run(self._update_steps(values, fields))

    def set_password(self, password: str) -> None:
        """Give this user a new password and revoke their sessions (administrators only).

        Afterwards the entity holds the account as it is now (its ETag changed).
        """
        body = to_request_model(PasswordSetRequest, security.text_values(password=password))
        users_set_password.sync(self._model.id, client=self._client.api, body=body)
        self.fetch()

    def reset_two_factor(self) -> None:
        """Turn off this user's two-factor without a code; revokes their sessions (admins only)."""
        users_reset_two_factor.sync(self._model.id, client=self._client.api)
        self.fetch()


class UsersRepo(
    Repo[User],
    Creatable[User, UserCreateRequest, UserCreateRequestDict],
    Retrievable[User],
    Listable[User],
):
    """``client.users``: create (administrators), retrieve and list users."""

    __slots__ = ()
    _entity = User
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
    ) -> PagedList[User]:
        """The users matching ``filters`` (``users_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)

    def change_password(
        self, old: str, new: str, *, keep_tokens: bool = False
    ) -> PasswordChangeResult:
        """An alias of :meth:`annota.Client.change_password` (the signed-in user's password).

        Kept for code written before the client had it; prefer ``client.change_password``.
        """
        return self._client.change_password(old, new, keep_tokens=keep_tokens)

    @property
    def two_factor(self) -> security.TwoFactor:
        """An alias of ``client.two_factor`` (the signed-in user's two-factor); prefer that."""
        return self._client.two_factor
