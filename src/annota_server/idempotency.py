"""Idempotency keys: a POST or PATCH sent again with the same ``Idempotency-Key`` runs once.

The first successful answer is stored per key and user, in the request's own transaction, and
replayed (with ``Idempotent-Replayed: true``) to a retry of the same request for
``Settings.idempotency_retention_seconds``. The same key with another request (method, path,
query or body) is a 422 naming the header. Errors are not stored: the transaction that would
store them rolls back, so a retry after an error runs again.

Concurrent duplicates wait: a request inserts its key row before it runs, so on PostgreSQL a
duplicate's insert waits on the unique index until the first commits, then finds the stored
answer (the transaction runs again, see :class:`~annota_server.db.engine.Rerun`); on SQLite
the write lock serialises them anyway.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.requests import HTTPConnection
from starlette.responses import Response

from annota_server.db.engine import Database, Rerun
from annota_server.db.models import IdempotentRequest, utcnow
from annota_server.problems import FieldError, Problem
from annota_server.uploads import FORM_KEY

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
METHODS = frozenset({"POST", "PATCH"})
# The answer's headers a replay repeats (the others are made per response).
_KEPT_HEADERS = ("content-type", "etag", "location", "retry-after")
_RUNNING = 0


def key_of(connection: HTTPConnection) -> str | None:
    """The request's ``Idempotency-Key``, when it is a POST or PATCH that sends one."""
    if connection.scope.get("method") not in METHODS:
        return None
    return connection.headers.get(HEADER) or None


def _canonical(value: Any) -> bytes:
    # The stdlib, not orjson: a body may hold lone surrogates (valid JSON escapes, not UTF-8),
    # which ensure_ascii writes as escapes again.
    return json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def fingerprint(connection: HTTPConnection, params: dict[str, Any]) -> str:
    """SHA-256 of what makes a request the same request: method, path, query and body."""
    digest = hashlib.sha256()
    url = connection.url
    digest.update(f"{connection.scope.get('method')} {url.path}?{url.query}\n".encode())
    form = connection.scope.get(FORM_KEY)  # a multipart body, parsed by uploads
    if form is not None:
        for name, value in form.multi_items():
            digest.update(_canonical(name))
            if isinstance(value, UploadFile):
                digest.update(_canonical([value.filename, value.content_type]))
                value.file.seek(0)
                while chunk := value.file.read(1 << 20):
                    digest.update(chunk)
                value.file.seek(0)
            else:
                digest.update(_canonical(value))
    elif "body" in params:
        digest.update(_canonical(params["body"]))
    return digest.hexdigest()


def _insert_new(db: Session, values: dict[str, Any]) -> bool:
    """Insert the key's row unless it exists (after waiting for its writer); True if inserted."""
    dialect = sqlite if db.get_bind().dialect.name == "sqlite" else postgresql
    statement = (
        dialect.insert(IdempotentRequest)
        .values(values)
        .on_conflict_do_nothing(index_elements=["user_id", "key"])
        .returning(IdempotentRequest.id)
    )
    return db.execute(statement).first() is not None


def claim(
    db: Session, user_id: int, key: str, printed: str, retention: int, path: str
) -> Response | None:
    """The stored answer to replay, or None after claiming ``key`` for this request.

    Raises:
        Problem: 422 when the key was used for another request.
        Rerun: a concurrent duplicate committed first; run again to replay its answer.

    """
    now = utcnow()
    found = db.scalars(
        select(IdempotentRequest).where(
            IdempotentRequest.user_id == user_id, IdempotentRequest.key == key
        )
    ).first()
    if found is not None and found.created_at < now - timedelta(seconds=retention):
        db.delete(found)  # expired and not yet swept: as if never sent
        db.flush()
        found = None
    if found is not None:
        if found.fingerprint != printed:
            raise Problem(
                422,
                f"The {HEADER} {key!r} was already used for another request; send a new key "
                "for a new request.",
                errors=[FieldError(HEADER, "was already used with another method, path or body")],
            )
        headers = {**found.headers, REPLAYED: "true"}
        return Response(found.body, status_code=found.status, headers=headers)
    values = {"user_id": user_id, "key": key, "fingerprint": printed, "status": _RUNNING}
    values |= {"headers": {}, "body": b"", "created_at": now}
    if not _insert_new(db, values):
        raise Rerun(f"{HEADER} {key!r} on {path} was answered meanwhile")
    return None


def record(db: Session, user_id: int, key: str, printed: str, response: Response) -> None:
    """Store the answer under the claimed key, in the request's transaction."""
    if not 200 <= response.status_code < 300:
        return
    headers = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
    body = bytes(getattr(response, "body", b""))
    values = {"status": response.status_code, "headers": headers, "body": body}
    done = db.execute(
        update(IdempotentRequest)
        .where(IdempotentRequest.user_id == user_id, IdempotentRequest.key == key)
        .values(values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount == 1:  # type: ignore[attr-defined]
        return
    # The handler ended the transaction that claimed the key (uploads do, to copy files
    # without holding locks): claim it again, now with the answer.
    values |= {"user_id": user_id, "key": key, "fingerprint": printed, "created_at": utcnow()}
    if not _insert_new(db, values):
        raise Rerun(f"{HEADER} {key!r} was answered meanwhile")


def sweep(database: Database, retention: int) -> int:
    """Delete stored answers older than the retention period; return how many."""
    cutoff = utcnow() - timedelta(seconds=retention)
    with database.session(write=True) as db, db.begin():
        result = db.execute(delete(IdempotentRequest).where(IdempotentRequest.created_at < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]
