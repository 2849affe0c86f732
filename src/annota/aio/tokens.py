"""The asyncio twins of ``annota.proxies.tokens`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/tokens.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.tokens import tokens_create, tokens_destroy, tokens_list, tokens_retrieve
from annota_api.models import AccessToken as AccessTokenModel
from annota_api.models import AccessTokenCreateRequest
from annota_api.models.access_token_create_request import AccessTokenCreateRequestDict
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
)
from annota.proxies.seam import DestroyOp

if TYPE_CHECKING:
    _Fields = AccessTokenModel
else:
    _Fields = object


class AsyncAccessToken(AsyncEntity[AccessTokenModel], AsyncRemovable, _Fields):
    """The asyncio twin of :class:`annota.proxies.tokens.AccessToken`.

    Blocking only so far (use the :class:`~annota.Client`): ``secret``, ``remove``.
    """

    __slots__ = ()
    _retrieve_op = tokens_retrieve
    _destroy_op: DestroyOp = tokens_destroy  # typed here too: remove() below calls it

    def __repr__(self) -> str:  # never show the secret
        return f"<AsyncAccessToken id={self._model.id} name={self._model.name!r}>"


class AsyncTokensRepo(
    AsyncRepo[AsyncAccessToken],
    AsyncCreatable[AsyncAccessToken, AccessTokenCreateRequest, AccessTokenCreateRequestDict],
    AsyncRetrievable[AsyncAccessToken],
    AsyncListable[AsyncAccessToken],
):
    """The asyncio twin of :class:`annota.proxies.tokens.TokensRepo`."""

    __slots__ = ()
    _entity = AsyncAccessToken
    _create_op = tokens_create
    _create_model = AccessTokenCreateRequest
    _retrieve_op = tokens_retrieve
    _list_op = tokens_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[tokens_list.Filters],
    ) -> AsyncPagedList[AsyncAccessToken]:
        """The tokens matching ``filters`` (``tokens_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
