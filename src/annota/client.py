"""The Client: one session with an annota server.

The client owns the connection pool (through the generated ``annota_api.Client``),
the credentials, the workspace context and the lazy server-version check. Resources
hang off it as repositories: ``client.projects``, ``client.tasks``, ...
"""

from __future__ import annotations

import contextlib
import logging
import platform
import threading
import warnings
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self

import annota_api.errors as api_errors
from annota_api.api.server import server_about
from annota_api.client import Client as ApiClient
from annota_api.models import ServerAbout

from annota._version import __version__
from annota.config import Config
from annota.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    IncompatibleServerError,
    RequestInfo,
    error_from_response,
)

# urllib3 and the repositories (with the generated operations and models behind them)
# load on first use, so that `import annota` and a session's first request stay cheap.
if TYPE_CHECKING:
    from urllib3 import Retry, Timeout

    from annota.proxies.assets import AssetsRepo
    from annota.proxies.jobs import JobsRepo
    from annota.proxies.labels import LabelsRepo
    from annota.proxies.memberships import MembershipsRepo
    from annota.proxies.operations import OperationsRepo
    from annota.proxies.projects import ProjectsRepo
    from annota.proxies.tasks import TasksRepo
    from annota.proxies.tokens import TokensRepo
    from annota.proxies.users import User, UsersRepo
    from annota.proxies.workspaces import Workspace, WorkspacesRepo

__all__ = ["API_VERSION", "Client", "make_client"]

#: The API version this SDK is written against (``MAJOR.MINOR``).
API_VERSION = "1.1"

log = logging.getLogger("annota")

_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def _timeout(config: Config, read: float) -> Timeout:
    from urllib3 import Timeout

    return Timeout(connect=config.connect_timeout, read=read)


def _retry_policy(config: Config) -> Retry:
    from urllib3 import Retry

    class CappedRetry(Retry):
        """Honours ``Retry-After``, but never waits longer than ``backoff_max``."""

        def get_retry_after(self, response: Any) -> float | None:
            seconds = super().get_retry_after(response)
            return None if seconds is None else min(seconds, self.backoff_max)

    # Connection errors before a request is sent are retried for every method; read
    # errors and 429/502/503/504 answers only for idempotent ones (allowed_methods).
    return CappedRetry(
        total=config.retries,
        connect=config.retries,
        read=config.retries,
        status=config.retries,
        other=0,
        allowed_methods=_IDEMPOTENT,
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


class Client:
    """A session with an annota server.

    Safe to share between threads. Use :meth:`with_workspace` (not the ``workspace``
    setter) to give each thread its own workspace context.

    Args:
        url: The server's base URL, e.g. ``http://localhost:8080``.
        config: Timeouts, retries and TLS settings.
        token: A session or personal access token.
        workspace: The slug of the workspace that scopes lists and creation.

    """

    def __init__(
        self,
        url: str,
        *,
        config: Config | None = None,
        token: str | None = None,
        workspace: str | None = None,
    ) -> None:
        self.config = config or Config()
        self._version = _VersionCheck(self.config.allow_unsupported_server)
        self._session_token = False  # True when login() made the token: logout on exit
        self._owns_pool = True
        self._api = ApiClient(
            base_url=url.rstrip("/"),
            token=token,
            workspace=workspace,
            timeout=_timeout(self.config, self.config.timeout),
            verify_ssl=self.config.verify_ssl,
            ca_cert=self.config.ca_cert,
            proxy_url=self.config.proxy_url,
            retries=_retry_policy(self.config),
            pool_maxsize=self.config.pool_maxsize,
            user_agent=f"annota/{__version__} python/{platform.python_version()}",
            exception_factory=_translate,
            on_request=self._before_request,
        )

    # -- the generated layer --------------------------------------------------------

    @property
    def api(self) -> ApiClient:
        """The generated client with this session's auth, workspace, retries and timeouts.

        ``annota_api.api.projects.projects_retrieve.sync(1, client=client.api)`` works as is.
        """
        return self._api

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self._api.base_url

    def _before_request(self, *_: Any, **__: Any) -> None:
        self._version.run(self._api)

    # -- copies ----------------------------------------------------------------------

    def _copy(self, **api_changes: Any) -> Self:
        clone = object.__new__(type(self))
        clone.config = self.config
        clone._version = self._version  # one check per server, shared by every copy
        clone._session_token = False  # only the original logs out
        clone._owns_pool = False  # ... and closes the pool
        clone._api = self._api.with_options(on_request=clone._before_request, **api_changes)
        return clone

    def with_workspace(self, slug: str | None) -> Self:
        """A light copy scoped to another workspace; it shares the connection pool.

        Unlike setting ``client.workspace``, this is safe while other threads use the
        original client.
        """
        return self._copy(workspace=slug)

    def with_options(self, *, timeout: float | None = None, workspace: str | None = None) -> Self:
        """A light copy with another read timeout and/or workspace, sharing the pool."""
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = _timeout(self.config, timeout)
        if workspace is not None:
            changes["workspace"] = workspace
        return self._copy(**changes)

    # -- workspace context -----------------------------------------------------------

    @property
    def workspace(self) -> str | None:
        """The slug of the workspace that scopes lists and creation (None: personal/all)."""
        return self._api.workspace

    @workspace.setter
    def workspace(self, slug: str | None) -> None:
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
        """Log out (only a session made by :meth:`login`) and close the connections."""
        try:
            if self._session_token:
                with contextlib.suppress(APIConnectionError):
                    self.logout()
        finally:
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


def _candidate_urls(host: str, port: int | None) -> list[str]:
    if "://" in host:
        scheme, _, rest = host.partition("://")
        bases = [f"{scheme}://{rest.rstrip('/')}"]
    else:
        bases = [f"https://{host.rstrip('/')}", f"http://{host.rstrip('/')}"]
    return [f"{base}:{port}" if port is not None else base for base in bases]


def make_client(
    host: str,
    *,
    port: int | None = None,
    credentials: tuple[str, str] | None = None,
    token: str | None = None,
    config: Config | None = None,
) -> Client:
    """Connect to a server and, given credentials or a token, authenticate.

    A host without a scheme is tried as ``https://`` first, then ``http://``. The
    server's API version is checked during that first contact.

    Raises:
        APIConnectionError: no scheme reached the server.
        IncompatibleServerError: the server's API major version differs.

    """
    if credentials is not None and token is not None:
        raise ConfigurationError("pass either credentials or a token, not both")
    config = config or Config()
    error: Exception | None = None
    for url in _candidate_urls(host, port):
        client = Client(url, config=config, token=token)
        # The probe shares the client's pool (one connection); no retries, so a wrong
        # scheme fails fast without backoff.
        probe = client.api.with_options(on_request=None, retries=None)
        try:
            about = server_about.sync(client=probe)
        except APIConnectionError as exc:
            client.close()
            error = exc
            log.debug("no annota server at %s: %s", url, exc)
            continue
        client._version.check(about)
        client._version.about = about
        if credentials is not None:
            client.login(credentials)
        return client
    assert error is not None
    raise error
