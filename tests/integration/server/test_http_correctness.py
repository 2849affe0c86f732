"""HTTP details the contract implies: ``Allow`` on a 405 lists what openapi.yaml allows there."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import Http, assert_problem

SPEC = yaml.safe_load((Path(__file__).resolve().parents[3] / "openapi.yaml").read_text())
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed(item: dict[str, object]) -> set[str]:
    methods = {m.upper() for m in item if m.upper() in METHODS}
    # The server answers HEAD wherever it answers GET.
    return methods | {"HEAD"} if "GET" in methods else methods


CASES = [
    pytest.param(path, method, _allowed(item), id=f"{method} {path}")
    for path, item in SPEC["paths"].items()
    for method in METHODS
    if method not in _allowed(item)
]


@pytest.mark.parametrize(("path", "method", "allowed"), CASES)
def test_a_405_names_every_method_of_the_path(
    api: Http, path: str, method: str, allowed: set[str]
) -> None:
    response = api.request(method, path.replace("{id}", "1"))
    assert_problem(response, 405)
    listed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert listed == allowed
