"""The lazy iterator over every page of a list endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar, overload
from urllib.parse import parse_qs, urlsplit

__all__ = ["AsyncPagedList", "Page", "PagedList", "cursor_of"]

T = TypeVar("T")


class Page(NamedTuple, Generic[T]):
    """One page of results: the items, the total count and whether more pages follow.

    ``cursor``: where the next page starts, as the server's ``next`` link names it.
    """

    items: Sequence[T]
    total: int
    has_next: bool
    cursor: str | None = None


def cursor_of(next_link: object) -> str | None:
    """The ``cursor`` a ``next`` link carries (None: no link, or one without a cursor)."""
    if not isinstance(next_link, str):
        return None
    found = parse_qs(urlsplit(next_link).query).get("cursor")
    return found[0] if found else None


class PagedList(Generic[T]):
    """Every item of a list endpoint, fetched one page at a time as it is iterated.

    Only the current page is held in memory, so iterating over 100,000 objects costs
    the memory of one page. Iterating again starts a new walk from the first page.

    ``len(lst)`` is the server's count (one request); ``lst[i]`` and ``lst[a:b]`` fetch
    only the pages that hold those items (negative indexes count from the end). With
    ``start_page=n`` the list begins at page ``n``: iteration, ``len()`` and indexes all
    count from there.

    A walk follows the cursor of each page's ``next`` link, so the server reads every page
    from where the last one ended (by its index) however deep it is; indexing asks for pages
    by number.

    ``fetch(page, page_size, cursor)`` returns one :class:`Page`; every call is one request.
    """

    __slots__ = ("_cached", "_cached_number", "_fetch", "_total", "page_size", "start_page")

    def __init__(
        self,
        fetch: Callable[[int, int, str | None], Page[T]],
        page_size: int,
        *,
        start_page: int = 1,
    ) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        if start_page < 1:
            raise ValueError(f"start_page must be at least 1, not {start_page}")
        self._fetch = fetch
        self.page_size = page_size
        self.start_page = start_page
        # The last page read for count or indexing (one page of memory): a later request
        # for the same page, or the walk's first page, reuses it once.
        self._cached: Page[T] | None = None
        self._cached_number = 0
        self._total: int | None = None  # the count that came with the first page read

    def _remember(self, page: Page[T]) -> Page[T]:
        if self._total is None:
            self._total = page.total
        return page

    def _page(self, number: int) -> Page[T]:
        if self._cached is None or self._cached_number != number:
            self._cached = self._remember(self._fetch(number, self.page_size, None))
            self._cached_number = number
        return self._cached

    def _take(self, number: int) -> Page[T]:
        """The page ``number`` for a walk: the cached one once, else a fresh request."""
        if self._cached is not None and self._cached_number == number:
            page, self._cached = self._cached, None
            return page
        return self._fetch(number, self.page_size, None)

    def __iter__(self) -> Iterator[T]:
        page_number = self.start_page
        page = self._take(page_number)
        while True:
            yield from page.items
            if not page.has_next or not page.items:
                return
            page_number += 1
            page = self._fetch(page_number, self.page_size, page.cursor)

    @property
    def _skipped(self) -> int:
        return (self.start_page - 1) * self.page_size

    @property
    def count(self) -> int:
        """How many items match, on all pages, as the server counted them at the first request.

        Every page carries the count, so after any indexing this costs no request.
        """
        if self._total is None:
            self._page(self.start_page)
        assert self._total is not None
        return self._total

    def __len__(self) -> int:
        """How many items this list yields (from ``start_page`` on); one request at most."""
        return max(0, self.count - self._skipped)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        """One item, or a slice as a list; fetches only the pages that hold them."""
        if isinstance(index, slice):
            # A bound that is None or negative needs the length; plain [a:b] does not.
            bounds = (index.start, index.stop)
            if any(b is None or b < 0 for b in bounds) or (index.step or 1) < 0:
                positions = range(*index.indices(len(self)))
            else:
                positions = range(index.start, index.stop, index.step or 1)
            found: list[T] = []
            for position in positions:
                item = self._at(position)
                if item is _MISSING:
                    break
                found.append(item)  # type: ignore[arg-type]
            return found
        if not isinstance(index, int):
            raise TypeError(f"list indices must be integers or slices, not {type(index).__name__}")
        position = index + len(self) if index < 0 else index
        item = self._at(position) if position >= 0 else _MISSING
        if item is _MISSING:
            raise IndexError("list index out of range")
        return item  # type: ignore[return-value]

    def _at(self, position: int) -> T | object:
        absolute = self._skipped + position
        number, offset = divmod(absolute, self.page_size)
        items = self._page(number + 1).items
        return items[offset] if offset < len(items) else _MISSING

    def first(self) -> T | None:
        """The first item, or None when nothing matches (fetches a one-item page)."""
        items = self._fetch(self._skipped + 1, 1, None).items
        return items[0] if items else None

    def to_list(self) -> list[T]:
        """Every item, in a list (fetches every page)."""
        return list(self)

    def __repr__(self) -> str:
        start = f" start_page={self.start_page}" if self.start_page != 1 else ""
        return f"<PagedList page_size={self.page_size}{start}>"


# Marks "no item there" (None may be an item).
_MISSING = object()


class AsyncPagedList(Generic[T]):
    """The asyncio twin of :class:`PagedList`: ``async for`` over every item, page by page.

    Only the current page is held in memory; iterating again starts a new walk. A walk follows
    each page's cursor, as :class:`PagedList`'s does. ``await lst.count()`` is the server's
    count, ``await lst.first()`` the first item, ``await lst.to_list()`` every item, and
    ``await lst.get(i)`` one item (fetching only its page).

    ``fetch(page, page_size, cursor)`` returns one :class:`Page`; every call is one request.
    """

    __slots__ = ("_fetch", "_total", "page_size", "start_page")

    def __init__(
        self,
        fetch: Callable[[int, int, str | None], Awaitable[Page[T]]],
        page_size: int,
        *,
        start_page: int = 1,
    ) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        if start_page < 1:
            raise ValueError(f"start_page must be at least 1, not {start_page}")
        self._fetch = fetch
        self.page_size = page_size
        self.start_page = start_page
        self._total: int | None = None

    async def _page(self, number: int, size: int, cursor: str | None) -> Page[T]:
        page = await self._fetch(number, size, cursor)
        if self._total is None:
            self._total = page.total
        return page

    async def __aiter__(self) -> AsyncIterator[T]:
        page_number = self.start_page
        page = await self._page(page_number, self.page_size, None)
        while True:
            for item in page.items:
                yield item
            if not page.has_next or not page.items:
                return
            page_number += 1
            page = await self._page(page_number, self.page_size, page.cursor)

    async def count(self) -> int:
        """How many items match, on all pages (a request unless a page was read already)."""
        if self._total is None:
            await self._page(self.start_page, 1, None)
        assert self._total is not None
        return self._total

    async def get(self, index: int) -> T:
        """The item at ``index`` (from ``start_page`` on; negative counts from the end)."""
        skipped = (self.start_page - 1) * self.page_size
        if index < 0:
            index += await self.count() - skipped
        number, offset = divmod(skipped + index, self.page_size)
        items = (await self._page(number + 1, self.page_size, None)).items if index >= 0 else ()
        if offset >= len(items):
            raise IndexError("list index out of range")
        return items[offset]

    async def first(self) -> T | None:
        """The first item, or None when nothing matches (fetches a one-item page)."""
        skipped = (self.start_page - 1) * self.page_size
        items = (await self._page(skipped + 1, 1, None)).items
        return items[0] if items else None

    async def to_list(self) -> list[T]:
        """Every item, in a list (fetches every page)."""
        return [item async for item in self]

    def __repr__(self) -> str:
        start = f" start_page={self.start_page}" if self.start_page != 1 else ""
        return f"<AsyncPagedList page_size={self.page_size}{start}>"
