"""Review issues: ``client.issues``, ``job.issues`` and the Issue and IssueComment entities.

A job's reviewer (or a maintainer) raises an issue on one of the job's assets, pinned to a
region (a point or a box) or to a shape, with a message; the job's assignee, its reviewer and
the maintainers answer it with comments, resolve it and reopen it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

from annota_api.api.issues import (
    issues_create,
    issues_create_comment,
    issues_destroy,
    issues_list,
    issues_list_comments,
    issues_partial_update,
    issues_retrieve,
)
from annota_api.models import Issue as IssueModel
from annota_api.models import IssueComment as IssueCommentModel
from annota_api.models import (
    IssueCommentRequest,
    IssueCreateRequest,
    IssueRegionKind,
    IssueRegionRequest,
    PatchedIssueRequest,
)
from annota_api.types import UNSET
from typing_extensions import Unpack

from annota.errors import InvalidRequestError
from annota.paging import Page, PagedList, cursor_of
from annota.proxies.base import Entity, Listable, Removable, Repo, Retrievable
from annota.refs import Ref, id_of

if TYPE_CHECKING:
    from annota.client import Client

    _Fields = IssueModel
    _CommentFields = IssueCommentModel
else:
    _Fields = object
    _CommentFields = object

Region = Sequence[float] | Mapping[str, Any]
"""Where to pin an issue: ``(x, y)`` (a point), ``(x_min, y_min, x_max, y_max)`` (a box), or
the API's ``{"kind": "point" | "box", "points": [...]}``."""


def _region(value: Region) -> IssueRegionRequest:
    """The request model of a region given as a tuple of 2 or 4 numbers, or as the API's dict."""
    if isinstance(value, Mapping):
        kind, points = value.get("kind"), value.get("points")
    else:
        points = list(value)
        kind = {2: "point", 4: "box"}.get(len(points))
    if kind not in ("point", "box") or not isinstance(points, Sequence):
        raise InvalidRequestError(
            "region: expected (x, y), (x_min, y_min, x_max, y_max) or {'kind', 'points'}"
        )
    return IssueRegionRequest(kind=IssueRegionKind(kind), points=[float(p) for p in points])


class IssueComment(Entity[IssueCommentModel], _CommentFields):
    """An answer to a review issue (``author``, ``message``, ``created_at``)."""

    __slots__ = ()

    def fetch(self) -> Self:
        """Comments are read through their issue (:meth:`Issue.get_comments`); nothing to do."""
        return self


class Issue(Entity[IssueModel], Removable, _Fields):
    """A review issue on an asset of a job.

    Where it is pinned (``asset``, ``shape``, ``region``), its ``message`` and whether it is
    ``resolved``; ``remove()`` deletes it (its author or a maintainer).
    """

    __slots__ = ()
    _retrieve_op = issues_retrieve
    _destroy_op = issues_destroy

    def comment(self, message: str) -> IssueComment:
        """Answer the issue; the entity then counts the comment (it is read again).

        Raises:
            PermissionDeniedError: the caller is not the job's assignee, reviewer or a maintainer.

        """
        response = issues_create_comment.sync_detailed(
            self._model.id, client=self._client.api, body=IssueCommentRequest(message=message)
        )
        self.fetch()
        return IssueComment(self._client, response.parsed)

    def get_comments(self) -> PagedList[IssueComment]:
        """The issue's comments, oldest first (lazily paged)."""
        client, issue_id = self._client, self._model.id

        def fetch(page: int, size: int, cursor: str | None) -> Page[IssueComment]:
            parsed = issues_list_comments.sync(
                issue_id, client=client.api, page=page, page_size=size, cursor=cursor or UNSET
            )
            return Page(
                [IssueComment(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)

    def resolve(self) -> Self:
        """Mark the issue resolved (guarded by the ETag it was last read with)."""
        return self._set_resolved(True)

    def reopen(self) -> Self:
        """Open the issue again (guarded by the ETag it was last read with)."""
        return self._set_resolved(False)

    def _set_resolved(self, resolved: bool) -> Self:
        response = issues_partial_update.sync_detailed(
            self._model.id,
            client=self._client.api,
            body=PatchedIssueRequest(resolved=resolved),
            if_match=self.etag or UNSET,
        )
        return self._set(response)

    def __repr__(self) -> str:
        state = "resolved" if self._model.resolved else "open"
        return f"<Issue id={self._model.id} {state} asset={self._model.asset}>"


class IssuesRepo(Repo[Issue], Retrievable[Issue], Listable[Issue]):
    """``client.issues``: retrieve and list review issues of every job the caller sees.

    ``list(job=..., task=..., project=..., asset=..., resolved=False, author="name")``;
    raise them through a job: ``job.issues.create(...)``.
    """

    __slots__ = ()
    _entity = Issue
    _retrieve_op = issues_retrieve
    _list_op = issues_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[issues_list.Filters],
    ) -> PagedList[Issue]:
        """The issues matching ``filters`` (``issues_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)


class JobIssues:
    """``job.issues``: raise and list the review issues of one job."""

    __slots__ = ("_client", "_job_id")

    def __init__(self, client: Client, job_id: int) -> None:
        self._client = client
        self._job_id = job_id

    def create(
        self,
        asset: Ref,
        *,
        message: str,
        region: Region | None = None,
        shape: Ref | None = None,
    ) -> Issue:
        """Raise an issue on an asset of the job, pinned to a ``region``, a ``shape`` or both.

        ``region`` is ``(x, y)`` for a point or ``(x_min, y_min, x_max, y_max)`` for a box, in
        the asset's pixels; pinned to a shape alone, the issue's region is the shape's box.

        Raises:
            InvalidRequestError: neither a region nor a shape, or a region of another length.
            PermissionDeniedError: the caller is not the job's reviewer or a maintainer.
            ValidationError: the asset is not the job's, the shape not on the asset, or the
                region outside the asset (naming the field).

        """
        if region is None and shape is None:
            raise InvalidRequestError("pin the issue to a region, a shape or both")
        body = IssueCreateRequest(
            asset=id_of(asset, "asset"),
            message=message,
            region=UNSET if region is None else _region(region),
            shape=UNSET if shape is None else id_of(shape, "shape"),
        )
        response = issues_create.sync_detailed(self._job_id, client=self._client.api, body=body)
        return Issue(self._client, response.parsed, response.headers.get("ETag"))

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[issues_list.Filters],
    ) -> PagedList[Issue]:
        """The job's issues (filters as :meth:`IssuesRepo.list`: ``resolved=False``...)."""
        client = self._client
        if client.workspace is not None:
            client = client.with_workspace(None)
        return client.issues._list(page_size, start_page, {**filters, "job": self._job_id})

    def __repr__(self) -> str:
        return f"<JobIssues job={self._job_id}>"
