"""The lazy paged iterator, against an in-memory page source."""

from __future__ import annotations

from annota.paging import Page, PagedList


class Source:
    def __init__(self, total: int) -> None:
        self.items = list(range(total))
        self.calls: list[tuple[int, int]] = []

    def __call__(self, page: int, size: int) -> Page[int]:
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
