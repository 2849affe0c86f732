"""The lazy paged iterator, against an in-memory page source."""

from __future__ import annotations

from annota.paging import Page, PagedList, cursor_of


class Source:
    def __init__(self, total: int) -> None:
        self.items = list(range(total))
        self.calls: list[tuple[int, int]] = []

    def __call__(self, page: int, size: int, cursor: str | None = None) -> Page[int]:
        self.calls.append((page, size))
        start = (page - 1) * size
        chunk = self.items[start : start + size]
        return Page(chunk, len(self.items), start + size < len(self.items))


def test_nothing_is_fetched_until_iterated() -> None:
    source = Source(25)
    PagedList(source, 10)
    assert source.calls == []


def test_iterates_every_page_once() -> None:
    source = Source(25)
    assert list(PagedList(source, 10)) == list(range(25))
    assert source.calls == [(1, 10), (2, 10), (3, 10)]


def test_fetches_lazily_one_page_at_a_time() -> None:
    source = Source(25)
    iterator = iter(PagedList(source, 10))
    assert [next(iterator) for _ in range(11)] == list(range(11))
    assert source.calls == [(1, 10), (2, 10)]


def test_count_reuses_the_first_page_for_iteration() -> None:
    source = Source(25)
    items = PagedList(source, 10)
    assert items.count == 25
    assert items.to_list() == list(range(25))
    assert source.calls == [(1, 10), (2, 10), (3, 10)]


def test_first_asks_for_one_item() -> None:
    source = Source(5)
    assert PagedList(source, 10).first() == 0
    assert source.calls == [(1, 1)]
    assert PagedList(Source(0), 10).first() is None


def test_empty_list() -> None:
    assert PagedList(Source(0), 10).to_list() == []


class CursorSource:
    """Pages that name where the next one starts, as the server's next links do."""

    def __init__(self, total: int) -> None:
        self.items = list(range(total))
        self.calls: list[tuple[int, str | None]] = []

    def __call__(self, page: int, size: int, cursor: str | None = None) -> Page[int]:
        self.calls.append((page, cursor))
        start = (page - 1) * size if cursor is None else int(cursor) + 1
        chunk = self.items[start : start + size]
        more = start + size < len(self.items)
        return Page(chunk, len(self.items), more, str(chunk[-1]) if more else None)


def test_a_walk_follows_each_pages_cursor() -> None:
    source = CursorSource(25)
    assert list(PagedList(source, 10)) == list(range(25))
    assert source.calls == [(1, None), (2, "9"), (3, "19")]


def test_indexing_asks_for_pages_by_number() -> None:
    source = CursorSource(25)
    assert PagedList(source, 10)[21] == 21
    assert source.calls == [(3, None)]


def test_cursor_of_a_next_link() -> None:
    assert cursor_of("http://h/api/tasks?page=3&page_size=2&cursor=WyJpZCIsNF0") == "WyJpZCIsNF0"
    assert cursor_of("http://h/api/tasks?page=3") is None
    assert cursor_of(None) is None
