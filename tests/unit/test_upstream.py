"""The private names of dependencies that annota uses, pinned to the releases they were read in.

``annota_server.upstream`` holds the server's (connexion, uvicorn); the generated client's
deadline subclasses urllib3's Retry and swaps a bound copy's class. An upgrade of any of these
fails here first, naming what to re-read, instead of failing a request.
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

# The generated client relies on Retry.new() copying every setting into type(self)(...), so
# that the deadline's subclass, swapped onto a bound copy, survives urllib3's increments.
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
    assert "type(self)(" in inspect.getsource(urllib3.Retry.new)


def test_the_adapter_hooks_are_what_connexion_calls() -> None:
    calls: list[str] = []

    class Probe(upstream.JSONBodyValidator):  # type: ignore[misc]
        def __init__(self) -> None:  # no schema needed to see which hook runs
            pass

        def validate_body(self, body: object) -> None:
            calls.append(f"validate {body}")

    Probe()._validate({"a": 1})
    assert calls == ["validate {'a': 1}"]


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
