"""Writing one JSON document piece by piece, so that no export holds its whole document.

A document is made of ordinary JSON values plus generators: a generator stands for an array
whose items it yields one at a time (an item may hold generators in turn). The text is the
same as ``json.dumps(document, ensure_ascii=False)`` would write with every generator a list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from types import GeneratorType
from typing import Any

CHUNK = 500
"""Plain items encoded together: one encoder call per chunk instead of one per item."""

_encode = json.JSONEncoder(ensure_ascii=False).encode
# json.dumps's separators when it does not indent.
_ITEM, _KEY = ", ", ": "


def _streamed(value: Any) -> bool:
    # Exact type checks in C (map, in): this runs once per item of every array.
    return type(value) is GeneratorType or (
        type(value) is dict and GeneratorType in map(type, value.values())
    )


def _array(items: Iterable[Any], write: Callable[[str], object]) -> None:
    write("[")
    wrote = False
    chunk: list[Any] = []

    def flush() -> None:
        nonlocal wrote
        if chunk:
            if wrote:
                write(_ITEM)
            write(_encode(chunk)[1:-1])  # "a, b, c": the list's text without its brackets
            wrote = True
            chunk.clear()

    for item in items:
        if _streamed(item):
            flush()
            if wrote:
                write(_ITEM)
            dump(item, write)
            wrote = True
        else:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                flush()
    flush()
    write("]")


def dump(document: Any, write: Callable[[str], object]) -> None:
    """Write ``document`` as JSON text through ``write``, generators as arrays, item by item."""
    if type(document) is GeneratorType:
        _array(document, write)
    elif _streamed(document):
        write("{")
        for index, (key, value) in enumerate(document.items()):
            if not isinstance(key, str):
                raise TypeError(f"keys of a streamed object must be text, not {key!r}")
            if index:
                write(_ITEM)
            write(_encode(key) + _KEY)
            dump(value, write)
        write("}")
    else:
        write(_encode(document))
