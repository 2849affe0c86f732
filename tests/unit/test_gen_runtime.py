"""The hand-written modules of annota_api reach the package unchanged.

``gen/templates/runtime/{client,errors,types}.py`` are ordinary Python modules, linted with the
rest (``make lint``); their templates only include them, and what varies with the spec (the API
version) comes from a generated module. ``make check-gen`` proves that gen/ is what the spec and
these files produce; this test proves that generation does not change the files on the way.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]
from support.source import GEN

TEMPLATES = GEN / "templates"
RUNTIME = ["client", "errors", "types"]


@pytest.mark.parametrize("name", RUNTIME)
def test_the_generated_module_is_the_runtime_module(name: str) -> None:
    source = (TEMPLATES / "runtime" / f"{name}.py").read_text(encoding="utf-8")
    assert (GEN / "annota_api" / f"{name}.py").read_text(encoding="utf-8") == source
    # An include renders the file as a template: Jinja syntax in it would be evaluated.
    assert re.findall(r"\{[{%#]|[}%#]\}", source) == []


@pytest.mark.parametrize("name", RUNTIME)
def test_the_template_only_includes_it(name: str) -> None:
    template = (TEMPLATES / f"{name}.py.jinja").read_text(encoding="utf-8")
    assert template == f'{{% include "runtime/{name}.py" %}}\n'


def test_the_user_agent_names_the_spec_version() -> None:
    from annota_api.api import API_VERSION
    from annota_api.client import DEFAULT_USER_AGENT

    with (GEN.parent / "openapi.yaml").open(encoding="utf-8") as stream:
        spec_version = str(yaml.safe_load(stream)["info"]["version"])
    assert spec_version == API_VERSION
    agent = DEFAULT_USER_AGENT
    assert agent == f"annota_api/{spec_version} (python; urllib3)"


def test_list_operations_declare_their_keywords() -> None:
    """The constants the SDK reads instead of signatures agree with the signatures."""
    found = 0
    for path in sorted((GEN / "annota_api" / "api").glob("*/*_list.py")):
        module = importlib.import_module(f"annota_api.api.{path.parent.name}.{path.stem}")
        parameters = inspect.signature(module.sync).parameters
        keywords = set(parameters) - {"client", "timeout", "extra_headers"}
        assert keywords == module.KEYWORDS, path.stem
        lists = {n for n, p in parameters.items() if str(p.annotation).startswith("list[")}
        assert lists == module.LIST_KEYWORDS, path.stem
        found += 1
    assert found >= 10


def test_request_models_list_their_json_keys() -> None:
    import annota_api.models as models

    found = 0
    for name in dir(models):
        model = getattr(models, name)
        if isinstance(model, type) and name.endswith("Request"):
            typed_dict = getattr(importlib.import_module(model.__module__), f"{name}Dict")
            assert tuple(typed_dict.__annotations__) == model.JSON_KEYS, name
            found += 1
    assert found >= 10
