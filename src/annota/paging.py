"""The lazy iterator over every page of a list endpoint."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar

__all__ = ["Page", "PagedList"]

T = TypeVar("T")


class Page(NamedTuple, Generic[T]):
    """One page of results: the items, the total count and whether more pages follow."""

    items: Sequence[T]
    total: int
    has_next: bool


class PagedList(Generic[T]):
    """Every item of a list endpoint, fetched one page at a time as it is iterated.

    Only the current page is held in memory, so iterating over 100,000 objects costs
    the memory of one page. Iterating again starts a new walk from the first page.

    ``fetch(page, page_size)`` returns one :class:`Page`; every call is one request.
    """

    __slots__ = ("_fetch", "_first", "page_size")

    def __init__(self, fetch: Callable[[int, int], Page[T]], page_size: int) -> None:
        self._fetch = fetch
        self.page_size = page_size
        # The first page, kept when `count` asked for it so iteration can reuse it once.
        self._first: Page[T] | None = None

    def __iter__(self) -> Iterator[T]:
        page_number = 1
        page, self._first = self._first or self._fetch(1, self.page_size), None
        while True:
            yield from page.items
            if not page.has_next or not page.items:
                return
            page_number += 1
            page = self._fetch(page_number, self.page_size)

    @property
    def count(self) -> int:
        """How many items match, on all pages, as the server counts them."""
        if self._first is None:
            self._first = self._fetch(1, self.page_size)
        return self._first.total

    def first(self) -> T | None:
        """The first item, or None when nothing matches (fetches a one-item page)."""
        items = self._fetch(1, 1).items
        return items[0] if items else None

    def to_list(self) -> list[T]:
        """Every item, in a list (fetches every page)."""
        return list(self)

    def __repr__(self) -> str:
        return f"<PagedList page_size={self.page_size}>"
