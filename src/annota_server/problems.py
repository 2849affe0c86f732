"""Problem details (RFC 9457): the one shape of every error answer, and connexion's hooks for it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Send

from annota_server.logs import REQUEST_ID

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:annota:problem:"
OTP_REQUIRED = TYPE_PREFIX + "otp-required"

_KINDS: dict[int, tuple[str, str]] = {
    400: ("validation", "Invalid request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    408: ("request-timeout", "Request timeout"),
    409: ("conflict", "Conflict"),
    412: ("precondition-failed", "Precondition failed"),
    413: ("payload-too-large", "Request body too large"),
    414: ("uri-too-long", "Request path too long"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("too-many-requests", "Too many requests"),
    500: ("internal-error", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
}

logger = logging.getLogger("annota_server")


@dataclass(frozen=True)
class FieldError:
    """Why one field of a request was refused; ``field`` is a body path or a parameter name."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """Return the JSON form."""
        return {"field": self.field, "message": self.message}


class Problem(Exception):
    """An error answer; raise it anywhere below a handler and it becomes problem+json."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type: str | None = None,
        title: str | None = None,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        kind, default_title = _KINDS.get(status, ("error", "Error"))
        self.status = status
        self.detail = detail
        self.type = type or TYPE_PREFIX + kind
        self.title = title or default_title
        self.errors = errors
        self.headers = headers or {}

    def body(self, instance: str) -> dict[str, Any]:
        """Return the problem document for the request path ``instance``."""
        doc: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }
        if self.errors is not None:
            doc["errors"] = [e.as_dict() for e in self.errors]
        request_id = REQUEST_ID.get()
        if request_id is not None:  # the id of the answer's X-Request-Id and its log line
            doc["request_id"] = request_id
        return doc

    def encode(self, instance: str) -> bytes:
        """Return the problem document as JSON bytes."""
        return json.dumps(self.body(instance), ensure_ascii=False).encode()

    def to_response(self, instance: str) -> Response:
        """Return the answer as a Starlette response."""
        return Response(
            self.encode(instance),
            status_code=self.status,
            headers=self.headers,
            media_type=PROBLEM_MEDIA_TYPE,
        )


# -- shorthands used by handlers; each names the field when there is one -------------------------


def not_found(what: str, field: str | None = None) -> Problem:
    """No such object, or the caller may not see it (the two are never told apart)."""
    errors = [FieldError(field, f"no such {what}")] if field else None
    return Problem(404, f"No such {what}.", errors=errors)


def forbidden(detail: str) -> Problem:
    """Refuse: the caller is known but their role does not allow this."""
    return Problem(403, detail)


def conflict(detail: str, field: str | None = None) -> Problem:
    """Refuse a change that conflicts with stored state, for example a taken name."""
    errors = [FieldError(field, detail)] if field else None
    return Problem(409, detail, errors=errors)


def invalid(field: str, message: str) -> Problem:
    """Refuse one field by a rule the schema cannot express."""
    return Problem(400, f"{field}: {message}", errors=[FieldError(field, message)])


def too_large(limit: int, field: str = "body") -> Problem:
    """Refuse a request body (or one uploaded file, ``field``) over ``limit`` bytes."""
    return Problem(
        413,
        f"The request body is larger than {limit} bytes.",
        errors=[FieldError(field, f"must be at most {limit} bytes")],
    )


def unauthorized(detail: str, *, type: str | None = None) -> Problem:
    """No valid credentials; carries the challenge header every 401 needs."""
    return Problem(401, detail, type=type, headers={"WWW-Authenticate": "Bearer"})


# -- connexion error handlers --------------------------------------------------------------------


def _connexion_response(problem: Problem, instance: str) -> Any:
    from connexion.lifecycle import ConnexionResponse

    headers = dict(problem.headers)
    return ConnexionResponse(
        status_code=problem.status,
        mimetype=PROBLEM_MEDIA_TYPE,
        content_type=PROBLEM_MEDIA_TYPE,
        body=problem.encode(instance),
        headers=headers,
    )


def from_http_exception(exc: HTTPException) -> Problem:
    """Translate connexion's and Starlette's HTTP errors into our problem shape."""
    status = exc.status_code
    detail = getattr(exc, "detail", None) or _KINDS.get(status, ("", "Error"))[1]
    errors: list[FieldError] | None = getattr(exc, "errors", None)
    headers = dict(getattr(exc, "headers", None) or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
        if detail == "No authorization token provided":
            detail = "Authentication required: send 'Authorization: Bearer <token>'."
    elif status == 404 and errors is None:
        detail = "No such path."
    elif status == 415:
        errors = [FieldError("Content-Type", str(detail))]
    elif status == 400 and errors is None:
        errors = [FieldError("body", str(detail))]
    return Problem(status, str(detail), errors=errors, headers=headers)


def handle_http_exception(
    request: Any,
    exc: Exception,
    *,
    explain_404: Callable[[str], list[FieldError]] | None = None,
    allow: Callable[[str], str | None] | None = None,
) -> Any:
    """Connexion error handler for every HTTP error raised outside our handlers.

    ``explain_404`` may find that an unrouted path is really a bad parameter (a 400);
    ``allow`` gives a 405 the ``Allow`` header of every method of the path.
    """
    assert isinstance(exc, HTTPException)
    problem = from_http_exception(exc)
    if problem.status == 405 and allow is not None:
        allowed = allow(request.url.path)
        if allowed is not None:
            problem.headers["Allow"] = allowed
    if problem.status == 404 and explain_404 is not None:
        errors = explain_404(request.url.path)
        if errors:
            summary = "; ".join(f"{e.field}: {e.message}" for e in errors)
            problem = Problem(400, f"The request breaks the API contract: {summary}", errors=errors)
    if problem.status >= 500:
        logger.error("server problem on %s: %s", request.url.path, problem.detail)
    return _connexion_response(problem, request.url.path)


def internal_error() -> Problem:
    """Return the generic answer to a bug; the details stay in the server log."""
    return Problem(500, "The server hit an unexpected error; it has been logged.")


def handle_unexpected(request: Any, exc: Exception) -> Any:
    """Connexion error handler of last resort: log the traceback, answer a bare 500."""
    logger.error("unhandled error on %s", request.url.path, exc_info=exc)
    return _connexion_response(internal_error(), request.url.path)


async def send_problem(send: Send, problem: Problem, path: str) -> None:
    """Answer with ``problem`` at the ASGI level (for code outside connexion's handlers)."""
    body = problem.encode(path)
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in problem.headers.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
