"""``annota.AsyncClient``: the asyncio twin of :class:`annota.Client`.

The same repositories and entities with ``async`` methods (``await client.projects.retrieve(3)``,
``async for task in client.tasks.list(...)``), the same retries, deadline, typed errors and
If-Match. Needs the ``async`` extra (``pip install 'annota[async]'``, aiohttp), imported by
the first request. The resources of this package are rendered from ``annota.proxies`` by
``scripts/gen_async.py``: what a method does is defined once, as steps that either client runs.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Self

from annota_api.client import AsyncClient as ApiAsyncClient

from annota.aio._repos import AsyncRepos
from annota.client import SessionCore, _api_options
from annota.config import Config
from annota.errors import APIConnectionError

if TYPE_CHECKING:
    from annota_api.client import PreparedRequest
    from annota_api.models import ServerAbout

    from annota.aio.users import AsyncUser

__all__ = ["AsyncClient"]

log = logging.getLogger("annota")


class AsyncClient(SessionCore, AsyncRepos):
    """A session with an annota server for asyncio code.

    Use it from one event loop, and close it there: ``async with AsyncClient(...) as client``
    or ``await client.close()``. Many calls may run at once (``asyncio.gather``); they share one
    connection pool.

    Args:
        url: The server's base URL, e.g. ``http://localhost:8080``.
        config: Timeouts, retries and TLS settings (the same :class:`~annota.Config`).
        token: A session or personal access token (or :meth:`login` later).
        workspace: The slug of the workspace that scopes lists and creation.

    """

    _api: ApiAsyncClient

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
        self._api = ApiAsyncClient(**options, on_request=self._before_request)

    @property
    def api(self) -> ApiAsyncClient:
        """The generated asyncio client with this session's auth, workspace and retries.

        ``await projects_retrieve.asyncio(1, client=client.api)`` works as is.
        """
        return self._api

    @property
    def workspace(self) -> str | None:
        """The slug of the workspace that scopes lists and creation (None: every workspace)."""
        return self._api.workspace

    def _before_request(
        self, _api: Any, request: PreparedRequest, *_: Any, **__: Any
    ) -> Awaitable[None] | None:
        self._check_request(request)
        if self._version.about is None:
            return self._version.arun(self._api)
        return None

    async def server_about(self) -> ServerAbout:
        """The server's name, version and API version (checks compatibility)."""
        if self._version.about is None:
            await self._version.arun(self._api)
        assert self._version.about is not None
        return self._version.about

    async def login(self, credentials: tuple[str, str], otp: str | None = None) -> None:
        """Log in with ``(username, password)`` (and a one-time code), as ``Client.login``."""
        from annota_api.api.auth import auth_login
        from annota_api.models import LoginRequest

        username, password = credentials
        body = LoginRequest(username=username, password=password)
        if otp is not None:
            body.otp = otp
        result = await auth_login.asyncio(client=self._api, body=body)
        self._api = self._api.with_options(token=result.token)
        self._session_token = True
        log.info("logged in to %s as %s", self.url, username)

    async def logout(self) -> None:
        """End the session (revokes the session token on the server)."""
        if self._api.token is None:
            return
        from annota_api.api.auth import auth_logout

        await auth_logout.asyncio(client=self._api)
        self._api = self._api.with_options(token=None)
        self._session_token = False

    async def close(self) -> None:
        """Log out (a session made by :meth:`login`) and close the connections.

        Afterwards every call of this client and of its copies raises
        :class:`~annota.errors.ClientClosedError`. Closing twice is harmless.
        """
        if self._lifetime.closed:
            return
        try:
            if self._session_token and not self._lifetime.is_closed():
                with contextlib.suppress(APIConnectionError):
                    await self.logout()
        finally:
            self._lifetime.closed = True
            if self._owns_pool:
                await self._api.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        workspace = f" workspace={self.workspace!r}" if self.workspace else ""
        return f"<annota.AsyncClient {self.url}{workspace}>"

    async def me(self) -> AsyncUser:
        """The current user (a method here: ``await client.me()``)."""
        from annota_api.api.users import users_retrieve_self

        from annota.aio.users import AsyncUser

        response = await users_retrieve_self.asyncio_detailed(client=self._api)
        return AsyncUser(self, response.parsed, response.headers.get("ETag"))
