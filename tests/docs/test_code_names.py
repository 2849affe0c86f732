"""Every code name the documentation mentions exists: a renamed method fails here, not a reader.

The inline code spans of docs/ and README.md that start at a known root (``annota.``,
``annota_api.``, ``client.``, an entity such as ``project.`` or ``asset.``, the ``aa.`` and
``shapes.`` modules of the guides) are resolved attribute by attribute through the modules and
the classes' annotations; the keywords of a call (``operation.wait(timeout=None)``) must be
parameters of what is called.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import annota
import annota.auto_annotation
import annota.proxies
import annota.shapes
from annota.client import Client
from annota.proxies.base import Entity
from annota_server.events import KINDS

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")],
)
FILE_SUFFIXES = {"py", "db", "yaml", "yml", "json", "md", "toml", "txt", "js", "html"}
EVENT_KINDS = frozenset(KINDS)
"""Webhook event kinds (``job.stage_changed``) read like attributes but are names of events."""
SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
NAME = re.compile(r"^(?P<path>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?P<call>\(.*\))?$")


def _classes() -> dict[str, type]:
    """The SDK's classes by name: the namespace that its TYPE_CHECKING annotations refer to."""
    found: dict[str, type] = {}
    modules = [f"annota.{info.name}" for info in pkgutil.iter_modules(annota.__path__)]
    modules += [
        info.name for info in pkgutil.iter_modules(annota.proxies.__path__, "annota.proxies.")
    ]
    for name in modules:
        if name == "annota.cli":
            continue
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and value.__module__.startswith("annota."):
                found.setdefault(value.__name__, value)
    return found


CLASSES = _classes()


def _entities() -> dict[str, type]:
    return {
        name.lower(): value
        for name, value in CLASSES.items()
        if issubclass(value, Entity) and value is not Entity
    }


ROOTS: dict[str, Any] = {
    "annota": annota,
    "annota_api": importlib.import_module("annota_api"),
    "client": Client,
    "aa": annota.auto_annotation,
    "shapes": annota.shapes,
    **_entities(),
}


def _mentions() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for span in SPAN.findall(page.read_text(encoding="utf-8")):
            match = NAME.match(span.strip())
            if not match or match.group("path").rsplit(".", 1)[-1] in FILE_SUFFIXES:
                continue  # not a name, or a file's name (`client.py`, `annota.db`)
            if match.group("path") in EVENT_KINDS and not match.group("call"):
                continue  # an event kind, not an attribute
            if match.group("path").split(".")[0] in ROOTS:
                found.append((str(page.relative_to(ROOT)), span.strip()))
    return found


def _type_of(owner: type, name: str, attribute: Any) -> Any:
    """What an attribute of a class holds, when its annotations say (else None: stop there)."""
    function = attribute.fget if isinstance(attribute, property) else None
    if isinstance(attribute, functools.cached_property):
        function = attribute.func
    try:
        if function is not None:
            return typing.get_type_hints(function, localns=CLASSES).get("return")
        for klass in owner.__mro__:
            if name in getattr(klass, "__annotations__", {}):
                return typing.get_type_hints(klass, localns=CLASSES).get(name)
    except Exception:  # an annotation that cannot be evaluated here: the name exists
        return None
    return None


def _member(owner: Any, name: str) -> tuple[bool, Any]:
    """Whether ``owner`` has ``name``, and what to resolve the next name against."""
    if isinstance(owner, ModuleType):
        if hasattr(owner, name):
            return True, getattr(owner, name)
        try:
            return True, importlib.import_module(f"{owner.__name__}.{name}")
        except ModuleNotFoundError:
            return False, None
    if isinstance(owner, type):
        for klass in owner.__mro__:
            if name in vars(klass):
                value = vars(klass)[name]
                held = _type_of(owner, name, value)
                return True, held if isinstance(held, type) else value
            if name in getattr(klass, "__annotations__", {}):
                held = _type_of(owner, name, None)
                return True, held if isinstance(held, type) else None
        return False, None
    return True, None  # a value of unknown type: nothing more to check


def _problem(span: str) -> str | None:
    match = NAME.match(span)
    assert match
    names = match.group("path").split(".")
    owner: Any = ROOTS[names[0]]
    for name in names[1:]:
        if owner is None:
            return None
        exists, owner = _member(owner, name)
        if not exists:
            return f"no {name!r}"
    call = match.group("call")
    if call and callable(owner):
        try:
            parameters = inspect.signature(owner).parameters
        except (TypeError, ValueError):
            return None
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
            return None
        for keyword in re.findall(r"[(,]\s*(\w+)=", call):
            if keyword not in parameters:
                return f"no parameter {keyword!r}"
    return None


MENTIONS = _mentions()


def test_the_pages_mention_enough_names_to_check() -> None:
    assert len(MENTIONS) > 80
    assert {span.split(".")[0] for _, span in MENTIONS} >= {"annota", "client", "project", "asset"}


@pytest.mark.parametrize(("page", "span"), MENTIONS, ids=[f"{p}:{s}" for p, s in MENTIONS])
def test_every_code_name_exists(page: str, span: str) -> None:
    assert _problem(span) is None, f"{page}: `{span}`: {_problem(span)}"


@pytest.mark.parametrize(
    "span",
    ["client.projects.no_such_method()", "annota.NoSuchName", "asset.download(no_such=1)"],
)
def test_a_wrong_name_is_found(span: str) -> None:
    assert _problem(span) is not None
