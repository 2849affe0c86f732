"""The one place that runs handlers: database session, caller, headers, ETags and answers.

Every operation is bound through :func:`bind`. The bound endpoint opens a session (a write
session for anything but GET), authenticates the bearer token when the operation needs it,
calls the handler with a :class:`Ctx`, commits, and turns :class:`Problem` and database
conflicts into problem+json. Handlers therefore only describe what their operation does.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import orjson
from connexion import context as connexion_context
from connexion.utils import coerce_type
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import URL, Headers
from starlette.requests import HTTPConnection
from starlette.responses import Response

from annota_server import authn, idempotency
from annota_server.bookkeeping import Bookkeeping, TokenUse
from annota_server.db.engine import Database, Rerun, retry_transient
from annota_server.db.models import User, Workspace, utcnow
from annota_server.problems import FieldError, Problem, conflict, unauthorized
from annota_server.settings import Settings
from annota_server.storage import Storage
from annota_server.validation import BODY_KEY

logger = logging.getLogger("annota_server")

WORKSPACE_HEADER = "X-Workspace"
# ids are 32-bit in the database; larger numbers cannot name anything (and must not reach SQL).
MAX_ID = 2**31 - 1


class Versioned(Protocol):
    """A row with an id and a version counter: anything that has an ETag."""

    id: int
    version: int


def etag(row: Versioned) -> str:
    """Return a strong ETag from the row's version counter, which every change bumps."""
    return f'"{row.id}-{row.version}"'


def etag_listed(given: str | None, current: str) -> bool:
    """Whether an ``If-Match`` or ``If-None-Match`` value names ``current`` (or is ``*``).

    Weak tags compare as their strong selves; no header, or an empty one, names nothing.
    """
    if not given:
        return False
    tags = [t.strip() for t in given.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == current for t in tags)


def json_bytes(document: Any) -> bytes:
    """Encode a response document (compact UTF-8; orjson is several times faster than json)."""
    return orjson.dumps(document)


@dataclass(frozen=True)
class Runtime:
    """What every request of one app shares."""

    settings: Settings
    database: Database
    api_version: str
    storage: Storage
    bookkeeping: Bookkeeping = field(init=False, repr=False, compare=False)
    """This process's queue of logins and token uses, written behind the requests."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "bookkeeping", Bookkeeping(self.database))


class Ctx:
    """What a handler needs about the request it is answering."""

    def __init__(
        self,
        runtime: Runtime,
        db: Session,
        connection: HTTPConnection,
        now: datetime,
        *,
        unknown_workspace_status: int = 404,
        write: bool = True,
    ) -> None:
        self.runtime = runtime
        self.write = write
        """Whether ``db`` is a write session (else the handler writes in :meth:`writing`)."""
        self.unknown_workspace_status = unknown_workspace_status
        self.settings = runtime.settings
        self.storage = runtime.storage
        self.db = db
        self.connection = connection
        self.now = now
        self.caller: authn.Caller | None = None
        self._workspace: Workspace | None = None
        self._workspace_resolved = False
        self._after_commit: list[Callable[[], object]] = []
        self._on_rollback: list[Callable[[], object]] = []

    # -- the request ---------------------------------------------------------------------------

    @property
    def headers(self) -> Headers:
        """The request headers."""
        return self.connection.headers

    @property
    def url(self) -> URL:
        """The absolute request URL, with its query string."""
        return self.connection.url

    @property
    def path(self) -> str:
        """The request path, used as the ``instance`` of problems."""
        return self.connection.url.path

    @property
    def user(self) -> User:
        """The authenticated user (only for operations that require authentication)."""
        assert self.caller is not None, "operation does not authenticate"
        return self.caller.user

    @property
    def workspace(self) -> Workspace | None:
        """The workspace named by ``X-Workspace``; 404 when unknown or not the caller's."""
        if not self._workspace_resolved:
            self._workspace = self._resolve_workspace()
            self._workspace_resolved = True
        return self._workspace

    def _resolve_workspace(self) -> Workspace | None:
        slug = self.headers.get(WORKSPACE_HEADER)
        if slug is None or self.caller is None:
            return None
        # Authentication looked the slug up already (same statement as the token).
        found = self.caller.workspace
        if found is not None and not self.user.is_admin and self.caller.workspace_role is None:
            found = None
        if found is None:
            raise Problem(
                self.unknown_workspace_status,
                f"No workspace with slug {slug!r} (from the {WORKSPACE_HEADER} header).",
                errors=[FieldError(WORKSPACE_HEADER, "no such workspace")],
            )
        return found

    @contextmanager
    def using(self, db: Session) -> Iterator[Session]:
        """Make ``db`` the request's session for the block (a handler's own write transaction)."""
        previous, self.db = self.db, db
        try:
            yield db
        finally:
            self.db = previous

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction, committed at the end of the block (``ctx.db`` meanwhile).

        The request's own session when it is a write session; else a short one of the
        handler's own (see :func:`own_transactions`).
        """
        if self.write:
            yield self.db
            self.db.commit()
            return
        with self.runtime.database.session(write=True) as db, db.begin(), self.using(db):
            yield db

    # -- side effects outside the database ----------------------------------------------------

    def after_commit(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` once the request's transaction has committed (for example, delete files)."""
        self._after_commit.append(fn)

    def on_rollback(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` when the request's transaction does not commit (undo files it wrote)."""
        self._on_rollback.append(fn)

    def _run(self, hooks: list[Callable[[], object]], when: str) -> None:
        # Hooks only tidy up storage: one that fails is logged and never changes the answer.
        for fn in hooks:
            try:
                fn()
            except Exception:
                logger.warning("a hook run %s failed on %s", when, self.path, exc_info=True)
        hooks.clear()

    # -- optimistic concurrency ----------------------------------------------------------------

    def check_if_match(self, row: Versioned) -> None:
        """Refuse the change with 412 when ``If-Match`` names another version of ``row``."""
        given = self.headers.get("If-Match")
        if given is None:
            return
        current = etag(row)
        if etag_listed(given, current):
            return
        raise Problem(
            412,
            f"The object changed since it was read: its ETag is now {current}.",
            errors=[FieldError("If-Match", f"does not match the current ETag {current}")],
        )

    # -- answers -------------------------------------------------------------------------------

    def one(self, document: dict[str, Any], row: Versioned, *, status: int = 200) -> Response:
        """Answer one object with its ETag; call after the last change (it flushes)."""
        return Response(
            json_bytes(document),
            status_code=status,
            media_type="application/json",
            headers={"ETag": etag(row)},
        )

    def json(
        self,
        document: dict[str, Any],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Answer a JSON document that has no ETag (lists, status objects)."""
        return Response(
            json_bytes(document), status_code=status, headers=headers, media_type="application/json"
        )

    @staticmethod
    def no_content() -> Response:
        """Answer 204."""
        return Response(status_code=204)


Handler = Callable[..., Response]


def own_transactions(handler: Handler) -> Handler:
    """Mark a write handler that opens its own short write transactions (see staging).

    :func:`bind` then gives it a read session: on SQLite a write session would hold the
    database's one write lock from the request's first statement to its answer.
    """
    handler.own_transactions = True  # type: ignore[attr-defined]
    return handler


def current_connection() -> HTTPConnection:
    """Return the request being handled, from connexion's context."""
    return HTTPConnection(connexion_context.scope)


def bind(
    runtime: Runtime,
    handler: Handler,
    *,
    authenticated: bool,
    write: bool,
    unknown_workspace_status: int = 404,
    json_body: bool = False,
) -> Handler:
    """Wrap a handler ``f(ctx, **params)`` into the endpoint connexion calls with ``**params``.

    The endpoint carries the handler's signature (connexion passes only the parameters it
    declares). ``unknown_workspace_status`` answers an ``X-Workspace`` the caller
    cannot use: 404, or 400 for operations whose contract has no 404. With ``json_body`` (the
    operation takes only JSON bodies) the handler's ``body`` is the document the body
    validator parsed, left in the scope: the signature connexion sees has no ``body``, so it
    does not parse the body a second time.
    """
    signature = inspect.signature(handler)
    body_from_scope = json_body and "body" in signature.parameters
    if body_from_scope:
        signature = signature.replace(
            parameters=[p for p in signature.parameters.values() if p.name != "body"]
        )
    writes = write  # the handler changes something (in this session or its own)
    if getattr(handler, "own_transactions", False):
        write = False

    def endpoint(**params: Any) -> Response:
        connection = current_connection()
        if body_from_scope:
            params["body"] = connection.scope[BODY_KEY]
        if writes:
            # Logins and token uses this process queued come first: a revocation counts them.
            runtime.bookkeeping.flush()
        _unshadow(params, connection)
        path = connection.url.path

        key = idempotency.key_of(connection) if write and authenticated else None
        printed = idempotency.fingerprint(connection, params) if key is not None else ""

        def attempt() -> tuple[Response, int | None]:
            # One whole transaction; retry_transient runs it again after a deadlock.
            touch: int | None = None
            ctx: Ctx | None = None
            committed = False
            try:
                with runtime.database.session(write=write) as db:
                    ctx = Ctx(
                        runtime,
                        db,
                        connection,
                        utcnow(),
                        unknown_workspace_status=unknown_workspace_status,
                        write=write,
                    )
                    if authenticated:
                        ctx.caller = _authenticate(ctx)
                        if ctx.caller.touch_token:
                            touch = ctx.caller.token_id
                        # An unusable X-Workspace is refused on every operation, not only lists.
                        _ = ctx.workspace
                    replay = None
                    if key is not None:
                        retention = runtime.settings.idempotency_retention_seconds
                        replay = idempotency.claim(db, ctx.user.id, key, printed, retention, path)
                    if replay is not None:
                        response = replay
                    else:
                        response = handler(ctx, **params)
                        if key is not None:
                            idempotency.record(db, ctx.user.id, key, printed, response)
                    db.commit()
                    committed = True
            finally:
                if ctx is not None:
                    if committed:
                        ctx._run(ctx._after_commit, "after commit")
                    else:
                        ctx._run(ctx._on_rollback, "on rollback")
            return response, touch

        try:
            response, touch = retry_transient(attempt)
        except Problem as problem:
            return problem.to_response(path)
        except IntegrityError:
            logger.info("integrity conflict on %s", path, exc_info=True)
            return conflict("The change conflicts with existing data.").to_response(path)
        except (OperationalError, PoolTimeout):
            # The database is unreachable or busy (SQLite: locked): worth retrying, not a bug.
            logger.warning("database unavailable on %s", path, exc_info=True)
            return Problem(
                503, "The database is unavailable; try again shortly.", headers={"Retry-After": "1"}
            ).to_response(path)
        except StaleDataError:
            return Problem(
                412, "The object was changed by another request; read it again."
            ).to_response(path)
        except Rerun:  # lost the race every time: say so rather than run it twice
            return conflict(
                "Another request with this Idempotency-Key kept running; try again.",
                field=idempotency.HEADER,
            ).to_response(path)
        if touch is not None:
            # Behind the request's transaction, never in it: a read holds no write lock.
            runtime.bookkeeping.record(TokenUse(touch, utcnow()))
        return response

    functools.update_wrapper(endpoint, handler, updated=())
    # connexion unwraps and inspects the handler on every request; a stored signature makes
    # that a lookup (without __wrapped__ it stops here instead of reaching the handler).
    del endpoint.__wrapped__  # type: ignore[attr-defined]
    endpoint.__signature__ = signature  # type: ignore[attr-defined]
    return endpoint


# connexion passes its security context ("user", "token_info") in place of same-named parameters.
_CONTEXT_KEYS = ("user", "token_info")


def _unshadow(params: dict[str, Any], connection: HTTPConnection) -> None:
    """Put back query parameters that connexion's security context overwrote."""
    for name in _CONTEXT_KEYS:
        params.pop(name, None)
        raw = connection.query_params.get(name)
        if raw is None:
            continue
        for definition in connexion_context.operation.parameters:
            if definition["in"] == "query" and definition["name"] == name:
                # Already validated against the spec, so the conversion cannot fail.
                params[name] = coerce_type(definition, raw, "query", name)


def _authenticate(ctx: Ctx) -> authn.Caller:
    token = authn.parse_bearer(ctx.headers.get("Authorization"))
    slug = ctx.headers.get(WORKSPACE_HEADER)
    caller = authn.authenticate(ctx.db, token, ctx.now, slug) if token else None
    if caller is None:
        raise unauthorized("The token is not valid: it is unknown, revoked or expired.")
    return caller
