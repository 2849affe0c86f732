"""Log set-up: plain lines for people, JSON lines for log pipelines, and the request id.

``ANNOTA_LOG_FORMAT=json`` writes one JSON object per line with ``time``, ``level``,
``logger`` and ``message``, plus the request's fields where there are some (``request_id``,
``method``, ``path``, ``status``, ``duration_ms``, ``operation``) and ``exception`` for a
traceback. Every record logged while a request is being answered carries its id, so the
``request_id`` a user finds in an error answer leads to the server's lines about it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from contextvars import ContextVar
from typing import Any

from annota_server.settings import ENV_LOG_FORMAT

REQUEST_ID: ContextVar[str | None] = ContextVar("annota_request_id", default=None)
"""The id of the request being answered (set by the front door, read by logs and problems)."""

FORMATS = ("plain", "json")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "operation")
"""Fields a record may carry (``extra=``) that the JSON format writes as its own keys."""


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request it was logged for (``None`` outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Attach ``request_id`` unless the record brought its own."""
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


class PlainFormatter(logging.Formatter):
    """``time LEVEL logger: message``, and ``[request ID]`` for lines logged inside a request."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """Format the record; the request line already names its id in the message."""
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        if request_id is not None and getattr(record, "status", None) is None:
            line = f"{line} [request {request_id}]"
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a JSON line."""
        doc: dict[str, Any] = {
            "time": _iso(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                doc[name] = value
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            doc["exception"] = record.exc_text
        return json.dumps(doc, ensure_ascii=False, default=str)


def _iso(created: float) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
    return f"{seconds}.{int(created % 1 * 1000):03d}Z"


def log_format() -> str:
    """The format chosen by ``ANNOTA_LOG_FORMAT`` (``plain`` unless it says ``json``).

    Raises:
        ValueError: the variable names another format.

    """
    chosen = os.environ.get(ENV_LOG_FORMAT, "").strip().lower() or "plain"
    if chosen not in FORMATS:
        raise ValueError(f"{ENV_LOG_FORMAT} must be one of {', '.join(FORMATS)}, not {chosen!r}")
    return chosen


def cheap_records() -> None:
    """Skip the record fields our formats never show (caller, thread, process: logging's HOWTO).

    The request line is logged on every request; finding the caller's frame alone was a quarter
    of its cost.
    """
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


def logging_config(fmt: str = "plain") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` for ``fmt``; uvicorn applies it in every process."""
    formatter = JsonFormatter if fmt == "json" else PlainFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.{RequestIdFilter.__name__}"}},
        "formatters": {"annota": {"()": f"{__name__}.{formatter.__name__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "annota",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": "INFO"},
        "loggers": {
            # annota_server logs one line per request; these would only repeat or add noise.
            "uvicorn.access": {"level": "WARNING"},
            "connexion": {"level": "WARNING"},
            "alembic": {"level": "WARNING"},
        },
    }
