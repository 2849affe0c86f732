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
    # The stack holds [container, pending key] pairs; the root sits in a one-item list.
    root: list[Any] = []
    stack: list[list[Any]] = [[root, None]]
    spent = 0
    events = ijson.basic_parse(stream, use_float=True, buf_size=CHUNK_BYTES)
    for event, value in events:
        if event == "map_key":
            stack[-1][1] = value
            spent += _STRING + len(value) + _ENTRY
            continue
        if event in ("end_map", "end_array"):
            stack.pop()
            continue
        if event == "start_map":
            item: Any = {}
        elif event == "start_array":
            item = []
        else:
            item = value
        top = stack[-1]
        container = top[0]
        if type(container) is dict:
            container[top[1]] = item
        else:
            container.append(item)
            spent += _SLOT
        if event in ("start_map", "start_array"):
            spent += _CONTAINER
            stack.append([item, None])
            if len(stack) - 1 > max_depth:
                raise JsonLimitError(f"is nested deeper than {max_depth} levels")
        elif event == "string":
            spent += _STRING + len(value)
        elif event == "number":
            spent += _NUMBER
        if spent > max_memory:
            raise JsonLimitError(f"needs more than {max_memory} bytes of memory once parsed")
    if not root:
        raise ijson.IncompleteJSONError("no JSON value")
    return root[0]
