"""Exceptions raised by the generated client.

These are the defaults. A `Client(exception_factory=...)` receives each of them before it is
raised and may return a different exception (the hand-written SDK maps them to its own types).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["ApiError", "Error", "RequestTimeout", "TransportError", "UnexpectedStatus"]


class Error(Exception):
    """Base class of the exceptions raised by the generated client."""


class ApiError(Error):
    """The server answered with a status outside 2xx.

    Attributes:
        status: The HTTP status code.
        reason: The reason phrase sent by the server ("" when none).
        headers: The response headers (case-insensitive mapping).
        content: The raw response body.
        problem: The decoded `application/problem+json` (or JSON object) body, else None.
        method: The request method.
        url: The request URL (without credentials; they travel in headers only).

    """

    status: int
    reason: str
    headers: Mapping[str, str]
    content: bytes
    problem: dict[str, Any] | None
    method: str
    url: str

    def __init__(
        self,
        status: int,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes = b"",
        problem: dict[str, Any] | None = None,
        reason: str = "",
        method: str = "",
        url: str = "",
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers if headers is not None else {}
        self.content = content
        self.problem = problem
        self.method = method
        self.url = url
        super().__init__(self._message())

    @classmethod
    def from_response(
        cls,
        status: int,
        headers: Mapping[str, str],
        content: bytes,
        *,
        reason: str = "",
        method: str = "",
        url: str = "",
    ) -> ApiError:
        """Build the error for a response, decoding a problem+json (or any JSON object) body."""
        return cls(
            status,
            headers=headers,
            content=content,
            problem=decode_problem(headers, content),
            reason=reason,
            method=method,
            url=url,
        )

    @property
    def title(self) -> str | None:
        """The problem's `title`, if the body was a problem document."""
        return _str_member(self.problem, "title")

    @property
    def detail(self) -> str | None:
        """The problem's `detail`, if the body was a problem document."""
        return _str_member(self.problem, "detail")

    def _message(self) -> str:
        where = f" ({self.method} {self.url})" if self.method else ""
        title = self.title or self.reason
        detail = self.detail
        if detail and title:
            text = f"{title}: {detail}"
        elif detail or title:
            text = detail or title or ""
        else:
            text = self.content[:200].decode("utf-8", "replace")
        return f"HTTP {self.status}{where}: {text}" if text else f"HTTP {self.status}{where}"


class UnexpectedStatus(ApiError):
    """A 2xx status the API description does not document for the operation: it cannot be parsed."""


class TransportError(Error):
    """The request did not produce an HTTP response.

    Connection refused or reset, TLS failure, proxy failure, or too many retries. The urllib3
    exception is `cause` (and `__cause__`).
    """

    cause: BaseException | None
    method: str
    url: str

    def __init__(
        self,
        message: str,
        *,
        cause: BaseException | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        self.cause = cause
        self.method = method
        self.url = url
        super().__init__(f"{message} ({method} {url})" if method else message)


class RequestTimeout(TransportError):
    """Connecting or waiting for (part of) the response took longer than the timeout."""


def decode_problem(headers: Mapping[str, str], content: bytes) -> dict[str, Any] | None:
    """The body as a dict when it is a JSON object (problem+json or plain JSON), else None."""
    if not content:
        return None
    content_type = headers.get("content-type") or headers.get("Content-Type") or ""
    if "json" not in content_type.lower():
        return None
    try:
        decoded = json.loads(content)
    except ValueError:
        return None
    return decoded if isinstance(decoded, dict) else None


def _str_member(problem: Mapping[str, Any] | None, key: str) -> str | None:
    if problem is None:
        return None
    value = problem.get(key)
    return value if isinstance(value, str) and value else None
