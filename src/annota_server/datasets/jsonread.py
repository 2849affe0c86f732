"""Reading one JSON document incrementally, within a depth and a memory budget.

``json.load`` reads the whole text into memory first and recurses once per level of nesting:
400 MiB of whitespace costs 400 MiB, and a document nested 100,000 deep raises
``RecursionError``. Here ijson's C parser reads the text in chunks and the values are built
with an explicit stack, so the text costs one chunk, nesting costs no recursion, and the
values built are charged against a budget (an estimate of their size in memory) that stops
the read as soon as it is spent.
"""

from __future__ import annotations

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


def load(stream: IO[bytes], *, max_depth: int, max_memory: int) -> Any:
    """Parse one JSON document from ``stream``; raise :class:`JsonLimitError` beyond a limit.

    Other errors: ``ijson.JSONError`` (malformed text) and ``UnicodeDecodeError``.
    Numbers are ``int`` or ``float``, as ``json.load`` gives them.
    """
    # ``containers[-1]`` is the array or object being filled; ``key`` the pending key of an
    # object (None in an array). Scalars, by far the most frequent events, go first.
    root: list[Any] = []
    containers: list[Any] = [root]
    keys: list[str | None] = []
    top: Any = root
    key: str | None = None
    spent = 0
    for event, value in ijson.basic_parse(stream, use_float=True, buf_size=CHUNK_BYTES):
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
            if len(keys) > max_depth:
                raise JsonLimitError(f"is nested deeper than {max_depth} levels")
        else:  # end_map, end_array
            containers.pop()
            top, key = containers[-1], keys.pop()
            continue
        if spent > max_memory:
            raise JsonLimitError(f"needs more than {max_memory} bytes of memory once parsed")
    if not root:
        raise ijson.IncompleteJSONError("no JSON value")
    return root[0]
