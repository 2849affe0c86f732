"""The asyncio twins of ``annota.proxies.issues`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/issues.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.issues import (
    issues_destroy,
    issues_list,
    issues_retrieve,
)
from annota_api.models import Issue as IssueModel
from annota_api.models import IssueComment as IssueCommentModel
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _Fields = IssueModel
    _CommentFields = IssueCommentModel
else:
    _Fields = object
    _CommentFields = object


class AsyncIssueComment(AsyncEntity[IssueCommentModel]):
    """The asyncio twin of :class:`annota.proxies.issues.IssueComment`.

    Blocking only so far (use the :class:`~annota.Client`): ``fetch``.
    """

    __slots__ = ()


class AsyncIssue(AsyncEntity[IssueModel], AsyncRemovable, _Fields):
    """The asyncio twin of :class:`annota.proxies.issues.Issue`.

    Blocking only so far (use the :class:`~annota.Client`): ``comment``, ``get_comments``,
    ``resolve``, ``reopen``.
    """

    __slots__ = ()
    _retrieve_op = issues_retrieve
    _destroy_op = issues_destroy

    def __repr__(self) -> str:
        state = "resolved" if self._model.resolved else "open"
        return f"<AsyncIssue id={self._model.id} {state} asset={self._model.asset}>"


class AsyncIssuesRepo(
    AsyncRepo[AsyncIssue], AsyncRetrievable[AsyncIssue], AsyncListable[AsyncIssue]
):
    """The asyncio twin of :class:`annota.proxies.issues.IssuesRepo`."""

    __slots__ = ()
    _entity = AsyncIssue
    _retrieve_op = issues_retrieve
    _list_op = issues_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[issues_list.Filters],
    ) -> AsyncPagedList[AsyncIssue]:
        """The issues matching ``filters`` (``issues_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
