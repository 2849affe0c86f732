"""Reading JSON incrementally, within a depth and a memory budget.

``json.load`` reads the whole text into memory first and recurses once per level of nesting:
400 MiB of whitespace costs 400 MiB, and a document nested 100,000 deep raises
``RecursionError``. Here ijson's C parser reads the text in chunks and the values are built
with an explicit stack, so the text costs one chunk, nesting costs no recursion, and the
values built are charged against a budget (an estimate of their size in memory) that stops
the read as soon as it is spent.

:func:`load` builds one whole document. :func:`members` streams a document's top-level
object instead: each item of its arrays is built, charged and handed over on its own, so a
file of a million annotations costs one annotation at a time (plus what the caller keeps).
:func:`walk` does the same at any level, in the containers its caller names.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import IO, Any

import ijson

CHUNK_BYTES = 64 * 1024

# What each value costs in CPython (64-bit), roughly: the object, its slot in the container
# holding it and, for objects, the hash table entry of its key.
_CONTAINER = 120
_SLOT = 8
_ENTRY = 40
_STRING = 50
_NUMBER = 32


class JsonLimitError(ValueError):
    """The document is nested too deeply or would take too much memory once parsed."""


def _events(stream: IO[bytes]) -> Iterator[tuple[str, Any]]:
    return iter(ijson.basic_parse(stream, use_float=True, buf_size=CHUNK_BYTES))


def _build(
    event: str,
    value: Any,
    events: Iterator[tuple[str, Any]],
    depth: int,
    max_depth: int,
    max_memory: int,
) -> tuple[Any, int]:
    """The value that starts with ``(event, value)``, read on from ``events``; and its cost.

    ``depth`` is how deep the value sits in the document (its containers count from there).
    """
    if event != "start_map" and event != "start_array":
        return value, (_STRING + len(value) if event == "string" else _NUMBER)
    # ``containers[-1]`` is the array or object being filled; ``key`` the pending key of an
    # object (None in an array). Scalars, by far the most frequent events, go first.
    root: list[Any] = []
    containers: list[Any] = [root]
    keys: list[str | None] = []
    top: Any = root
    key: str | None = None
    spent = 0
    while True:
        if event == "map_key":
            key = value
            spent += _STRING + _ENTRY + len(value)
        elif event == "string" or event == "number" or event == "boolean" or event == "null":
            if key is None:
                top.append(value)
                spent += _SLOT
            else:
                top[key] = value
            spent += _STRING + len(value) if event == "string" else _NUMBER
        elif event == "start_map" or event == "start_array":
            item: Any = {} if event == "start_map" else []
            if key is None:
                top.append(item)
                spent += _SLOT
            else:
                top[key] = item
            keys.append(key)
            containers.append(item)
            top, key = item, None
            spent += _CONTAINER
            if len(keys) + depth > max_depth:
                raise JsonLimitError(f"is nested deeper than {max_depth} levels")
        else:  # end_map, end_array
            containers.pop()
            top, key = containers[-1], keys.pop()
            if not keys:
                return root[0], spent
        if spent > max_memory:
            raise JsonLimitError(f"needs more than {max_memory} bytes of memory once parsed")
        event, value = next(events)


def _end(events: Iterator[tuple[str, Any]]) -> None:
    for _ in events:  # ijson raises on anything but whitespace after the value
        raise ijson.IncompleteJSONError("more than one JSON value")


def load(stream: IO[bytes], *, max_depth: int, max_memory: int) -> Any:
    """Parse one JSON document from ``stream``; raise :class:`JsonLimitError` beyond a limit.

    Other errors: ``ijson.JSONError`` (malformed text) and ``UnicodeDecodeError``.
    Numbers are ``int`` or ``float``, as ``json.load`` gives them.
    """
    events = _events(stream)
    first = next(events, None)
    if first is None:
        raise ijson.IncompleteJSONError("no JSON value")
    document, _ = _build(*first, events, 0, max_depth, max_memory)
    _end(events)
    return document


ARRAY = -1
"""The index :func:`members` gives where an array starts (before its first item, if any)."""


def members(
    stream: IO[bytes], *, max_depth: int, max_memory: int, kept: Collection[str] = ()
) -> Iterator[tuple[str, int | None, Any]]:
    """The top-level object of ``stream``, member by member, arrays item by item, as read.

    Yields ``(key, ARRAY, None)`` where an array starts, then ``(key, index, item)`` for each
    of its items, and ``(key, None, value)`` for a member that is not an array. A document
    that is not an object is yielded whole as ``("", None, document)``.

    Each value is built within ``max_memory`` on its own, except the items of the arrays
    named in ``kept``, which the caller keeps: those are charged together. Nesting is limited
    as by :func:`load`. The same errors as :func:`load`.
    """
    events = _events(stream)
    first = next(events, None)
    if first is None:
        raise ijson.IncompleteJSONError("no JSON value")
    if first[0] != "start_map":
        document, _ = _build(*first, events, 0, max_depth, max_memory)
        _end(events)
        yield "", None, document
        return
    spent_kept = 0
    for event, key in events:
        if event == "end_map":
            break
        event, value = next(events)
        if event != "start_array":
            built, _ = _build(event, value, events, 1, max_depth, max_memory)
            yield key, None, built
            continue
        if max_depth < 2:  # the object, then the array
            raise JsonLimitError(f"is nested deeper than {max_depth} levels")
        yield key, ARRAY, None
        keeping = key in kept
        for index, (event, value) in enumerate(events):
            if event == "end_array":
                break
            item, cost = _build(event, value, events, 2, max_depth, max_memory)
            if keeping:
                spent_kept += cost + _SLOT
                if spent_kept > max_memory:
                    raise JsonLimitError(
                        f"needs more than {max_memory} bytes of memory once parsed"
                    )
            yield key, index, item
    _end(events)


Path = tuple[str | int, ...]
"""Where a value sits in a document: its keys and array indexes from the top (``()``)."""


class Opened(str):
    """What :func:`walk` yields where an opened container starts (``OBJECT``, ``LIST``)."""


OBJECT, LIST = Opened("object"), Opened("array")
CLOSED = object()
"""What :func:`walk` yields where an opened container ends."""


def _nothing(path: Path) -> bool:
    return False


def walk(
    stream: IO[bytes],
    *,
    max_depth: int,
    max_memory: int,
    opened: Callable[[Path], bool],
    kept: Callable[[Path], bool] = _nothing,
) -> Iterator[tuple[Path, Any]]:
    """The values of ``stream`` as read, opening the containers that ``opened(path)`` accepts.

    An opened container yields ``(path, OBJECT)`` or ``(path, LIST)``, then its members
    under their own paths (``(*path, key)`` or ``(*path, index)``), then ``(path, CLOSED)``;
    any other value is built whole and yielded as ``(path, value)``, charged within
    ``max_memory`` on its own, except the items of the arrays that ``kept(path)`` accepts
    (the caller keeps them): those are charged together. Nesting is limited as by
    :func:`load`; the same errors as :func:`load`.
    """
    events = _events(stream)
    first = next(events, None)
    if first is None:
        raise ijson.IncompleteJSONError("no JSON value")
    spent_kept = [0]
    yield from _walk((), *first, events, 0, max_depth, max_memory, opened, kept, None, spent_kept)
    _end(events)


def _walk(
    path: Path,
    event: str,
    value: Any,
    events: Iterator[tuple[str, Any]],
    depth: int,
    max_depth: int,
    max_memory: int,
    opened: Callable[[Path], bool],
    kept: Callable[[Path], bool],
    keeping: bool | None,
    spent_kept: list[int],
) -> Iterator[tuple[Path, Any]]:
    # Recursion only through opened containers: a few levels that the caller names.
    if (event == "start_map" or event == "start_array") and opened(path):
        if depth + 1 > max_depth:
            raise JsonLimitError(f"is nested deeper than {max_depth} levels")
        inner = depth + 1
        if event == "start_map":
            yield path, OBJECT
            for event, key in events:
                if event == "end_map":
                    break
                event, value = next(events)
                yield from _walk(
                    (*path, key), event, value, events, inner, max_depth, max_memory,
                    opened, kept, None, spent_kept,
                )  # fmt: skip
        else:
            yield path, LIST
            keep = kept(path)
            for index, (event, value) in enumerate(events):
                if event == "end_array":
                    break
                yield from _walk(
                    (*path, index), event, value, events, inner, max_depth, max_memory,
                    opened, kept, keep, spent_kept,
                )  # fmt: skip
        yield path, CLOSED
        return
    built, cost = _build(event, value, events, depth, max_depth, max_memory)
    if keeping:
        spent_kept[0] += cost + _SLOT
        if spent_kept[0] > max_memory:
            raise JsonLimitError(f"needs more than {max_memory} bytes of memory once parsed")
    yield path, built
