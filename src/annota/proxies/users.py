"""Users: ``client.users`` and the User entity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.users import (
    users_create,
    users_destroy,
    users_list,
    users_partial_update,
    users_retrieve,
)
from annota_api.models import PatchedUserRequest, UserCreateRequest
from annota_api.models import User as UserModel
from annota_api.models.patched_user_request import PatchedUserRequestDict
from annota_api.models.user_create_request import UserCreateRequestDict

from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable

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
