"""Typed attributes: what a label declares, and the one check of a shape's values against it.

A label may declare its attributes (:class:`AttributeSpec`: ``select`` one of its options,
``checkbox`` true or false, ``number`` within an optional range, ``text``; a default; a
required flag). A shape's values stay text on the wire and in the database, in one form per
type (``true``/``false``, a number as JavaScript's ``String()`` writes it: ``3``, ``2.5``), so
shapes, formats and clients from before typed attributes keep working. A label that declares
nothing takes any name and value, as before.

The server checks every shape it stores with :func:`check_values` (the API and dataset imports
alike), and the SDK reads values back typed with :func:`typed`::

    from annota import attributes, shapes

    project = client.projects.create({"name": "cars", "type": "detection", "labels": [
        {"name": "car", "attributes": [
            {"name": "color", "type": "select", "options": ["red", "blue"], "default": "red"},
            {"name": "parked", "type": "checkbox"},
            {"name": "doors", "type": "number", "min": 2, "max": 5, "required": True},
        ]},
    ]})
    car = project.labels[0]
    shape = shapes.bbox(asset, car, 0, 0, 10, 10, attributes={"doors": 4})
    attributes.typed(car, stored)   # {"color": "red", "parked": False, "doors": 4}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict

__all__ = [
    "CHECKBOX",
    "TYPES",
    "AttributeSpec",
    "TypedValue",
    "check_values",
    "number_text",
    "read_specs",
    "spec_problems",
    "stored_specs",
    "typed",
    "typed_values",
    "value_problem",
    "value_text",
]

TYPES = ("select", "checkbox", "number", "text")
"""The attribute types a label may declare."""
CHECKBOX = ("false", "true")
"""A checkbox's two values, as text."""

TypedValue = bool | int | float | str
"""An attribute's value as :func:`typed` gives it."""


class AttributeSpec(TypedDict):
    """An attribute a label declares, as the API's ``AttributeSpec`` (read back whole)."""

    name: str
    """Its name, unique in the label."""
    type: Literal["select", "checkbox", "number", "text"]
    """How it is filled in (see :data:`TYPES`)."""
    options: NotRequired[list[str]]
    """A select's choices."""
    min: NotRequired[float | None]
    """A number's least value, or None."""
    max: NotRequired[float | None]
    """A number's greatest value, or None."""
    default: NotRequired[str | None]
    """The value (as text) a shape that leaves it out gets; a checkbox's is ``false``."""
    required: NotRequired[bool]
    """Whether every shape must have a value (a non-empty one for text)."""


def number_text(value: float) -> str:
    """The one text of a number, as JavaScript's ``String(number)`` writes it.

    ``3`` for 3.0, ``2.5``, ``1e-7``, ``1e+21``: the web app writes the same text, so a value
    it sends is stored unchanged.
    """
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    sign, digits_tuple, exponent = Decimal(repr(value)).as_tuple()
    digits = "".join(map(str, digits_tuple)).rstrip("0") or "0"
    point = len(digits_tuple) + int(exponent)  # where the decimal point goes in the digits
    head = "-" if sign else ""
    if 0 < point <= 21:
        return f"{head}{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return f"{head}0.{'0' * -point}{digits}"
    rest = f".{digits[1:]}" if len(digits) > 1 else ""
    power = point - 1
    return f"{head}{digits[0]}{rest}e{'+' if power > 0 else '-'}{abs(power)}"


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def value_problem(spec: Mapping[str, Any], text: str) -> tuple[str | None, str]:
    """Check ``text`` against one declaration: ``(why it is refused or None, its stored form)``."""
    kind = spec["type"]
    if kind == "checkbox":
        if text not in CHECKBOX:
            return f"{text!r} is not true or false (a checkbox)", text
    elif kind == "select":
        if text not in spec.get("options", []):
            choices = ", ".join(repr(o) for o in spec.get("options", [])[:10])
            return f"{text!r} is not one of {choices}", text
    elif kind == "number":
        value = _number(text)
        if value is None:
            return f"{text!r} is not a number", text
        low, high = spec.get("min"), spec.get("max")
        if low is not None and value < low:
            return f"{text} is below the minimum {number_text(float(low))}", text
        if high is not None and value > high:
            return f"{text} is above the maximum {number_text(float(high))}", text
        text = number_text(value)
    if spec.get("required") and text == "":
        return "is required and cannot be empty", text
    return None, text


def spec_problems(specs: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Why a label's declarations are refused: ``(field under the list, message)`` pairs."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        kind, name = spec["type"], spec["name"]
        if name in seen:
            problems.append((f"{index}.name", f"{name!r} is declared twice"))
        seen.add(name)
        options = spec.get("options") or []
        if kind == "select" and not options:
            problems.append((f"{index}.options", "a select needs at least one option"))
        elif kind != "select" and options:
            problems.append((f"{index}.options", f"only a select has options, not a {kind}"))
        elif len(set(options)) != len(options):
            problems.append((f"{index}.options", "an option is listed twice"))
        low, high = spec.get("min"), spec.get("max")
        if kind != "number" and (low is not None or high is not None):
            problems.append((f"{index}.min", f"only a number has bounds, not a {kind}"))
        elif low is not None and high is not None and low > high:
            problems.append((f"{index}.max", f"{high} is below the minimum {low}"))
        for bound in ("min", "max"):
            value = spec.get(bound)
            if value is not None and not math.isfinite(value):
                problems.append((f"{index}.{bound}", "must be a finite number"))
        if spec.get("default") is not None:
            problem, _ = value_problem(spec, spec["default"])
            if problem:
                problems.append((f"{index}.default", problem))
    return problems


def read_specs(value: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Declarations read from a file (untrusted JSON): ``(stored form, None)`` or why not."""
    if not isinstance(value, list) or len(value) > 64:
        return [], "must be a list of at most 64 declarations"
    for index, spec in enumerate(value):
        if not isinstance(spec, dict) or spec.get("type") not in TYPES:
            return [], f"{index}: must have a type, one of {', '.join(TYPES)}"
        name = spec.get("name")
        if not isinstance(name, str) or not 0 < len(name) <= 128:
            return [], f"{index}.name: must have 1 to 128 characters"
        options = spec.get("options") or []
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            return [], f"{index}.options: must be a list of texts"
        for bound in ("min", "max"):
            if spec.get(bound) is not None and type(spec[bound]) not in (int, float):
                return [], f"{index}.{bound}: must be a number or null"
        if spec.get("default") is not None and not isinstance(spec["default"], str):
            return [], f"{index}.default: must be text or null"
        if not isinstance(spec.get("required", False), bool):
            return [], f"{index}.required: must be true or false"
    problems = spec_problems(value)
    if problems:
        return [], "; ".join(f"{field}: {message}" for field, message in problems[:3])
    return stored_specs(value), None


def stored_specs(specs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Declarations as stored and shown: every field present, the default in its stored form."""
    stored = []
    for spec in specs:
        default = spec.get("default")
        if default is not None:
            default = value_problem(spec, default)[1]
        elif spec["type"] == "checkbox":
            default = "false"  # a checkbox always has a value
        stored.append(
            {
                "name": spec["name"],
                "type": spec["type"],
                "options": list(spec.get("options") or []),
                "min": spec.get("min") if spec["type"] == "number" else None,
                "max": spec.get("max") if spec["type"] == "number" else None,
                "default": default,
                "required": bool(spec.get("required", False)),
            }
        )
    return stored


def check_values(
    specs: Sequence[Mapping[str, Any]], attributes: Sequence[Mapping[str, str]], label: str
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """A shape's attributes checked against its label's declarations (stored form).

    Returns the attributes to store (declared order, defaults filled in, values in their one
    form) and the problems as ``(field under attributes, message)``; with no declarations the
    attributes are kept as given.
    """
    if not specs:
        return [dict(item) for item in attributes], []
    by_name = {spec["name"]: spec for spec in specs}
    given: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(attributes):
        name = item["name"]
        spec = by_name.get(name)
        if spec is None:
            declared = ", ".join(repr(n) for n in list(by_name)[:10])
            problems.append(
                (f"{index}.name", f"label {label!r} has no attribute {name!r} (it has {declared})")
            )
        elif name in given:
            problems.append((f"{index}.name", f"{name!r} is given twice"))
        else:
            problem, given[name] = value_problem(spec, item["value"])
            if problem:
                problems.append((f"{index}.value", f"{name!r}: {problem}"))
    stored = []
    for spec in specs:
        value = given.get(spec["name"], spec.get("default"))
        if value is None:
            if spec.get("required"):
                problems.append(("", f"{spec['name']!r} is required (label {label!r})"))
            continue
        stored.append({"name": spec["name"], "value": value})
    return stored, problems


def typed_values(
    specs: Sequence[Mapping[str, Any]], attributes: Sequence[Mapping[str, str]]
) -> dict[str, Any]:
    """Attributes as ``{name: value}``, checkboxes as bools and numbers as numbers.

    For the formats that write typed values (COCO, annota JSON...); attributes the label does
    not declare (or all of them, when it declares none) stay text.
    """
    by_name = {spec["name"]: spec["type"] for spec in specs}
    typed: dict[str, Any] = {}
    for item in attributes:
        kind, text = by_name.get(item["name"]), item["value"]
        if kind == "checkbox" and text in CHECKBOX:
            typed[item["name"]] = text == "true"
        elif kind == "number" and (value := _number(text)) is not None:
            typed[item["name"]] = int(value) if value.is_integer() and abs(value) < 1e15 else value
        else:
            typed[item["name"]] = text
    return typed


def value_text(value: Any) -> str:
    """A typed value read from a file, as text: ``true``, ``3``, ``2.5``, strings as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return number_text(value)
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _plain(value: Any) -> Any:
    """A generated model (or a list of them) as plain JSON values; mappings as they are."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def typed(label: Any, shape: Any) -> dict[str, TypedValue]:
    """A shape's attributes as ``{name: value}``, typed as its label declares them.

    ``label`` is a :class:`~annota.proxies.labels.Label` (or its model, or a mapping with
    ``attributes``), ``shape`` a shape (or a mapping with ``attributes``). Checkboxes come as
    bools and numbers as ints or floats; the values of a label that declares nothing (or of a
    server before typed attributes) stay text.
    """
    specs = _plain(_field(label, "attributes") or [])
    given = _plain(_field(shape, "attributes") or [])
    return typed_values(specs, given)


def _field(value: Any, name: str) -> Any:
    # Here, not at the top: the CLI reads TYPES without loading the generated package.
    from annota_api.types import Unset

    found = value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)
    return None if isinstance(found, Unset) else found
