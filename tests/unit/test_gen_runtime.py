"""The hand-written modules of annota_api reach the package unchanged.

``gen/templates/runtime/{client,errors,types}.py`` are ordinary Python modules, linted with the
rest (``make lint``); their templates only include them, and what varies with the spec (the API
version) comes from a generated module. ``make check-gen`` proves that gen/ is what the spec and
these files produce; this test proves that generation does not change the files on the way.
"""

from __future__ import annotations

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
