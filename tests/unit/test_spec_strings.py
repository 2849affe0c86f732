"""openapi.yaml forbids what the server refuses: no request string may hold a NUL character.

The server refuses NUL in every string it is sent (no database stores it); a spec that allowed
it would promise requests that fail, which schemathesis and generated clients take at its word.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator

SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "openapi.yaml").read_text(encoding="utf-8")
)
# Strings whose format or enum already rules NUL out, or that carry no text (file parts).
NOT_FREE_TEXT = {"binary", "date-time", "date", "email", "uri"}


def _resolve(node: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    ref = node.get("$ref")
    if ref is None:
        return None, node
    target: Any = SPEC
    for part in ref.split("/")[1:]:
        target = target[part]
    return ref, target


def _strings(schema: dict[str, Any], where: str, seen: set[str]) -> Iterator[tuple[str, Any]]:
    ref, schema = _resolve(schema)
    if ref is not None:
        if ref in seen:
            return
        seen.add(ref)
        where = ref
    free_text = "enum" not in schema and schema.get("format") not in NOT_FREE_TEXT
    if schema.get("type") == "string" and free_text:
        yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _strings(sub, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _strings(schema[key], f"{where}[]", seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            yield from _strings(sub, where, seen)


def request_strings() -> Iterator[tuple[str, Any]]:
    """Every string schema a request can carry: parameters and bodies of every operation."""
    seen: set[str] = set()
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                _, parameter = _resolve(parameter)
                where = f"{method.upper()} {path} {parameter['name']}"
                yield from _strings(parameter.get("schema", {}), where, seen)
            _, body = _resolve(operation.get("requestBody", {}))
            for media_type, content in body.get("content", {}).items():
                where = f"{method.upper()} {path} {media_type}"
                yield from _strings(content.get("schema", {}), where, seen)


def test_the_walk_finds_the_request_strings() -> None:
    names = {where for where, _ in request_strings()}
    assert "#/components/schemas/ProjectCreateRequest.name" in names
    assert "GET /api/users search" in names
    assert len(names) > 40


def test_no_request_string_admits_a_nul_character() -> None:
    admitting = [
        where for where, schema in request_strings() if Draft4Validator(schema).is_valid("a\x00b")
    ]
    assert admitting == []


def test_ordinary_text_still_passes() -> None:
    refusing = [
        where
        for where, schema in request_strings()
        if "pattern" not in schema or schema["pattern"] == "^[^\\u0000]*$"
        if not Draft4Validator(schema).is_valid("Ünïcode text, 2 words")
    ]
    assert refusing == []
