"""The one place where the server reaches into its dependencies' private names.

connexion and uvicorn offer no public hook for these: connexion builds its middleware stack
lazily on the first request, and its JSON body validator's parsing and checking are private
methods; its ``AsyncApp`` decorates each operation's function again on every request, and the
innermost app that does so is a private attribute; uvicorn's httptools protocol is not
exported. Everything else imports them from here,
under public names, and tests/unit/test_upstream.py pins the versions below and checks that each
private name is still there, so an upgrade fails that test instead of a request.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from functools import cached_property
from typing import Any

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp, AsyncOperation
from connexion.context import receive, scope
from connexion.decorators import StarletteDecorator
from connexion.validators import JSONRequestBodyValidator
from starlette.types import Scope
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = [
    "WRITTEN_AGAINST",
    "HttpToolsProtocol",
    "JSONBodyValidator",
    "SpecApp",
    "build_middleware_now",
]

WRITTEN_AGAINST = {"connexion": "3.3.0", "uvicorn": "0.55.0"}
"""The releases these adapters were written against (and the test checks are installed)."""


def build_middleware_now(app: Any) -> None:
    """Build a connexion app's middleware stack now, so a broken handler fails the start."""
    stack = app.middleware
    stack.app, stack.middleware_stack = stack._build_middleware_stack()


class _OnceDecoratedOperation(AsyncOperation):  # type: ignore[misc]
    """An operation whose parameter and response decorators are built once, not per request.

    connexion's ``AsyncOperation.fn`` builds a new decorator (and inspects the function) on
    every call; the decorators read the request from connexion's context when called, so one
    built at the first call serves every request of the operation.
    """

    @cached_property
    def fn(self) -> Callable[[], Any]:
        decorator = StarletteDecorator(
            pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )
        # StarletteDecorator's own wrapper calls ``decorate`` per request; call it just once.
        decorated = decorator.decorate(self._fn)
        framework = decorator.framework
        parsers: list[Any] = []  # the operation's URI parser, made at its first request

        async def call() -> Any:
            if not parsers:
                parsers.append(decorator.uri_parser)  # reads the operation from the context
            request = framework.get_request(uri_parser=parsers[0], scope=scope, receive=receive)
            return await decorated(request)

        return call


class _OnceDecoratedApi(AsyncApi):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> AsyncOperation:
        return _OnceDecoratedOperation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


class _OnceDecoratedASGIApp(AsyncASGIApp):  # type: ignore[misc]
    api_cls = _OnceDecoratedApi


class SpecApp(AsyncApp):  # type: ignore[misc]
    """connexion's ``AsyncApp`` whose operations are decorated once, at start-up."""

    def __init__(self, import_name: str, **kwargs: Any) -> None:
        super().__init__(import_name, **kwargs)
        # Before any API is added: the innermost app makes (and routes to) the operations.
        inner = _OnceDecoratedASGIApp()
        self._middleware_app = inner
        self.middleware.app = inner


class JSONBodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    """connexion's JSON request body validator with its private hooks under public names.

    A subclass overrides :meth:`parse_body` (bytes to a document) and :meth:`validate_body`
    (raise for a bad document); connexion calls them through its ``_parse`` and ``_validate``.
    """

    @property
    def encoding(self) -> str:
        """The charset of the request's ``Content-Type`` (utf-8 when it names none)."""
        return str(self._encoding)

    async def parse_body(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        """Read the body into a document (connexion's parser by default)."""
        return await super()._parse(stream, scope)

    def validate_body(self, body: Any) -> None:
        """Raise for a document that breaks the schema (connexion's check by default)."""
        super()._validate(body)

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        return await self.parse_body(stream, scope)

    def _validate(self, body: Any) -> None:
        self.validate_body(body)
