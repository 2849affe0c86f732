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
