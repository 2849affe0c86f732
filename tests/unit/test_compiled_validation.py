"""The compiled validator is request validation's fast path: it may refuse more, never less.

Whatever it accepts the all-errors validator must accept too (else validation got weaker);
what it refuses goes to the all-errors validator, which alone decides and words the answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from connexion.json_schema import Draft4RequestValidator, resolve_refs
from jsonschema import Draft4Validator  # type: ignore[import-untyped, unused-ignore]

from annota_server.app import load_spec
from annota_server.validation import conforms

NO_NUL = "^[^\\u0000]*$"

CASES: list[tuple[dict[str, Any], list[Any]]] = [
    ({"type": "integer"}, [1, 1.0, True, 2**70, -(2**63), 1e308, "1"]),
    ({"type": "number"}, [1, 1.5, True, float("inf"), float("nan")]),
    ({"type": "string", "pattern": NO_NUL}, ["ab", "a\x00b", "ab\n", "\ud800", "\U0001f600"]),
    ({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}, ["ab", "ab\n", "Ab", "ǆ", ""]),
    (
        {"type": "string", "pattern": "^https?://[^\\u0000\\s]+$"},
        ["http://x", "http://x\n", "http://x y", "http://x\u00a0"],
    ),
    (
        {"type": "string", "format": "date-time"},
        [
            "2020-01-01T00:00:00Z",
            "2020-01-01T00:00:60Z",
            "2020-01-01 00:00:00Z",
            "2020-01-01T00:00:00",
            "2020-02-30T00:00:00Z",
            "2020-01-01t00:00:00z",
        ],
    ),
    ({"type": "string", "maxLength": 3}, ["abc", "abcd", "ééé", "\U0001f600" * 3, "x" * 4]),
    ({"type": "string", "nullable": True}, [None, "a", 1]),
    ({"type": "string", "enum": ["a", "b"], "nullable": True}, [None, "a", "c"]),
    ({"type": "string", "enum": ["a", "b"]}, [None, "a", "c"]),
    (
        {
            "type": "object",
            "required": ["a"],
            "additionalProperties": False,
            "properties": {"a": {"type": "integer", "minimum": 1}},
        },
        [{"a": 1}, {"a": 0}, {}, {"a": 1, "b": 2}, {"a": None}, [], None],
    ),
]


@pytest.mark.parametrize(("schema", "values"), CASES)
def test_it_never_accepts_what_the_all_errors_validator_refuses(
    schema: dict[str, Any], values: list[Any]
) -> None:
    full = Draft4RequestValidator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    for value in values:
        if conforms(schema, value):
            assert full.is_valid(value), f"{value!r} passed the fast path only"


def test_it_accepts_the_ordinary_values_itself() -> None:
    # The point of the fast path: valid documents do not reach the slow validator.
    assert conforms({"type": "string", "pattern": NO_NUL}, "a name")
    assert conforms({"type": "string", "nullable": True}, None)
    assert conforms({"type": "string", "format": "date-time"}, "2020-01-01T00:00:00Z")
    assert not conforms({"type": "string", "pattern": NO_NUL}, "\ud800")  # never raises


def _request_schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                found.append(parameter.get("schema", {}))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found.append(media.get("schema", {}))
    return found


def test_every_request_schema_of_the_spec_compiles() -> None:
    spec = resolve_refs(load_spec())
    schemas = _request_schemas(spec)
    assert len(schemas) > 100
    for schema in schemas:
        conforms(schema, object())  # compiles it; an object it cannot convert is refused


def test_a_recursive_schema_is_left_to_the_all_errors_validator() -> None:
    schema: dict[str, Any] = {"type": "object", "properties": {}}
    schema["properties"]["child"] = schema  # what a resolved recursive $ref looks like
    assert not conforms(schema, {"child": {}})
