"""The one place where the server reaches into its dependencies' private names.

connexion and uvicorn offer no public hook for these: connexion builds its middleware stack
lazily on the first request, and its JSON body validator's parsing and checking are private
methods; uvicorn's httptools protocol is not exported. Everything else imports them from here,
under public names, and tests/unit/test_upstream.py pins the versions below and checks that each
private name is still there, so an upgrade fails that test instead of a request.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from connexion.validators import JSONRequestBodyValidator
from starlette.types import Scope
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = [
    "WRITTEN_AGAINST",
    "HttpToolsProtocol",
    "JSONBodyValidator",
    "build_middleware_now",
]

WRITTEN_AGAINST = {"connexion": "3.3.0", "uvicorn": "0.55.0"}
"""The releases these adapters were written against (and the test checks are installed)."""


def build_middleware_now(app: Any) -> None:
    """Build a connexion app's middleware stack now, so a broken handler fails the start."""
    stack = app.middleware
    stack.app, stack.middleware_stack = stack._build_middleware_stack()


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
