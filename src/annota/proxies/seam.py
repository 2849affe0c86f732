"""The typed seam between the core and the generated operations.

A resource names its operations as modules of ``annota_api.api`` (``_retrieve_op =
projects_retrieve``); the mixins declare those attributes with these Protocols, and mypy checks
each module against them. An operation of another shape than the mixin calls (no ``id``,
another model, another request body) fails ``mypy --strict`` where the resource is declared,
and a wrong call from a mixin fails where it is written (``tests/typecheck/wrong_calls.py``).
What the core needs to know about an operation beyond its signature (a list operation's
filters) is generated as module constants, so nothing is looked up by convention at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from annota_api.client import Client as ApiClient
from annota_api.types import Response, Unset

M = TypeVar("M")
M_co = TypeVar("M_co", covariant=True)
B_contra = TypeVar("B_contra", contravariant=True)


class RetrieveOp(Protocol[M]):
    """``<tag>_retrieve``: one object by id."""

    def sync_detailed(self, id: int, *, client: ApiClient) -> Response[M]:
        """Read the object; the response carries its ETag."""
        ...


class CreateOp(Protocol[M, B_contra]):
    """``<tag>_create``: a new object from a request model."""

    def sync_detailed(self, *, client: ApiClient, body: B_contra) -> Response[M]:
        """Create the object."""
        ...


class UpdateOp(Protocol[M, B_contra]):
    """``<tag>_partial_update``: a PATCH guarded by ``If-Match``."""

    def sync_detailed(
        self, id: int, *, client: ApiClient, body: B_contra, if_match: str | Unset = ...
    ) -> Response[M]:
        """Change the object."""
        ...


class DestroyOp(Protocol):
    """``<tag>_destroy``: a DELETE, guarded by ``If-Match`` when one is given."""

    def sync_detailed(self, id: int, *, client: ApiClient, if_match: str | Unset = ...) -> Any:
        """Delete the object."""
        ...


class Page(Protocol[M_co]):
    """What a generated ``Paginated...List`` model offers."""

    @property
    def count(self) -> int:
        """How many objects match, on every page."""
        ...

    @property
    def results(self) -> Sequence[M_co]:
        """The objects on the page."""
        ...

    @property
    def next_(self) -> str | None | Unset:
        """The next page's URL, None on the last page."""
        ...


class ListOp(Protocol[M_co]):
    """``<tag>_list``: one page; the filters are its other keyword arguments."""

    @property
    def KEYWORDS(self) -> frozenset[str]:  # noqa: N802 (a module constant)
        """The keyword arguments that are parameters: filters, paging, headers."""
        ...

    @property
    def LIST_KEYWORDS(self) -> frozenset[str]:  # noqa: N802 (a module constant)
        """Those of :attr:`KEYWORDS` that take several values (``status=[...]``)."""
        ...

    def sync(
        self,
        *,
        client: ApiClient,
        page: int | Unset = ...,
        page_size: int | Unset = ...,
        cursor: str | Unset = ...,
    ) -> Page[M_co]:
        """Read one page."""
        ...


class ReadOp(Protocol[M_co]):
    """An operation on one object by id that returns a model (``tasks_retrieve_annotations``)."""

    def sync(self, id: int, *, client: ApiClient) -> M_co:
        """Run the operation."""
        ...


class WriteOp(Protocol[B_contra, M_co]):
    """An operation on one object by id with a request body (``tasks_update_annotations``)."""

    def sync(self, id: int, *, client: ApiClient, body: B_contra) -> M_co:
        """Run the operation."""
        ...


class GuardedWriteOp(WriteOp[B_contra, M], Protocol[B_contra, M]):
    """A :class:`WriteOp` guarded by ``If-Match`` that answers the new ETag."""

    def sync_detailed(
        self, id: int, *, client: ApiClient, body: B_contra, if_match: str | Unset = ...
    ) -> Response[M]:
        """Run the operation; 412 when ``if_match`` is stale."""
        ...
