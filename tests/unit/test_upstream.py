"""The private names of dependencies that annota uses, pinned to the releases they were read in.

``annota_server.upstream`` holds the server's (connexion, uvicorn). The generated client's
deadline uses only urllib3's public API (a Retry subclass built from the public attributes named
like the constructor's parameters), pinned here all the same; so is the schemathesis builder the
contract fuzz uses. An upgrade of any of these fails
here first, naming what to re-read, instead of failing a request.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

import connexion.middleware.main
import urllib3
from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.decorators import StarletteDecorator
from connexion.validators import JSONRequestBodyValidator
from uvicorn.protocols.http import httptools_impl

from annota_server import upstream

# The generated client rebuilds a Retry on its deadline subclass from the public attributes
# named like Retry()'s parameters; Retry.new() keeps the subclass through urllib3's increments.
URLLIB3_WRITTEN_AGAINST = "2.8.0"


def test_the_pinned_releases_are_installed() -> None:
    for name, pinned in upstream.WRITTEN_AGAINST.items():
        assert version(name) == pinned, f"re-read annota_server/upstream.py against {name}"
    assert version("urllib3") == URLLIB3_WRITTEN_AGAINST, "re-read the client's deadline"


def test_the_private_names_are_there_with_the_shapes_used() -> None:
    stack = connexion.middleware.main.ConnexionMiddleware
    assert callable(stack._build_middleware_stack)
    assert list(inspect.signature(stack._build_middleware_stack).parameters) == ["self"]
    assert list(inspect.signature(JSONRequestBodyValidator._parse).parameters) == [
        "self",
        "stream",
        "scope",
    ]
    assert list(inspect.signature(JSONRequestBodyValidator._validate).parameters) == [
        "self",
        "body",
    ]
    assert upstream.HttpToolsProtocol is httptools_impl.HttpToolsProtocol


def test_a_retry_bound_to_a_deadline_keeps_every_setting_and_its_state() -> None:
    from annota_api import client

    retry = urllib3.Retry(
        total=4, connect=2, status=3, backoff_factor=0.5, status_forcelist=(503,), backoff_max=9
    ).increment("GET", "/x", response=urllib3.HTTPResponse(status=503))
    _, bound = client._bound_by_deadline(5.0, retry, 30.0)
    assert isinstance(bound, urllib3.Retry)
    assert type(bound) is not urllib3.Retry
    assert isinstance(bound, type(retry))
    for name in client.retry_settings():
        assert getattr(bound, name) == getattr(retry, name), name
    assert bound.total == 3  # the increment's state came along
    later = bound.increment("GET", "/x", response=urllib3.HTTPResponse(status=503))
    assert type(later) is type(bound)  # Retry.new() keeps the subclass
    assert later.expires == bound.expires  # type: ignore[attr-defined]


def test_the_adapter_hooks_are_what_connexion_calls() -> None:
    calls: list[str] = []

    class Probe(upstream.JSONBodyValidator):  # type: ignore[misc]
        def __init__(self) -> None:  # no schema needed to see which hook runs
            pass

        def validate_body(self, body: object) -> None:
            calls.append(f"validate {body}")

    Probe()._validate({"a": 1})
    assert calls == ["validate {'a': 1}"]


# The contract fuzz builds each operation's Hypothesis test when it runs, with the builder
# schemathesis's pytest plugin uses at collection (tests/contract/test_schemathesis.py).
SCHEMATHESIS_WRITTEN_AGAINST = "4.32.5"


def test_the_contract_fuzz_builder_is_there_with_the_keywords_used() -> None:
    from schemathesis.pytest._test_builder import build_operation_test
    from schemathesis.python._constants.orchestrator import make_constants_value_source

    assert version("schemathesis") == SCHEMATHESIS_WRITTEN_AGAINST, (
        "re-read tests/contract/test_schemathesis.py against schemathesis"
    )
    keywords = set(inspect.signature(build_operation_test).parameters)
    assert {"config", "operation", "test_func", "given_kwargs", "feedback"} <= keywords
    assert callable(make_constants_value_source)


def test_the_app_decorates_each_operation_once() -> None:
    # SpecApp swaps AsyncApp's innermost app (a private attribute) for one whose operations
    # build connexion's decorators once: the names and shapes it relies on are these.
    source = inspect.getsource(AsyncApp.__init__)
    assert "self._middleware_app: AsyncASGIApp = AsyncASGIApp()" in source
    assert "self.app = app" in inspect.getsource(connexion.middleware.main.ConnexionMiddleware)
    assert "decorator(self._fn)" in inspect.getsource(AsyncOperation)
    assert "self.decorate(function)" in inspect.getsource(StarletteDecorator.__call__)
    assert isinstance(inspect.getattr_static(StarletteDecorator, "uri_parser"), property)
    app = upstream.SpecApp(__name__)
    assert app.middleware.app is app._middleware_app
    assert app._middleware_app.api_cls.make_operation is not AsyncApi.make_operation

    def handler() -> None:
        """A stand-in for a bound handler."""

    operation = upstream._OnceDecoratedOperation(
        handler, jsonifier=None, operation_id="x", pythonic_params=False
    )
    assert operation.fn is operation.fn
