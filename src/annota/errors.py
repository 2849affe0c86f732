"""Every exception annota raises, and the one place that turns a response into one.

The hierarchy::

    AnnotaError
    ├── ConfigurationError           bad or missing settings (e.g. no token found)
    ├── InvalidRequestError          a request dict with a wrong key, caught before sending
    ├── IncompatibleServerError      the server speaks another major API version
    ├── OperationFailedError         a long-running server operation ended badly
    │   └── OperationCancelledError      ... because it was cancelled
    ├── OperationTimeoutError        waiting for an operation timed out (it goes on)
    ├── IntegrityError               a download does not match its size or SHA-256
    ├── APIConnectionError           the server could not be reached
    │   └── APITimeoutError          ... or did not answer in time
    └── ApiError                     the server answered with a 4xx/5xx status
        ├── ValidationError              400, 422 (carries the field errors)
        ├── AuthenticationError          401
        │   └── OtpRequiredError             a one-time code is needed
        ├── PermissionDeniedError        403
        ├── NotFoundError                404
        ├── ConflictError                409
        │   └── PreconditionFailedError      412: changed since it was read
        ├── GoneError                    410 (an expired result)
        ├── PayloadTooLargeError         413
        ├── UnsupportedMediaTypeError    415
        ├── RateLimitError               429 (carries retry_after)
        └── ServerError                  5xx
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "APIConnectionError",
    "AmbiguousNameError",
    "APITimeoutError",
    "AnnotaError",
    "ApiError",
    "AuthenticationError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "FieldError",
    "GoneError",
    "IncompatibleServerError",
    "IntegrityError",
    "InvalidRequestError",
    "NotAnnotaServerError",
    "NotFoundError",
    "OperationCancelledError",
    "OperationFailedError",
    "OperationTimeoutError",
    "OtpRequiredError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "RequestInfo",
    "ServerError",
    "UnsupportedMediaTypeError",
    "ValidationError",
    "error_from_response",
    "LossyExportWarning",
]

OTP_REQUIRED_TYPE = "urn:annota:problem:otp-required"


class AnnotaError(Exception):
    """The base of every error that annota raises."""


class LossyExportWarning(UserWarning):
    """An export left out shapes its format cannot hold (say, polylines in COCO).

    ``skipped`` lists them as ``(kind, label, count)``; ``operation`` is the finished export.
    """

    def __init__(
        self, message: str, skipped: list[tuple[str, str, int]], operation: Any = None
    ) -> None:
        super().__init__(message)
        self.skipped = skipped
        self.operation = operation


class ConfigurationError(AnnotaError):
    """The SDK was set up wrongly, e.g. no credentials could be found."""


class AmbiguousNameError(ConfigurationError, LookupError):
    """A name given where one object was meant matches several; ``matches`` lists them."""

    def __init__(self, message: str, matches: list[str]) -> None:
        super().__init__(message)
        self.matches = matches


class InvalidRequestError(AnnotaError, ValueError):
    """A request's values are wrong (unknown or missing key); nothing was sent."""


class IncompatibleServerError(AnnotaError):
    """The server implements an API major version that this SDK does not support."""


class OperationFailedError(AnnotaError):
    """A long-running operation on the server failed or was cancelled.

    ``operation`` is the operation as last read (``operation.message`` says why).
    """

    def __init__(self, message: str, operation: Any = None) -> None:
        super().__init__(message)
        self.operation = operation


class OperationCancelledError(OperationFailedError):
    """The operation was cancelled before it finished."""


class OperationTimeoutError(AnnotaError, TimeoutError):
    """Waiting for an operation took longer than the timeout; the operation goes on.

    ``operation`` is the operation as last read; wait for it again, or cancel it.
    """

    def __init__(self, message: str, operation: Any = None) -> None:
        super().__init__(message)
        self.operation = operation


class IntegrityError(AnnotaError):
    """Downloaded bytes do not match the size or SHA-256 the server announced; nothing was kept."""


class APIConnectionError(AnnotaError):
    """The request did not get an HTTP answer: refused, reset, DNS failure, TLS error."""


class APITimeoutError(APIConnectionError):
    """The server did not answer within the timeout, or the call's deadline passed."""


class NotAnnotaServerError(APIConnectionError):
    """The address answered HTTP, but not as an annota server does (``make_client``'s probe).

    ``status`` is the status of that answer; the message quotes at most a short excerpt of it.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ClientClosedError(AnnotaError):
    """The client was closed (``close()`` or the end of its ``with`` block); nothing was sent."""


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """Which request an error answered (never includes headers, so never secrets)."""

    method: str
    url: str


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why one field of a request was refused."""

    field: str
    message: str


class ApiError(AnnotaError):
    """The server answered with an error status.

    Attributes:
        status: The HTTP status code.
        problem: The decoded ``application/problem+json`` body (empty when there was none).
        request: The method and URL of the request.
        headers: The response headers.

    """

    status: int
    problem: dict[str, Any]
    request: RequestInfo | None
    headers: Mapping[str, str]

    def __init__(
        self,
        status: int,
        problem: Mapping[str, Any] | None = None,
        request: RequestInfo | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.problem = dict(problem or {})
        self.request = request
        self.headers = headers or {}
        super().__init__(self._message())

    @property
    def title(self) -> str:
        """The problem's short summary."""
        return str(self.problem.get("title") or "")

    @property
    def detail(self) -> str:
        """What went wrong, as the server said it."""
        return str(self.problem.get("detail") or "")

    @property
    def type(self) -> str:
        """The URI that identifies the kind of problem."""
        return str(self.problem.get("type") or "about:blank")

    @property
    def errors(self) -> list[FieldError]:
        """The per-field errors of a validation failure (empty otherwise)."""
        items = self.problem.get("errors") or []
        return [
            FieldError(str(item.get("field", "")), str(item.get("message", "")))
            for item in items
            if isinstance(item, Mapping)
        ]

    def _message(self) -> str:
        where = f" ({self.request.method} {self.request.url})" if self.request else ""
        text = self.detail or self.title or "no details"
        fields = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        return f"{self.status} {text}{where}" + (f" [{fields}]" if fields else "")


class ValidationError(ApiError):
    """The request broke the contract (400 or 422); ``errors`` names each field."""


class AuthenticationError(ApiError):
    """No valid credentials (401)."""


class OtpRequiredError(AuthenticationError):
    """Two-factor authentication is on: log in again with ``otp=``."""


class PermissionDeniedError(ApiError):
    """The caller's role does not allow this (403)."""


class NotFoundError(ApiError):
    """No such object, or not visible to the caller (404)."""


class ConflictError(ApiError):
    """The change conflicts with the current state (409)."""


class PreconditionFailedError(ConflictError):
    """The object changed since it was read (412); fetch it and apply the change again."""


class GoneError(ApiError):
    """The object existed but has expired (410), such as an old export's result."""


class PayloadTooLargeError(ApiError):
    """The request body is larger than the server accepts (413)."""


class UnsupportedMediaTypeError(ApiError):
    """The server does not accept this media type (415)."""


class RateLimitError(ApiError):
    """Too many requests (429); ``retry_after`` says how many seconds to wait."""

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before trying again, from ``Retry-After``."""
        value = self.headers.get("Retry-After") or self.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


class ServerError(ApiError):
    """The server failed (5xx)."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    422: ValidationError,
    429: RateLimitError,
}


def _decode_problem(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content) if content else {}
    except ValueError:
        return {"detail": content[:500].decode("utf-8", "replace")}
    return body if isinstance(body, dict) else {"detail": str(body)}


def error_from_response(
    status: int,
    content: bytes,
    headers: Mapping[str, str],
    request: RequestInfo | None = None,
    problem: Mapping[str, Any] | None = None,
) -> ApiError:
    """Build the typed exception for an error response: the one status-to-class mapping.

    ``problem`` is the body already decoded (the generated layer decodes JSON bodies);
    without it, ``content`` is decoded here.
    """
    problem = dict(problem) if problem is not None else _decode_problem(content)
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else ApiError)
    if status == 401 and problem.get("type") == OTP_REQUIRED_TYPE:
        cls = OtpRequiredError
    return cls(status, problem, request, headers)
