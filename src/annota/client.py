"""The Client: one session with an annota server.

The client owns the connection pool (through the generated ``annota_api.Client``),
the credentials, the workspace context and the lazy server-version check. Resources
hang off it as repositories: ``client.projects``, ``client.tasks``, ...
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import logging
import platform
import threading
import uuid
import warnings
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import annota_api.errors as api_errors
from annota_api.api.server import server_about
from annota_api.client import Client as ApiClient
from annota_api.models import ServerAbout

from annota._version import __version__
from annota.config import Config
from annota.errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
    IncompatibleServerError,
    NotAnnotaServerError,
    RequestInfo,
    error_from_response,
)

# urllib3 and the repositories (with the generated operations and models behind them)
# load on first use, so that `import annota` and a session's first request stay cheap.
if TYPE_CHECKING:
    from annota_api.client import AsyncClient as ApiAsyncClient
    from annota_api.client import HttpResponse, PreparedRequest
    from annota_api.models import PasswordChangeResult, ServerHealth
    from urllib3 import Retry, Timeout

    from annota.proxies.assets import AssetsRepo
    from annota.proxies.base import Entity
    from annota.proxies.evaluations import EvaluationsRepo
    from annota.proxies.issues import IssuesRepo
    from annota.proxies.jobs import JobsRepo
    from annota.proxies.labels import LabelsRepo
    from annota.proxies.memberships import MembershipsRepo
    from annota.proxies.models import ModelsRepo, ModelVersionsRepo
    from annota.proxies.operations import OperationsRepo
    from annota.proxies.projects import ProjectsRepo
    from annota.proxies.quality import GroundTruthJobsRepo
    from annota.proxies.security import TwoFactor
    from annota.proxies.storages import StoragesRepo
    from annota.proxies.tasks import TasksRepo
    from annota.proxies.tokens import TokensRepo
    from annota.proxies.users import User, UsersRepo
    from annota.proxies.versions import VersionsRepo
    from annota.proxies.webhooks import EventsRepo, WebhooksRepo
    from annota.proxies.workspaces import Workspace, WorkspacesRepo

__all__ = ["API_VERSION", "Client", "make_client"]

API_VERSION = "1.1"
"""The API version (``MAJOR.MINOR`` of openapi.yaml) this SDK was made for."""

log = logging.getLogger("annota")

# POST and PATCH retry too: the client sends each with its own Idempotency-Key (the same key
# on every retry of one call), so the server runs it once however often it arrives.
_RETRIED_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH"})
_KEYED_METHODS = frozenset({"POST", "PATCH"})
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _timeout(config: Config, read: float) -> Timeout:
    from urllib3 import Timeout

    return Timeout(connect=config.connect_timeout, read=read)


@functools.cache
def _capped_retry_class() -> type[Retry]:
    # Built once (urllib3 loads on first use): the transport derives its deadline-aware
    # variant from this class, once per class.
    from urllib3 import Retry
    from urllib3.exceptions import MaxRetryError, ResponseError

    class CappedRetry(Retry):
        """Honours ``Retry-After``, but never waits longer than ``backoff_max``.

        An answer asking for a longer wait (a login lockout asks for minutes) is not retried
        at all: asking again sooner cannot help, so it is the result at once and its error
        carries ``retry_after``.
        """

        def get_retry_after(self, response: Any) -> float | None:
            seconds = super().get_retry_after(response)
            return None if seconds is None else min(seconds, self.backoff_max)

        def increment(
            self,
            method: str | None = None,
            url: str | None = None,
            response: Any = None,
            error: Exception | None = None,
            _pool: Any = None,
            _stacktrace: Any = None,
        ) -> Self:
            if response is not None and self.respect_retry_after_header:
                asked = Retry.get_retry_after(self, response)
                if asked is not None and asked > self.backoff_max:
                    reason = f"the server asks to wait {asked:g} s, more than backoff_max"
                    raise MaxRetryError(_pool, url, ResponseError(reason))
            return super().increment(method, url, response, error, _pool, _stacktrace)

    return CappedRetry


def _retry_policy(config: Config) -> Retry:
    CappedRetry = _capped_retry_class()  # noqa: N806
    # Connection errors, read errors and 429/502/503/504 answers are retried for every method
    # the server runs once however often it arrives (allowed_methods; POST and PATCH carry an
    # Idempotency-Key for that, see Client._before_request).
    return CappedRetry(
        total=config.retries,
        connect=config.retries,
        read=config.retries,
        status=config.retries,
        other=0,
        allowed_methods=_RETRIED_METHODS,
        status_forcelist=(429, 502, 503, 504),
        backoff_factor=config.backoff_factor,
        backoff_max=config.backoff_max,
        backoff_jitter=config.backoff_factor,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )


def _translate(exc: api_errors.Error) -> Exception:
    """Turn the generated layer's exceptions into annota's typed ones (one mapping)."""
    if isinstance(exc, api_errors.ApiError):
        request = RequestInfo(exc.method, exc.url) if exc.method else None
        return error_from_response(exc.status, exc.content, exc.headers, request, exc.problem)
    if isinstance(exc, api_errors.RequestTimeout):
        return APITimeoutError(str(exc))
    if isinstance(exc, api_errors.TransportError):
        return APIConnectionError(str(exc))
    return exc


def _parse_version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    try:
        return int(major), int(minor.partition(".")[0] or 0)
    except ValueError:
        return (-1, 0)


class _VersionCheck:
    """Checks the server's API version once, before the first request of a session."""

    __slots__ = ("_allow_unsupported", "_lock", "about")

    def __init__(self, allow_unsupported: bool, about: ServerAbout | None = None) -> None:
        self._allow_unsupported = allow_unsupported
        self._lock = threading.Lock()
        self.about = about

    def run(self, api: ApiClient) -> None:
        if self.about is not None:
            return
        with self._lock:
            if self.about is None:
                about = server_about.sync(client=api.with_options(on_request=None))
                self.check(about)
                self.about = about

    async def arun(self, api: ApiAsyncClient) -> None:
        # Two first calls at once may both ask: harmless, and no lock spans an await.
        about = await server_about.asyncio(client=api.with_options(on_request=None))
        self.check(about)
        self.about = about

    def check(self, about: ServerAbout) -> None:
        ours, theirs = _parse_version(API_VERSION), _parse_version(about.api_version)
        if theirs[0] != ours[0]:
            message = (
                f"the server speaks API {about.api_version}, this SDK (annota {__version__}) "
                f"speaks {API_VERSION}"
            )
            if not self._allow_unsupported:
                raise IncompatibleServerError(
                    message + "; pass Config(allow_unsupported_server=True) to try anyway"
                )
            warnings.warn(message, stacklevel=4)
        elif theirs[1] > ours[1]:
            warnings.warn(
                f"the server's API {about.api_version} is newer than this SDK's {API_VERSION}; "
                "new features need a newer annota",
                stacklevel=4,
            )


class _Lifetime:
    """Whether a client is closed; a copy is closed with the client it was made from too."""

    __slots__ = ("closed", "parent")

    def __init__(self, parent: _Lifetime | None = None) -> None:
        self.closed = False
        self.parent = parent

    def is_closed(self) -> bool:
        return self.closed or (self.parent is not None and self.parent.is_closed())


def _api_options(
    config: Config, url: str, token: str | None, workspace: str | None
) -> dict[str, Any]:
    """The generated client's settings for a session: the same for `Client` and `AsyncClient`."""
    return {
        "base_url": url.rstrip("/"),
        "token": token,
        "workspace": workspace,
        "timeout": _timeout(config, config.timeout),
        "deadline": config.deadline,
        "verify_ssl": config.verify_ssl,
        "ca_cert": config.ca_cert,
        "proxy_url": config.proxy_url,
        "retries": _retry_policy(config),
        "pool_maxsize": config.pool_maxsize,
        "user_agent": f"annota/{__version__} python/{platform.python_version()}",
        "exception_factory": _translate,
    }


class SessionCore:
    """What `Client` and `AsyncClient` share: settings, copies, the checks before a request."""

    _api: Any
    config: Config
    _version: _VersionCheck
    _session_token: bool
    _owns_pool: bool
    _lifetime: _Lifetime

    def _start(self, config: Config) -> None:
        self.config = config
        self._version = _VersionCheck(config.allow_unsupported_server)
        self._session_token = False  # True when login() made the token: logout on exit
        self._owns_pool = True
        self._lifetime = _Lifetime()

    @property
    def url(self) -> str:
        """The server's base URL."""
        return str(self._api.base_url)

    @property
    def closed(self) -> bool:
        """Whether this client (or the client it was copied from) has been closed."""
        return self._lifetime.is_closed()

    def _check_request(self, request: PreparedRequest) -> None:
        # A fresh key per call; the transport resends these very headers on its retries.
        if request.method in _KEYED_METHODS and not any(
            name.lower() == "idempotency-key" for name in request.headers
        ):
            request.headers[IDEMPOTENCY_HEADER] = uuid.uuid4().hex
        # A closed client's token is revoked: refuse here rather than send a doomed request.
        if self._lifetime.is_closed():
            raise ClientClosedError(
                f"this client of {self.url} is closed (close() or the end of its with block); "
                "make a new one with annota.make_client()"
            )

    def _before_request(self, _api: Any, request: PreparedRequest, *_: Any, **__: Any) -> Any:
        raise NotImplementedError

    # -- copies ----------------------------------------------------------------------

    def _copy(self, **api_changes: Any) -> Self:
        clone = object.__new__(type(self))
        clone.config = self.config
        clone._version = self._version  # one check per server, shared by every copy
        clone._session_token = False  # only the original logs out
        clone._owns_pool = False  # ... and closes the pool
        clone._lifetime = _Lifetime(self._lifetime)
        clone._api = self._api.with_options(on_request=clone._before_request, **api_changes)
        return clone

    def with_workspace(self, slug: str | None) -> Self:
        """A light copy scoped to another workspace; it shares the connection pool.

        Unlike setting ``client.workspace``, this is safe while other threads use the
        original client.
        """
        return self._copy(workspace=slug)

    def with_options(
        self,
        *,
        timeout: float | None = None,
        deadline: float | None = None,
        workspace: str | None = None,
    ) -> Self:
        """A light copy with another read timeout, deadline and/or workspace, sharing the pool.

        ``timeout`` bounds each attempt; with retries a call can take several of them plus
        the backoff between them. ``deadline`` bounds the whole call (see :class:`Config`).
        """
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = _timeout(self.config, timeout)
        if deadline is not None:
            changes["deadline"] = deadline
        if workspace is not None:
            changes["workspace"] = workspace
        return self._copy(**changes)


class Client(SessionCore):
    """A session with an annota server.

    Safe to share between threads. Use :meth:`with_workspace` (not the ``workspace``
    setter) to give each thread its own workspace context.

    Args:
        url: The server's base URL, e.g. ``http://localhost:8080``.
        config: Timeouts, retries and TLS settings.
        token: A session or personal access token.
        workspace: The slug of the workspace that scopes lists and creation.

    """

    _api: ApiClient

    def __init__(
        self,
        url: str,
        *,
        config: Config | None = None,
        token: str | None = None,
        workspace: str | None = None,
    ) -> None:
        config = config or Config()
        self._start(config)
        options = _api_options(config, url, token, workspace)
        self._api = ApiClient(**options, on_request=self._before_request)

    # -- the generated layer --------------------------------------------------------

    @property
    def api(self) -> ApiClient:
        """The generated client with this session's auth, workspace, retries and timeouts.

        ``annota_api.api.projects.projects_retrieve.sync(1, client=client.api)`` works as is.
        """
        return self._api

    def _before_request(self, _api: Any, request: PreparedRequest, *_: Any, **__: Any) -> None:
        self._check_request(request)
        self._version.run(self._api)

    # -- workspace context -----------------------------------------------------------

    @property
    def workspace(self) -> str | None:
        """The slug of the workspace that scopes lists and creation (None: every workspace).

        Set it to a slug, an id or a name (one request looks it up, so a wrong one fails
        here: :class:`~annota.errors.NotFoundError`, or
        :class:`~annota.errors.AmbiguousNameError` for a name several workspaces share); to
        ``""`` for the caller's personal workspace only (as cvat-sdk's
        ``organization_slug = ""``); to None for everything the caller sees. Reading it
        gives the slug.
        """
        return self._api.workspace

    @workspace.setter
    def workspace(self, key: str | int | None) -> None:
        slug = None if key is None else self.workspaces.find(key).model.slug
        self._api = self._api.with_options(workspace=slug)

    @contextlib.contextmanager
    def workspace_context(self, slug: str | None) -> Iterator[Self]:
        """Scope this client to a workspace inside a ``with`` block, then restore it.

        Only the workspace is restored: a login or logout inside the block stays in effect.
        """
        previous = self._api.workspace
        self._api = self._api.with_options(workspace=slug)
        try:
            yield self
        finally:
            self._api = self._api.with_options(workspace=previous)

    # -- session ---------------------------------------------------------------------

    def login(self, credentials: tuple[str, str], otp: str | None = None) -> None:
        """Log in with ``(username, password)`` and, when two-factor is on, a one-time code.

        Raises:
            OtpRequiredError: two-factor authentication is on and ``otp`` is missing.
            AuthenticationError: the credentials are wrong.
            RateLimitError: too many failed attempts; wait ``retry_after`` seconds.

        """
        from annota_api.api.auth import auth_login
        from annota_api.models import LoginRequest

        username, password = credentials
        body = LoginRequest(username=username, password=password)
        if otp is not None:
            body.otp = otp
        result = auth_login.sync(client=self._api, body=body)
        self._api = self._api.with_options(token=result.token)
        self._session_token = True
        log.info("logged in to %s as %s", self.url, username)

    def logout(self) -> None:
        """End the session (revokes the session token on the server)."""
        if self._api.token is None:
            return
        from annota_api.api.auth import auth_logout

        auth_logout.sync(client=self._api)
        self._api = self._api.with_options(token=None)
        self._session_token = False
        log.info("logged out of %s", self.url)

    def close(self) -> None:
        """Log out (only a session made by :meth:`login`) and close the connections.

        Afterwards every call of this client, and of the copies made from it, raises
        :class:`~annota.errors.ClientClosedError` before sending anything. Closing twice is
        harmless.
        """
        if self._lifetime.closed:
            return
        try:
            if self._session_token and not self._lifetime.is_closed():
                with contextlib.suppress(APIConnectionError):
                    self.logout()
        finally:
            self._lifetime.closed = True
            if self._owns_pool:
                self._api.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        workspace = f" workspace={self.workspace!r}" if self.workspace else ""
        return f"<annota.Client {self.url}{workspace}>"

    # -- server ----------------------------------------------------------------------

    def server_about(self) -> ServerAbout:
        """The server's name, version and API version (checks compatibility)."""
        self._version.run(self._api)
        assert self._version.about is not None
        return self._version.about

    def server_health(self) -> ServerHealth:
        """Whether the server and its database are up (``status``, ``database``).

        Sent once, without retries: a health check reports the state now. An unhealthy
        server's answer (503 naming its database) is returned, not raised.
        """
        from annota.proxies.security import server_health

        return server_health(self)

    # -- the signed-in user ----------------------------------------------------------

    def change_password(
        self, old: str, new: str, *, keep_tokens: bool = False
    ) -> PasswordChangeResult:
        """Change the signed-in user's password; their other sessions and access tokens go.

        ``keep_tokens=True`` keeps the access tokens. The session or token this client signs
        in with stays valid. The result counts what was revoked (``revoked_sessions``,
        ``revoked_tokens``). ``client.users.change_password`` is an older alias.

        Raises:
            ValidationError: ``old`` is not the current password, or ``new`` is too short.

        """
        from annota.proxies.security import change_password

        return change_password(self, old, new, keep_tokens=keep_tokens)

    @property
    def two_factor(self) -> TwoFactor:
        """The signed-in user's two-factor authentication: ``enroll``, ``confirm``, ``disable``.

        ``client.users.two_factor`` is an older alias.
        """
        from annota.proxies.security import TwoFactor

        return TwoFactor(self)

    def request_password_reset(self, login: str) -> str:
        """Ask for a reset token by mail for the account with this username or e-mail address.

        Needs no sign-in. The answer (returned) is the same whether or not an account
        matches; the token goes to the account's e-mail address, works once and expires (the
        server's ``reset_token_seconds``). Then :meth:`reset_password`.

        Raises:
            ConflictError: 409, the server has no SMTP settings (an administrator resets
                passwords then: ``client.users.retrieve(id).set_password(new)``).

        """
        from annota_api.api.recovery import recovery_request_password_reset
        from annota_api.models import PasswordResetRequest

        from annota.proxies.base import to_request_model
        from annota.proxies.security import text_values

        body = to_request_model(PasswordResetRequest, text_values(login=login))
        return recovery_request_password_reset.sync(client=self._api, body=body).detail

    def reset_password(self, token: str, new: str) -> PasswordChangeResult:
        """Set a new password with the token of a reset mail; needs no sign-in.

        The token works once. Every session of the account ends and its access tokens are
        revoked; the result counts them.

        Raises:
            ValidationError: the token is unknown, expired or used, or ``new`` is too short.
            ConflictError: 409, the server has no SMTP settings.

        """
        from annota_api.api.recovery import recovery_reset_password
        from annota_api.models import PasswordResetConfirmRequest

        from annota.proxies.base import to_request_model
        from annota.proxies.security import text_values

        values = text_values(token=token, new_password=new)
        body = to_request_model(PasswordResetConfirmRequest, values)
        return recovery_reset_password.sync(client=self._api, body=body)

    def request_two_factor_reset(self, login: str, password: str) -> str:
        """Ask for a token by mail that turns two-factor off (a lost authenticator).

        With the account's username (or e-mail address) and password; needs no sign-in. The
        answer (returned) is the same whatever the account, the password or its two-factor
        state; only a right password of an account with two-factor on gets a mail. Then
        :meth:`reset_two_factor`.

        Raises:
            ConflictError: 409, the server has no SMTP settings.

        """
        from annota_api.api.recovery import recovery_request_two_factor_reset
        from annota_api.models import TwoFactorResetRequest

        from annota.proxies.base import to_request_model
        from annota.proxies.security import text_values

        values = text_values(login=login, password=password)
        body = to_request_model(TwoFactorResetRequest, values)
        return recovery_request_two_factor_reset.sync(client=self._api, body=body).detail

    def reset_two_factor(self, token: str) -> bool:
        """Turn two-factor off with the token of a two-factor reset mail; returns False (off).

        Needs no sign-in; the token works once, and every session of the account ends.

        Raises:
            ValidationError: the token is unknown, expired or used.
            ConflictError: 409, the server has no SMTP settings.

        """
        from annota_api.api.recovery import recovery_reset_two_factor
        from annota_api.models import TwoFactorResetConfirmRequest

        from annota.proxies.base import to_request_model
        from annota.proxies.security import text_values

        body = to_request_model(TwoFactorResetConfirmRequest, text_values(token=token))
        return recovery_reset_two_factor.sync(client=self._api, body=body).enabled

    @property
    def last_workspace(self) -> Workspace | None:
        """The caller's own workspace with the latest activity; None when they have none.

        Only workspaces the caller is a member of count: an administrator, who sees every
        workspace, gets their own, not another user's newer one. Activity is an edit of the
        workspace or a write to anything in it, to the minute.
        ``client.workspaces.last_active()`` is an older alias.
        """
        return self.workspaces.last_active()

    def browse(self, ref: str | int) -> Entity[Any]:
        """The object an annota reference points at: a web app URL, an API URL or a typed id.

        Accepted forms (see :mod:`annota.browse`): the web app's addresses
        (``https://host/ui/#/projects/12``, ``.../tasks/3``, ``.../jobs/5``,
        ``.../workspaces/2``), the API's entity URLs (``https://host/api/projects/12``),
        and typed ids ``"<kind>:<id>"`` (``"project:12"``, ``"task:3"``, ``"job:5"``,
        ``"asset:9"``, ``"label:4"``, ``"version:2"``, ``"operation:7"``, ``"user:1"``,
        ``"workspace:2"``, ``"token:6"``, ``"membership:8"``). A bare number is refused: ids
        of different kinds overlap.

        Raises:
            InvalidRequestError: the reference has none of these forms, or names another
                server.
            NotFoundError: nothing of that kind has that id (or the caller cannot see it).

        """
        from annota.browse import browse

        return browse(self, ref)

    # -- resources -------------------------------------------------------------------

    @property
    def me(self) -> User:
        """The current user."""
        from annota_api.api.users import users_retrieve_self

        from annota.proxies.users import User

        response = users_retrieve_self.sync_detailed(client=self._api)
        return User(self, response.parsed, response.headers.get("ETag"))

    @property
    def my_workspace(self) -> Workspace:
        """The current user's personal workspace, whatever workspace this client is scoped to."""
        # The server limits a workspace list to the X-Workspace one: look without it.
        everywhere = self.with_workspace(None)
        found = everywhere.workspaces.list(is_personal=True, owner=self.me.model.username).first()
        if found is None:
            raise ConfigurationError("the server has no personal workspace for this user")
        return found

    @cached_property
    def projects(self) -> ProjectsRepo:
        """Projects: create, retrieve, list."""
        from annota.proxies.projects import ProjectsRepo

        return ProjectsRepo(self)

    @cached_property
    def tasks(self) -> TasksRepo:
        """Tasks: create, retrieve, list."""
        from annota.proxies.tasks import TasksRepo

        return TasksRepo(self)

    @cached_property
    def jobs(self) -> JobsRepo:
        """Jobs: retrieve, list."""
        from annota.proxies.jobs import JobsRepo

        return JobsRepo(self)

    @cached_property
    def assets(self) -> AssetsRepo:
        """Assets: retrieve, list (upload them with ``task.upload_assets``)."""
        from annota.proxies.assets import AssetsRepo

        return AssetsRepo(self)

    @cached_property
    def operations(self) -> OperationsRepo:
        """Dataset exports and imports: retrieve, list, wait, cancel."""
        from annota.proxies.operations import OperationsRepo

        return OperationsRepo(self)

    @cached_property
    def versions(self) -> VersionsRepo:
        """Frozen dataset versions: retrieve (make them with ``project.create_version``)."""
        from annota.proxies.versions import VersionsRepo

        return VersionsRepo(self)

    @cached_property
    def labels(self) -> LabelsRepo:
        """Labels: retrieve, list."""
        from annota.proxies.labels import LabelsRepo

        return LabelsRepo(self)

    @cached_property
    def users(self) -> UsersRepo:
        """Users: create (administrators), retrieve, list."""
        from annota.proxies.users import UsersRepo

        return UsersRepo(self)

    @cached_property
    def issues(self) -> IssuesRepo:
        """Review issues: retrieve, list (raise them with ``job.issues.create``)."""
        from annota.proxies.issues import IssuesRepo

        return IssuesRepo(self)

    @cached_property
    def workspaces(self) -> WorkspacesRepo:
        """Workspaces: create, retrieve, list."""
        from annota.proxies.workspaces import WorkspacesRepo

        return WorkspacesRepo(self)

    @cached_property
    def memberships(self) -> MembershipsRepo:
        """Workspace memberships: add, retrieve, list."""
        from annota.proxies.memberships import MembershipsRepo

        return MembershipsRepo(self)

    @cached_property
    def tokens(self) -> TokensRepo:
        """Personal access tokens: create, retrieve, list."""
        from annota.proxies.tokens import TokensRepo

        return TokensRepo(self)

    @cached_property
    def storages(self) -> StoragesRepo:
        """Bucket storages (S3 buckets whose objects assets reference): register, list."""
        from annota.proxies.storages import StoragesRepo

        return StoragesRepo(self)

    @cached_property
    def webhooks(self) -> WebhooksRepo:
        """Webhooks (URLs sent the workspace's events): register, retrieve, list."""
        from annota.proxies.webhooks import WebhooksRepo

        return WebhooksRepo(self)

    @cached_property
    def events(self) -> EventsRepo:
        """The event feed: read a page after a cursor, or ``follow()`` it (long polling)."""
        from annota.proxies.webhooks import EventsRepo

        return EventsRepo(self)

    @cached_property
    def models(self) -> ModelsRepo:
        """Registered models: create, retrieve, list (their versions from ``model``)."""
        from annota.proxies.models import ModelsRepo

        return ModelsRepo(self)

    @cached_property
    def model_versions(self) -> ModelVersionsRepo:
        """Model versions: retrieve by id (add them with ``model.create_version``)."""
        from annota.proxies.models import ModelVersionsRepo

        return ModelVersionsRepo(self)

    @cached_property
    def evaluations(self) -> EvaluationsRepo:
        """Evaluations: retrieve (run them with ``project.evaluate``)."""
        from annota.proxies.evaluations import EvaluationsRepo

        return EvaluationsRepo(self)

    @cached_property
    def ground_truth_jobs(self) -> GroundTruthJobsRepo:
        """Ground-truth jobs: samples annotated apart, for quality and agreement."""
        from annota.proxies.quality import GroundTruthJobsRepo

        return GroundTruthJobsRepo(self)


def _is_loopback(host: str) -> bool:
    name = urlsplit(f"//{host}").hostname or ""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _candidate_urls(host: str, port: int | None) -> list[str]:
    if "://" in host:
        scheme, _, rest = host.partition("://")
        bases = [f"{scheme}://{rest.rstrip('/')}"]
    else:
        # https first, so that a remote server is never tried in plain text while TLS works;
        # on this machine nothing crosses the network, and a local server (such as
        # `make serve`) usually speaks plain HTTP: a TLS probe would only put an
        # "Invalid HTTP request" warning in its log.
        schemes = ("http", "https") if _is_loopback(host) else ("https", "http")
        bases = [f"{scheme}://{host.rstrip('/')}" for scheme in schemes]
    return [f"{base}:{port}" if port is not None else base for base in bases]


def _excerpt(response: HttpResponse) -> str:
    """At most a short, one-line piece of a body that is not annota's."""
    text = " ".join(response.text.split())
    start = text.lower().find("<title>")
    if start >= 0:  # an HTML page: its title says more than its first bytes
        text = text[start + len("<title>") :].split("<", 1)[0].strip()
    return text if len(text) <= 80 else text[:77] + "..."


def _probe(client: Client, url: str) -> ServerAbout:
    """Ask ``url`` who it is, without credentials (the answer needs none) and without retries."""
    probe = client.api.with_options(on_request=None, retries=None, token=None)
    response = probe.request("GET", "/api/server/about", raise_for_status=False)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/problem+json":
        raise probe.error_for(response)  # an annota server that refuses: its own words
    about: ServerAbout | None = None
    if response.status_code == 200 and content_type == "application/json":
        with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
            about = ServerAbout.from_dict(response.json())
    if about is None or not isinstance(about.api_version, str):
        excerpt = _excerpt(response)
        raise NotAnnotaServerError(
            f"{url} does not look like an annota server: GET /api/server/about answered "
            f"{response.status_code} {response.reason}".rstrip()
            + (f" ({excerpt})" if excerpt else ""),
            response.status_code,
        )
    return about


def make_client(
    host: str,
    *,
    port: int | None = None,
    credentials: tuple[str, str] | None = None,
    token: str | None = None,
    config: Config | None = None,
    otp: str | None = None,
) -> Client:
    """Connect to a server and, given credentials or a token, authenticate.

    A host without a scheme is tried as ``https://`` first, then ``http://``; a loopback
    host (``localhost``, ``127.0.0.1``, ``::1``) as ``http://`` first. The server's API
    version is checked during that first contact. ``otp`` is the one-time code of an
    account with two-factor authentication, sent with ``credentials``.

    Raises:
        APIConnectionError: no scheme reached the server.
        NotAnnotaServerError: something answered, but not an annota server.
        IncompatibleServerError: the server's API major version differs.
        OtpRequiredError: the account has two-factor authentication and ``otp`` is missing.

    """
    if credentials is not None and token is not None:
        raise ConfigurationError("pass either credentials or a token, not both")
    if otp is not None and credentials is None:
        raise ConfigurationError("otp= goes with credentials=; a token needs no one-time code")
    config = config or Config()
    error: Exception | None = None
    for url in _candidate_urls(host, port):
        client = Client(url, config=config, token=token)
        # The probe shares the client's pool (one connection); no retries, so a wrong
        # scheme fails fast without backoff.
        try:
            about = _probe(client, url)
            client._version.check(about)
            client._version.about = about
        except APIConnectionError as exc:
            client.close()
            # Something that is not annota says more than a refused connection: keep it.
            if error is None or not isinstance(error, NotAnnotaServerError):
                error = exc
            log.debug("no annota server at %s: %s", url, exc)
            continue
        except BaseException:
            client.close()
            raise
        if credentials is not None:
            try:
                client.login(credentials, otp=otp)
            except BaseException:
                client.close()
                raise
        return client
    assert error is not None
    raise error
