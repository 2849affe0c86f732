"""Personal access tokens: ``client.tokens`` and the AccessToken entity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.tokens import tokens_create, tokens_destroy, tokens_list, tokens_retrieve
from annota_api.models import AccessToken as AccessTokenModel
from annota_api.models import AccessTokenCreateRequest
from annota_api.models.access_token_create_request import AccessTokenCreateRequestDict
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable
from annota.proxies.seam import DestroyOp

if TYPE_CHECKING:
    _Fields = AccessTokenModel
else:
    _Fields = object


class AccessToken(Entity[AccessTokenModel], Removable, _Fields):
    """A personal access token; ``remove()`` revokes it."""

    __slots__ = ()
    _retrieve_op = tokens_retrieve
    _destroy_op: DestroyOp = tokens_destroy  # typed here too: remove() below calls it

    @property
    def secret(self) -> str | None:
        """The token's secret: known only on the entity that ``create()`` returned."""
        secret = getattr(self._model, "token", None)
        return secret if isinstance(secret, str) else None

    def remove(self) -> None:
        """Revoke the token, even if it changed since it was read.

        Each use of a token changes its ``last_used_at``, and so its ETag: a revocation
        guarded by ``If-Match`` would fail for any token used since it was read.
        """
        self._destroy_op.sync_detailed(self._model.id, client=self._client.api)

    def __repr__(self) -> str:  # never show the secret
        return f"<AccessToken id={self._model.id} name={self._model.name!r}>"


class TokensRepo(
    Repo[AccessToken],
    Creatable[AccessToken, AccessTokenCreateRequest, AccessTokenCreateRequestDict],
    Retrievable[AccessToken],
    Listable[AccessToken],
):
    """``client.tokens``: create, retrieve, list and (through the entity) revoke tokens."""

    __slots__ = ()
    _entity = AccessToken
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
    ) -> PagedList[AccessToken]:
        """The tokens matching ``filters`` (``tokens_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
