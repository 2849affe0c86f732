"""The incremental JSON reader gives what json.loads gives, within its limits."""

from __future__ import annotations

import io
import json
from typing import Any

import ijson
import pytest

from annota_server.datasets import jsonread

DOCUMENTS: list[Any] = [
    {"a": [1, 2.5, -3e-7, True, False, None, 'x\u00e9\\"\n\U0001f600'], "b": {}, "c": []},
    [[[[]]], {"k": {"k": {"k": -9007199254740993}}}],
    "just text",
    0,
    {"dup": 1, "dup": 2},  # noqa: F601 (the last one wins, as with json.loads)
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_it_reads_what_json_loads_reads(document: Any) -> None:
    text = json.dumps(document).encode()
    assert jsonread.load(io.BytesIO(text), max_depth=10, max_memory=10**6) == json.loads(text)


def test_depth_and_memory_limits_stop_the_read() -> None:
    with pytest.raises(jsonread.JsonLimitError, match="deeper than 3"):
        jsonread.load(io.BytesIO(b"[[[[1]]]]"), max_depth=3, max_memory=10**6)
    assert jsonread.load(io.BytesIO(b"[[[1]]]"), max_depth=3, max_memory=10**6) == [[[1]]]
    with pytest.raises(jsonread.JsonLimitError, match="more than 1000 bytes"):
        jsonread.load(io.BytesIO(b"[" + b"{}," * 100 + b"{}]"), max_depth=3, max_memory=1000)


# Integers beyond 64 bits are refused as malformed: no column could hold them anyway.
MALFORMED = [b"", b"{oops", b"[1, 2", b"[1] [2]", b"\xff\xfe", b"[NaN]", b"[99999999999999999999]"]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_text_is_a_json_error(text: bytes) -> None:
    with pytest.raises((ijson.JSONError, UnicodeDecodeError)):
        jsonread.load(io.BytesIO(text), max_depth=10, max_memory=10**6)


def _members(text: bytes, **limits: Any) -> list[tuple[str, int | None, Any]]:
    options = {"max_depth": 10, "max_memory": 10**6} | limits
    return list(jsonread.members(io.BytesIO(text), **options))


def test_members_hands_over_a_documents_arrays_item_by_item_in_file_order() -> None:
    text = b'{"b": [{"x": 1}, [2]], "a": {"k": [3]}, "e": [], "s": "t"}'
    assert _members(text) == [
        ("b", jsonread.ARRAY, None),
        ("b", 0, {"x": 1}),
        ("b", 1, [2]),
        ("a", None, {"k": [3]}),
        ("e", jsonread.ARRAY, None),
        ("s", None, "t"),
    ]
    assert _members(b"[1, 2]") == [("", None, [1, 2])]  # not an object: whole


def test_members_charges_each_item_alone_but_the_kept_arrays_together() -> None:
    items = b"[" + b",".join(b'{"id": %d}' % k for k in range(100)) + b"]"
    text = b'{"annotations": ' + items + b', "images": ' + items + b"}"
    # Each item fits the budget, so a streamed array of any length does.
    assert len(_members(text, max_memory=1000)) == 2 + 200
    with pytest.raises(jsonread.JsonLimitError, match="more than 1000 bytes"):
        _members(text, max_memory=1000, kept=("images",))
    with pytest.raises(jsonread.JsonLimitError, match="deeper than 3"):
        _members(b'{"a": [[[1]]]}', max_depth=3)
    with pytest.raises(ijson.JSONError):
        _members(b'{"a": [1, 2}')


def test_a_spool_gives_its_items_back_in_order_a_batch_at_a_time() -> None:
    from annota_server.datasets.spool import Spool

    spool = Spool(3)
    for item in range(8):
        spool.add((item, [float(item)]))
    assert [len(batch) for batch in spool.batches()] == [3, 3, 2]
    assert list(spool) == [(item, [float(item)]) for item in range(8)]  # again, the same
    assert spool.count == 8
    spool.close()


def _walk(text: bytes, opened: Any, **limits: Any) -> list[tuple[Any, Any]]:
    options = {"max_depth": 10, "max_memory": 10**6} | limits
    return list(jsonread.walk(io.BytesIO(text), opened=opened, **options))


def test_walk_opens_the_named_containers_and_builds_the_rest() -> None:
    text = b'{"a": 1, "tasks": [{"n": "t", "shapes": [{"k": 1}, {"k": [2]}]}], "z": {"b": []}}'
    opened = {(), ("tasks",), ("tasks", 0), ("tasks", 0, "shapes")}
    walked = _walk(text, lambda path: path in opened)
    O, L, C = jsonread.OBJECT, jsonread.LIST, jsonread.CLOSED  # noqa: N806, E741
    assert walked == [
        ((), O), (("a",), 1), (("tasks",), L), (("tasks", 0), O), (("tasks", 0, "n"), "t"),
        (("tasks", 0, "shapes"), L), (("tasks", 0, "shapes", 0), {"k": 1}),
        (("tasks", 0, "shapes", 1), {"k": [2]}), (("tasks", 0, "shapes"), C),
        (("tasks", 0), C), (("tasks",), C), (("z",), {"b": []}), ((), C),
    ]  # fmt: skip


def test_walk_charges_items_on_their_own_unless_kept() -> None:
    items = b"[" + b",".join(b'{"name": "%d"}' % k for k in range(200)) + b"]"
    # Each item fits the budget, all of them together do not.
    assert len(_walk(items, lambda path: not path, max_memory=2000)) == 202
    with pytest.raises(jsonread.JsonLimitError, match="more than 2000 bytes"):
        _walk(items, lambda path: not path, kept=lambda path: not path, max_memory=2000)
    with pytest.raises(jsonread.JsonLimitError, match="more than 100 bytes"):
        _walk(b'[{"name": "' + b"x" * 200 + b'"}]', lambda path: not path, max_memory=100)


def test_walk_counts_opened_containers_towards_the_depth() -> None:
    deep = b"[[[[1]]]]"
    with pytest.raises(jsonread.JsonLimitError, match="deeper than 3"):
        _walk(deep, lambda path: len(path) < 2, max_depth=3)
    with pytest.raises(jsonread.JsonLimitError, match="deeper than 3"):
        _walk(deep, lambda path: True, max_depth=3)
    assert _walk(b"[[[1]]]", lambda path: True, max_depth=3)[3] == ((0, 0, 0), 1)
