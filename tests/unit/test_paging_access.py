"""len(), indexing, slices and start_page of the lazy list: which pages each one fetches."""

from __future__ import annotations

import pytest

from annota.paging import Page, PagedList


class Source:
    def __init__(self, total: int) -> None:
        self.items = list(range(total))
        self.calls: list[int] = []

    def __call__(self, page: int, size: int, cursor: str | None = None) -> Page[int]:
        self.calls.append(page)
        start = (page - 1) * size
        return Page(
            self.items[start : start + size], len(self.items), start + size < len(self.items)
        )


def test_len_is_the_servers_count_in_one_request() -> None:
    source = Source(25)
    listed = PagedList(source, 10)
    assert len(listed) == 25
    assert source.calls == [1]
    assert len(PagedList(Source(0), 10)) == 0


def test_an_index_fetches_only_its_page() -> None:
    source = Source(25)
    listed = PagedList(source, 10)
    assert listed[13] == 13
    assert source.calls == [2]
    assert listed[17] == 17
    assert source.calls == [2], "the same page is not fetched again"
    assert listed[-1] == 24
    assert source.calls == [2, 3], "the count came with page 2: a negative index needs no more"


def test_an_index_out_of_range_raises() -> None:
    listed = PagedList(Source(5), 10)
    with pytest.raises(IndexError):
        listed[5]
    with pytest.raises(IndexError):
        listed[-6]
    with pytest.raises(TypeError):
        listed["1"]  # type: ignore[call-overload]


def test_slices_fetch_the_pages_they_span() -> None:
    source = Source(45)
    listed = PagedList(source, 10)
    assert listed[8:12] == [8, 9, 10, 11]
    assert source.calls == [1, 2]
    source.calls.clear()
    assert listed[40:100] == [40, 41, 42, 43, 44]
    assert source.calls == [5]
    assert listed[-3:] == [42, 43, 44]
    assert listed[::20] == [0, 20, 40]
    assert listed[3:0:-1] == [3, 2, 1]
    assert listed[5:5] == []


def test_start_page_begins_the_walk_there() -> None:
    source = Source(25)
    listed = PagedList(source, 10, start_page=2)
    assert list(listed) == list(range(10, 25))
    assert source.calls == [2, 3]
    assert len(listed) == 15
    assert listed[0] == 10
    assert listed[-1] == 24
    assert listed.first() == 10
    assert len(PagedList(Source(5), 10, start_page=3)) == 0
    assert list(PagedList(Source(5), 10, start_page=3)) == []


def test_sizes_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="start_page"):
        PagedList(Source(1), 10, start_page=0)
    with pytest.raises(ValueError, match="page_size"):
        PagedList(Source(1), 0)


def test_every_list_operations_filters_are_its_keywords_but_paging() -> None:
    """The typed Filters (what mypy checks) and KEYWORDS (what list() checks) agree."""
    import importlib
    import pkgutil

    import annota_api.api

    checked = 0
    for info in pkgutil.walk_packages(annota_api.api.__path__, "annota_api.api."):
        module = importlib.import_module(info.name)
        if not hasattr(module, "KEYWORDS"):
            continue
        keys = set(module.Filters.__annotations__)
        python_names = module.KEYWORDS - {"page", "page_size", "cursor"}
        assert python_names | {"timeout", "extra_headers"} <= keys, info.name
        aliases = keys - python_names - {"timeout", "extra_headers"}
        # An alias is an API name of a parameter (`type` for `type_`, `username__like`).
        assert all(
            alias.replace("__", "_") in python_names or f"{alias}_" in python_names
            for alias in aliases
        ), aliases
        checked += 1
    assert checked >= 10


def test_every_listable_repository_and_updatable_entity_declares_its_typed_method() -> None:
    """A resource that mixes in Listable or Updatable declares list()/update() itself, typed."""
    import importlib
    import inspect
    import pkgutil

    import annota.proxies
    from annota.proxies.base import Listable, Updatable

    seen = 0
    for info in pkgutil.iter_modules(annota.proxies.__path__, "annota.proxies."):
        for cls in vars(importlib.import_module(info.name)).values():
            if not isinstance(cls, type) or cls.__module__ != info.name:
                continue
            for mixin, method in ((Listable, "list"), (Updatable, "update")):
                if issubclass(cls, mixin) and cls is not mixin:
                    seen += 1
                    assert method in vars(cls), f"{cls.__name__} declares no {method}()"
                    keywords = inspect.signature(vars(cls)[method]).parameters
                    (variadic,) = [p for p in keywords.values() if p.kind is p.VAR_KEYWORD]
                    assert "Unpack[" in str(variadic.annotation), (cls.__name__, variadic)
    assert seen >= 18
