"""The HTTP transport of the generated client: one `Client` on one urllib3 pool.

urllib3 is imported when the first `Client` is built, not when this module is imported, so that
importing the package (and its operation modules) stays cheap.

Every generated operation calls `Client.request` with the keyword arguments its `_get_kwargs`
builds (`method`, `url`, `params`, `json`, `data`, `files`, `content`, `headers`, `cookies`).
A non-2xx answer and a failed transport both raise; the exception is built by
`exception_factory` when one is set.
"""

from __future__ import annotations

import json as _json
import time as _time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self, TypeAlias
from urllib.parse import quote, urlencode

from . import errors
from .api import API_VERSION
from .types import UNSET, RequestFiles, Unset

if TYPE_CHECKING:
    import aiohttp
    from urllib3 import BaseHTTPResponse, PoolManager, Retry, Timeout

__all__ = [
    "DEFAULT_TIMEOUT_CONNECT",
    "DEFAULT_TIMEOUT_READ",
    "AsyncClient",
    "AsyncHttpResponse",
    "AuthenticatedClient",
    "BaseClient",
    "Client",
    "DeadlineExceeded",
    "ExceptionFactory",
    "HttpResponse",
    "MultipartBody",
    "PreparedRequest",
    "RequestHook",
    "TimeoutArg",
]

#: A timeout in seconds (for connecting and for each read) or a `urllib3.Timeout`.
TimeoutArg: TypeAlias = "float | Timeout"
#: Receives the default exception (`errors.ApiError` or `errors.TransportError`) and returns the
#: exception to raise instead (or the same one).
ExceptionFactory: TypeAlias = "Callable[[errors.Error], BaseException]"
#: Called before every request with the client that sends it and the prepared request.
#: An `AsyncClient` awaits what the hook returns (a coroutine function may be the hook).
RequestHook: TypeAlias = "Callable[[Any, PreparedRequest], Awaitable[None] | None]"

DEFAULT_TIMEOUT_CONNECT = 10.0
DEFAULT_TIMEOUT_READ = 60.0
DEFAULT_USER_AGENT = f"annota_api/{API_VERSION} (python; urllib3)"
_CHUNK_SIZE = 64 * 1024
# Options that shape the connection pool itself: changing one gives the copy a new pool.
_POOL_OPTIONS = frozenset({"verify_ssl", "ca_cert", "proxy_url", "proxy_headers", "pool_maxsize"})


class PreparedRequest:
    """A request about to be sent, as the `on_request` hook sees it.

    `headers` is this request's own dict: a hook may add or replace headers in it.
    """

    __slots__ = ("headers", "method", "url")

    def __init__(self, method: str, url: str, headers: dict[str, str]) -> None:
        self.method = method
        self.url = url
        self.headers = headers

    def __repr__(self) -> str:
        # Header values may hold credentials: show names only.
        return f"<PreparedRequest {self.method} {self.url} headers={sorted(self.headers)}>"


class HttpResponse:
    """What `Client.request` returns: status, case-insensitive headers and the body.

    A response requested with `stream=True` has not read its body yet: read it in pieces with
    `iter_content()` (which returns the connection to the pool at the end), or call `release()`
    (also done by `with response:`) to drop it. Reading `content` reads the rest at once.
    """

    __slots__ = ("_client", "_content", "_raw", "headers", "method", "reason", "status_code", "url")

    status_code: int
    reason: str
    headers: Mapping[str, str]
    method: str
    url: str

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str],
        content: bytes | None,
        *,
        reason: str = "",
        method: str = "",
        url: str = "",
        raw: BaseHTTPResponse | None = None,
        client: Client | None = None,
    ) -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.method = method
        self.url = url
        self._content = content
        self._raw = raw
        self._client = client

    def __repr__(self) -> str:
        return f"<HttpResponse {self.status_code} {self.method} {self.url}>"

    @property
    def is_success(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status_code < 300

    @property
    def content(self) -> bytes:
        """The whole body (read now if the response is streamed)."""
        content = self._content
        if content is None:
            content = b"".join(self.iter_content())
            self._content = content
        return content

    @property
    def text(self) -> str:
        """The body decoded with the charset of Content-Type (UTF-8 when none is given)."""
        return self.content.decode(_charset(self.headers.get("content-type")), "replace")

    def json(self) -> Any:
        """The body decoded as JSON."""
        return _json.loads(self.content)

    def iter_content(self, chunk_size: int = _CHUNK_SIZE) -> Iterator[bytes]:
        """Yield the body in chunks of at most `chunk_size` bytes without holding all of it."""
        raw = self._raw
        if raw is None:
            content = self._content or b""
            for start in range(0, len(content), chunk_size):
                yield content[start : start + chunk_size]
            return
        try:
            yield from raw.stream(chunk_size, decode_content=True)
        except Exception as exc:
            client = self._client
            error = client._transport_error(exc, self.method, self.url) if client else None
            if error is None:
                raise
            raise error from exc
        finally:
            self.release()

    def release(self) -> None:
        """Give the connection back. An unread rest of a streamed body closes the connection."""
        raw = self._raw
        if raw is None:
            return
        self._raw = None
        if not raw.closed:
            raw.close()
        raw.release_conn()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class BaseClient:
    """The settings every request of the API uses, shared by `Client` and `AsyncClient`.

    Headers, credentials, timeouts, the deadline, the retry policy and the error mapping are
    decided here once; the two subclasses only send (urllib3 in threads, aiohttp in asyncio).
    A client is immutable: `with_options()` makes a light copy (say, for another workspace or
    token) that shares the same connection pool.

    Args:
        base_url: The server root, e.g. ``https://annota.example.com``; operation paths are
            appended.
        token: Sent as ``Authorization: Bearer <token>``. Never shown by ``repr``.
        headers: Extra headers sent with every request.
        workspace: Sent as the ``X-Workspace`` header when set.
        timeout: Seconds (for connecting and for each read) or a ``urllib3.Timeout``. Default:
            10 s to connect, 60 s per read. It bounds each attempt: with retries, one call can
            take several timeouts plus the backoff between them.
        deadline: Seconds one call may take in all, retries and backoff included; then it
            raises ``errors.RequestTimeout``. None (the default): no limit.
        verify_ssl: Verify the server's TLS certificate (keep True outside tests).
        ca_cert: Path of a CA bundle to verify the server with.
        proxy_url: Send everything through this HTTP(S) proxy.
        proxy_headers: Headers for the proxy (e.g. Proxy-Authorization).
        retries: A ``urllib3.Retry``, a number of retries, or None for no retries at all (the
            default: the SDK above decides its retry policy).
        follow_redirects: Follow 3xx redirects (default: return them, which raises ApiError).
        pool_maxsize: Connections kept per host (raise it for many threads).
        user_agent: The User-Agent header.
        exception_factory: Called with the default exception (``errors.ApiError`` for a non-2xx
            answer, ``errors.TransportError``/``errors.RequestTimeout`` for a failed transport);
            its return value is raised instead.
        on_request: Called as ``on_request(client, prepared_request)`` before each request
            (an `AsyncClient` also awaits what it returns).

    """

    __slots__ = (
        "_base_url",
        "_exception_factory",
        "_header_index",
        "_headers",
        "_on_request",
        "_options",
        "_redirect",
        "_retries",
        "_timeout",
    )

    _base_url: str
    _exception_factory: ExceptionFactory | None
    _header_index: dict[str, str]
    _headers: dict[str, str]
    _on_request: RequestHook | None
    _options: dict[str, Any]
    _redirect: bool
    _retries: Retry | int | bool
    _timeout: Timeout

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        workspace: str | None = None,
        timeout: TimeoutArg | None = None,
        deadline: float | None = None,
        verify_ssl: bool = True,
        ca_cert: str | None = None,
        proxy_url: str | None = None,
        proxy_headers: Mapping[str, str] | None = None,
        retries: Retry | int | None = None,
        follow_redirects: bool = False,
        pool_maxsize: int = 10,
        user_agent: str | None = None,
        exception_factory: ExceptionFactory | None = None,
        on_request: RequestHook | None = None,
    ) -> None:
        options: dict[str, Any] = {
            "base_url": base_url,
            "token": token,
            "headers": dict(headers) if headers else {},
            "workspace": workspace,
            "timeout": timeout,
            "deadline": deadline,
            "verify_ssl": verify_ssl,
            "ca_cert": ca_cert,
            "proxy_url": proxy_url,
            "proxy_headers": dict(proxy_headers) if proxy_headers else {},
            "retries": retries,
            "follow_redirects": follow_redirects,
            "pool_maxsize": pool_maxsize,
            "user_agent": user_agent,
            "exception_factory": exception_factory,
            "on_request": on_request,
        }
        self._configure(options, None)

    def _configure(self, options: dict[str, Any], pool: Any) -> None:
        import urllib3  # noqa: PLC0415 - deferred so that importing the package stays cheap

        self._options = options
        self._base_url = str(options["base_url"]).rstrip("/")

        headers: dict[str, str] = {"User-Agent": options["user_agent"] or DEFAULT_USER_AGENT}
        headers.update(options["headers"])
        if options["token"]:
            headers["Authorization"] = f"Bearer {options['token']}"
        if options["workspace"]:
            headers["X-Workspace"] = options["workspace"]
        self._headers = headers
        self._header_index = {key.lower(): key for key in headers}

        timeout = options["timeout"]
        if timeout is None:
            timeout = urllib3.Timeout(connect=DEFAULT_TIMEOUT_CONNECT, read=DEFAULT_TIMEOUT_READ)
        elif not isinstance(timeout, urllib3.Timeout):
            timeout = urllib3.Timeout(connect=float(timeout), read=float(timeout))
        self._timeout = timeout

        retries = options["retries"]
        self._redirect = bool(options["follow_redirects"])
        if retries is None:
            # No retries: urllib3 raises the underlying error, and returns 3xx unless told to
            # follow.
            retries = (
                urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=10)
                if self._redirect
                else False
            )
        self._retries = retries
        self._exception_factory = options["exception_factory"]
        self._on_request = options["on_request"]
        self._adopt_pool(options, pool)

    def _adopt_pool(self, options: Mapping[str, Any], pool: Any) -> None:
        """Keep `pool` (a copy's, shared) or make a new one from `options`."""
        raise NotImplementedError

    def _shared_pool(self) -> Any:
        """The pool a copy shares."""
        raise NotImplementedError

    def __repr__(self) -> str:
        options = self._options
        token = "***" if options["token"] else None
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, "
            f"workspace={options['workspace']!r}, token={token})"
        )

    @property
    def base_url(self) -> str:
        """The server root, without a trailing slash."""
        return self._base_url

    @property
    def token(self) -> str | None:
        """The bearer token, if any (kept out of ``repr``)."""
        token: str | None = self._options["token"]
        return token

    @property
    def workspace(self) -> str | None:
        """The workspace sent as X-Workspace, if any."""
        workspace: str | None = self._options["workspace"]
        return workspace

    @property
    def timeout(self) -> Timeout:
        """The default timeout of a request."""
        return self._timeout

    def with_options(
        self,
        *,
        base_url: str | Unset = UNSET,
        token: str | None | Unset = UNSET,
        headers: Mapping[str, str] | Unset = UNSET,
        workspace: str | None | Unset = UNSET,
        timeout: TimeoutArg | None | Unset = UNSET,
        deadline: float | None | Unset = UNSET,
        verify_ssl: bool | Unset = UNSET,
        ca_cert: str | None | Unset = UNSET,
        proxy_url: str | None | Unset = UNSET,
        proxy_headers: Mapping[str, str] | Unset = UNSET,
        retries: Retry | int | None | Unset = UNSET,
        follow_redirects: bool | Unset = UNSET,
        pool_maxsize: int | Unset = UNSET,
        user_agent: str | None | Unset = UNSET,
        exception_factory: ExceptionFactory | None | Unset = UNSET,
        on_request: RequestHook | None | Unset = UNSET,
    ) -> Self:
        """Return a copy with some options changed; this client is left as it is.

        The copy shares this client's connection pool, unless a pool option changes
        (`verify_ssl`, `ca_cert`, `proxy_url`, `proxy_headers`, `pool_maxsize`). `headers` are
        merged into the current extra headers; `token=None` or `workspace=None` removes them.
        """
        given: dict[str, Any] = {
            "base_url": base_url,
            "token": token,
            "headers": headers,
            "workspace": workspace,
            "timeout": timeout,
            "deadline": deadline,
            "verify_ssl": verify_ssl,
            "ca_cert": ca_cert,
            "proxy_url": proxy_url,
            "proxy_headers": proxy_headers,
            "retries": retries,
            "follow_redirects": follow_redirects,
            "pool_maxsize": pool_maxsize,
            "user_agent": user_agent,
            "exception_factory": exception_factory,
            "on_request": on_request,
        }
        options = dict(self._options)
        new_pool = False
        for key, value in given.items():
            if isinstance(value, Unset):
                continue
            if key == "headers":
                value = {**options["headers"], **value}
            elif key == "proxy_headers":
                value = dict(value)
            if key in _POOL_OPTIONS and value != options[key]:
                new_pool = True
            options[key] = value
        copy = type(self).__new__(type(self))
        copy._configure(options, None if new_pool else self._shared_pool())
        return copy

    def _prepare(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Mapping[str, Any] | None,
        files: RequestFiles | None,
        content: bytes | str | IO[bytes] | None,
        headers: Mapping[str, str] | None,
        cookies: Mapping[str, str] | None,
        extra_headers: Mapping[str, str] | None,
    ) -> tuple[str, str, dict[str, str], bytes | IO[bytes] | MultipartBody | None]:
        """The method, full URL, headers and body of a request, before the `on_request` hook."""
        full_url = url if "://" in url else self._base_url + url
        if params:
            query = encode_query(params)
            if query:
                full_url = f"{full_url}{'&' if '?' in full_url else '?'}{query}"

        request_headers = self._merge_headers(headers, extra_headers)
        body: bytes | IO[bytes] | MultipartBody | None = None
        content_type: str | None = None
        if json is not None:
            body = _json.dumps(
                json,
                separators=(",", ":"),
                ensure_ascii=False,
                allow_nan=False,
                default=_json_default,
            ).encode()
            content_type = "application/json"
        elif files is not None:
            body, content_type = encode_multipart(files, data)
            if isinstance(body, MultipartBody):
                _set_header(request_headers, "Content-Length", str(len(body)))
        elif data is not None:
            body = urlencode(_query_pairs(data)).encode()
            content_type = "application/x-www-form-urlencoded"
        elif content is not None:
            body = content.encode() if isinstance(content, str) else content
        if content_type is not None and (
            files is not None or not _has_header(request_headers, "content-type")
        ):
            _set_header(request_headers, "Content-Type", content_type)
        if cookies:
            request_headers["Cookie"] = "; ".join(
                f"{key}={value}" for key, value in cookies.items()
            )
        return method.upper(), full_url, request_headers, body

    def _api_error(self, response: HttpResponse, content: bytes) -> BaseException:
        return self._fail(
            errors.ApiError.from_response(
                response.status_code,
                response.headers,
                content,
                reason=response.reason,
                method=response.method,
                url=response.url,
            )
        )

    def error_for(self, response: HttpResponse, *, unexpected: bool = False) -> BaseException:
        """Build the exception for `response` (through `exception_factory`), without raising it.

        `unexpected=True` builds `errors.UnexpectedStatus`, for a 2xx the operation cannot parse.
        """
        cls = errors.UnexpectedStatus if unexpected else errors.ApiError
        return self._fail(
            cls.from_response(
                response.status_code,
                response.headers,
                response.content,
                reason=response.reason,
                method=response.method,
                url=response.url,
            )
        )

    def _fail(self, error: errors.Error) -> BaseException:
        factory = self._exception_factory
        return error if factory is None else factory(error)

    def _merge_headers(
        self, headers: Mapping[str, str] | None, extra_headers: Mapping[str, str] | None
    ) -> dict[str, str]:
        merged = self._headers.copy()
        if not headers and not extra_headers:
            return merged
        index = self._header_index.copy()
        for source in (headers, extra_headers):
            if not source:
                continue
            for key, value in source.items():
                lower = key.lower()
                previous = index.get(lower)
                if previous is not None and previous != key:
                    del merged[previous]
                merged[key] = value
                index[lower] = key
        return merged


class Client(BaseClient):
    """Holds the urllib3 connection pool; sends the requests of the API from any thread.

    Safe to share between threads. See `BaseClient` for the arguments.
    """

    __slots__ = ("_pool",)

    _pool: PoolManager

    def _adopt_pool(self, options: Mapping[str, Any], pool: Any) -> None:
        self._pool = pool if pool is not None else _make_pool(options)

    def _shared_pool(self) -> Any:
        return self._pool

    @property
    def pool(self) -> PoolManager:
        """The urllib3 pool (shared with the copies `with_options` made)."""
        return self._pool

    def close(self) -> None:
        """Close the idle connections of the pool (shared with copies, which reconnect on use)."""
        self._pool.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: RequestFiles | None = None,
        content: bytes | str | IO[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        timeout: TimeoutArg | None = None,
        extra_headers: Mapping[str, str] | None = None,
        stream: bool = False,
        raise_for_status: bool = True,
    ) -> HttpResponse:
        """Send one request and return its response.

        Args:
            method: The HTTP method, any case.
            url: A path appended to `base_url` (or an absolute URL).
            params: Query parameters; a list gives a repeated key, a bool gives true/false,
                None and UNSET are left out.
            json: A JSON body (any JSON-serialisable value other than None).
            data: A form body (urlencoded), or the plain fields of a multipart body.
            files: Multipart parts as (name, (file name, payload, content type)) tuples; a
                name may repeat.
            content: A raw body: bytes, text (sent as UTF-8) or a binary file object
                (streamed).
            headers: Headers for this request (the operation's header parameters).
            cookies: Cookies for this request.
            timeout: Overrides the client's timeout for this request.
            extra_headers: More headers for this request; they win over all others.
            stream: Leave the body unread: use `HttpResponse.iter_content()` and `release()`.
            raise_for_status: Raise for a non-2xx answer (the default).

        Raises:
            errors.ApiError: The status is not 2xx (or what `exception_factory` makes of it).
            errors.TransportError: No response (errors.RequestTimeout for a timeout).

        """
        method, full_url, request_headers, body = self._prepare(
            method, url, params, json, data, files, content, headers, cookies, extra_headers
        )
        hook = self._on_request
        if hook is not None and hook(self, PreparedRequest(method, full_url, request_headers)):
            raise TypeError("a Client's on_request hook must not return a value (an awaitable?)")

        attempt_timeout = self._timeout if timeout is None else timeout
        retries = self._retries
        if self._options["deadline"] is not None:
            attempt_timeout, retries = _bound_by_deadline(
                attempt_timeout, retries, float(self._options["deadline"])
            )
        try:
            raw = self._pool.urlopen(
                method,
                full_url,
                body=body,
                headers=request_headers,
                retries=retries,
                redirect=self._redirect,
                timeout=attempt_timeout,
                preload_content=not stream,
                decode_content=True,
            )
        except Exception as exc:
            error = self._transport_error(exc, method, full_url)
            if error is None:
                raise
            raise error from exc

        response = HttpResponse(
            raw.status,
            raw.headers,
            None if stream else raw.data,
            reason=raw.reason or "",
            method=method,
            url=full_url,
            raw=raw if stream else None,
            client=self,
        )
        if raise_for_status and not 200 <= response.status_code < 300:
            try:
                error_content = response.content
            finally:
                response.release()
            raise self._api_error(response, error_content)
        return response

    def _transport_error(self, exc: BaseException, method: str, url: str) -> BaseException | None:
        """Map a urllib3/socket exception to the exception to raise; None for anything else."""
        from urllib3 import exceptions as u3  # noqa: PLC0415

        reason: BaseException = exc
        if isinstance(exc, u3.MaxRetryError) and exc.reason is not None:
            reason = exc.reason
        error: errors.Error
        # NewConnectionError subclasses ConnectTimeoutError in urllib3 2: test it first.
        if isinstance(reason, u3.NewConnectionError):
            error = errors.TransportError(
                f"cannot connect: {reason}", cause=exc, method=method, url=url
            )
        elif isinstance(reason, u3.TimeoutError | TimeoutError):
            error = errors.RequestTimeout(f"timed out: {reason}", cause=exc, method=method, url=url)
        elif isinstance(exc, u3.MaxRetryError):
            error = errors.TransportError(
                f"too many retries: {reason}", cause=exc, method=method, url=url
            )
        elif isinstance(reason, u3.HTTPError | OSError):
            error = errors.TransportError(
                f"{type(reason).__name__}: {reason}", cause=exc, method=method, url=url
            )
        else:
            return None
        return self._fail(error)


# -- asyncio: the same settings, sent with aiohttp --------------------------------------------
class AsyncHttpResponse(HttpResponse):
    """What `AsyncClient.request` returns; an `HttpResponse` whose streamed body is awaited.

    A response requested with `stream=True` has not read its body: iterate
    `aiter_content()` (the connection goes back at the end), `await aread()`, or
    `await release()` (also done by `async with response:`). `content` is there once read.
    """

    __slots__ = ("_stream",)

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str],
        content: bytes | None,
        *,
        reason: str = "",
        method: str = "",
        url: str = "",
        stream: aiohttp.ClientResponse | None = None,
        client: AsyncClient | None = None,
    ) -> None:
        super().__init__(status_code, headers, content, reason=reason, method=method, url=url)
        self._stream = stream
        self._client = client  # type: ignore[assignment]  # for its error mapping only

    @property
    def content(self) -> bytes:
        """The whole body; a streamed one must be read first (`await aread()`)."""
        if self._content is None:
            raise RuntimeError("the body of a streamed response is unread: await aread()")
        return self._content

    async def aread(self) -> bytes:
        """Read the rest of the body (all of it, unless iterated) and give the connection back."""
        if self._content is None:
            self._content = b"".join([chunk async for chunk in self.aiter_content()])
        return self._content

    async def aiter_content(self, chunk_size: int = _CHUNK_SIZE) -> AsyncIterator[bytes]:
        """Yield the body in chunks of at most `chunk_size` bytes without holding all of it."""
        stream = self._stream
        if stream is None:
            content = self._content or b""
            for start in range(0, len(content), chunk_size):
                yield content[start : start + chunk_size]
            return
        import aiohttp  # noqa: PLC0415

        try:
            while chunk := await stream.content.read(chunk_size):
                yield chunk
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            client = self._client
            if not isinstance(client, AsyncClient):
                raise
            raise _async_transport_error(client, exc, self.method, self.url) from exc
        finally:
            await self.arelease()

    def release(self) -> None:
        """Give the connection back; an unread rest of a streamed body closes it."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.release()

    async def arelease(self) -> None:
        """`release()`, for symmetry with `aread()` (aiohttp releases without waiting)."""
        self.release()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.arelease()


class _AsyncPool:
    """The aiohttp session of an `AsyncClient` and its copies, made in the first running loop."""

    __slots__ = ("options", "session")

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options
        self.session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        session = self.session
        if session is None or session.closed:
            import ssl  # noqa: PLC0415

            try:
                import aiohttp  # noqa: PLC0415 - the `async` extra; only AsyncClient needs it
            except ImportError as exc:
                raise ImportError(
                    "AsyncClient needs aiohttp: pip install 'annota[async]'", name="aiohttp"
                ) from exc

            options = self.options
            tls: ssl.SSLContext | bool = False
            if options["verify_ssl"]:
                tls = ssl.create_default_context(cafile=options["ca_cert"] or None)
            # Many calls in flight at once are the point of asyncio: no cap below 100.
            connector = aiohttp.TCPConnector(
                limit=max(100, int(options["pool_maxsize"])), ssl=tls, enable_cleanup_closed=False
            )
            session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=True,
                skip_auto_headers=("User-Agent", "Content-Type"),
            )
            self.session = session
        return session

    async def close(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            await session.close()


class _RetryView:
    """What urllib3's `Retry.increment`/`get_retry_after` read of a response."""

    __slots__ = ("headers", "status")

    def __init__(self, status: int, headers: Mapping[str, str]) -> None:
        self.status = status
        self.headers = headers

    def get_redirect_location(self) -> bool:
        return False  # redirects are aiohttp's (follow_redirects), never a retry


class AsyncClient(BaseClient):
    """The asyncio twin of `Client`: the same settings and errors, sent with aiohttp.

    Needs the ``async`` extra (``pip install 'annota[async]'``); aiohttp is imported by the
    first request. Retries follow the same `urllib3.Retry` policy (its counters, backoff and
    Retry-After), a deadline bounds the whole call with `asyncio.timeout`, and the timeout's
    connect and read limits bound each attempt. Use it from one event loop; `await close()` (or
    `async with`) at the end. See `BaseClient` for the arguments.
    """

    __slots__ = ("_pool",)

    _pool: _AsyncPool

    def _adopt_pool(self, options: Mapping[str, Any], pool: Any) -> None:
        self._pool = pool if pool is not None else _AsyncPool(dict(options))

    def _shared_pool(self) -> Any:
        return self._pool

    async def close(self) -> None:
        """Close the session's connections (shared with copies, which reconnect on use)."""
        await self._pool.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: RequestFiles | None = None,
        content: bytes | str | IO[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        timeout: TimeoutArg | None = None,
        extra_headers: Mapping[str, str] | None = None,
        stream: bool = False,
        raise_for_status: bool = True,
    ) -> AsyncHttpResponse:
        """Send one request and return its response (the arguments of `Client.request`).

        Raises:
            errors.ApiError: The status is not 2xx (or what `exception_factory` makes of it).
            errors.TransportError: No response (errors.RequestTimeout for a timeout or the
                deadline).

        """
        import asyncio  # noqa: PLC0415

        method, full_url, request_headers, body = self._prepare(
            method, url, params, json, data, files, content, headers, cookies, extra_headers
        )
        hook = self._on_request
        if hook is not None:
            pending = hook(self, PreparedRequest(method, full_url, request_headers))
            if pending is not None:
                await pending
        deadline = self._options["deadline"]
        send = self._send(method, full_url, request_headers, body, timeout, stream)
        if deadline is None:
            response = await send
        else:
            try:
                async with asyncio.timeout(float(deadline)):
                    response = await send
            except TimeoutError as exc:
                raise self._fail(
                    errors.RequestTimeout(
                        f"the call's deadline of {float(deadline):g} s passed",
                        cause=exc,
                        method=method,
                        url=full_url,
                    )
                ) from exc
        if raise_for_status and not 200 <= response.status_code < 300:
            raise self._api_error(response, await response.aread())
        return response

    async def _send(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | IO[bytes] | MultipartBody | None,
        timeout: TimeoutArg | None,
        stream: bool,
    ) -> AsyncHttpResponse:
        """Every attempt of one call, as urllib3's `Retry` policy counts and spaces them."""
        import asyncio  # noqa: PLC0415

        import aiohttp  # noqa: PLC0415
        import urllib3  # noqa: PLC0415

        limits = self._timeout if timeout is None else timeout
        if not isinstance(limits, urllib3.Timeout):
            limits = urllib3.Timeout(connect=float(limits), read=float(limits))
        connect = limits.connect_timeout
        attempt_timeout = aiohttp.ClientTimeout(
            total=None,
            sock_connect=connect if isinstance(connect, int | float) else None,
            sock_read=_read_limit(limits),
        )
        policy: Retry | None = None
        if isinstance(self._retries, urllib3.Retry):
            policy = self._retries.new()
        elif self._retries is not False and not isinstance(self._retries, bool):
            policy = urllib3.Retry.from_int(self._retries)
        start = body.tell() if body is not None and not isinstance(body, bytes) else 0
        session = self._pool.get()
        proxy = self._options["proxy_url"]
        proxy_headers = self._options["proxy_headers"] or None
        while True:
            if body is not None and not isinstance(body, bytes):
                body.seek(start)  # a retry sends the body again from its start
            try:
                raw = await session.request(
                    method,
                    url,
                    data=_async_body(body),
                    headers=headers,
                    timeout=attempt_timeout,
                    allow_redirects=self._redirect,
                    proxy=proxy,
                    proxy_headers=proxy_headers,
                )
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                if policy is None:
                    raise _async_transport_error(self, exc, method, url) from exc
                try:
                    policy = policy.increment(method, url, error=_as_urllib3_error(exc, url))
                except Exception as exhausted:  # MaxRetryError, or the error for no retry
                    raise _async_transport_error(self, exc, method, url, exhausted) from exc
                await asyncio.sleep(policy.get_backoff_time())
                continue
            view: Any = _RetryView(raw.status, raw.headers)  # what urllib3's Retry reads
            if policy is not None and policy.is_retry(
                method, raw.status, "Retry-After" in view.headers
            ):
                try:
                    policy = policy.increment(method, url, response=view)
                except urllib3.exceptions.MaxRetryError as exhausted:
                    if policy.raise_on_status:  # else the last answer is the result
                        raw.release()
                        raise self._fail(
                            errors.TransportError(
                                f"too many retries: the last answer was {raw.status}",
                                cause=exhausted,
                                method=method,
                                url=url,
                            )
                        ) from exhausted
                else:
                    raw.release()
                    delay = (
                        policy.get_retry_after(view) if policy.respect_retry_after_header else None
                    )
                    await asyncio.sleep(policy.get_backoff_time() if delay is None else delay)
                    continue
            response = AsyncHttpResponse(
                raw.status,
                raw.headers,
                None,
                reason=raw.reason or "",
                method=method,
                url=url,
                stream=raw,
                client=self,
            )
            if not stream:
                await response.aread()
            return response


def _async_body(
    body: bytes | IO[bytes] | MultipartBody | None,
) -> bytes | AsyncIterator[bytes] | None:
    """The body as aiohttp sends it: bytes as they are, a readable body as its chunks."""
    if body is None or isinstance(body, bytes):
        return body

    async def chunks() -> AsyncIterator[bytes]:
        while chunk := body.read(_CHUNK_SIZE):
            yield chunk

    return chunks()


def _as_urllib3_error(exc: BaseException, url: str) -> Exception:
    """The urllib3 exception whose `Retry` counter an aiohttp failure counts against."""
    import aiohttp  # noqa: PLC0415
    from urllib3 import exceptions as u3  # noqa: PLC0415

    if isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError):
        return u3.ConnectTimeoutError(str(exc))  # "connect": nothing reached the server
    if isinstance(exc, TimeoutError):
        return u3.ReadTimeoutError(None, url, str(exc))  # type: ignore[arg-type]
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError | OSError):
        return u3.ProtocolError(str(exc))
    return u3.HTTPError(str(exc))  # counted as "other"


def _async_transport_error(
    client: AsyncClient,
    exc: BaseException,
    method: str,
    url: str,
    exhausted: BaseException | None = None,
) -> BaseException:
    """Map an aiohttp/socket failure to the exception to raise, as `Client` maps urllib3's."""
    import aiohttp  # noqa: PLC0415
    from urllib3 import exceptions as u3  # noqa: PLC0415

    error: errors.Error
    if isinstance(exc, aiohttp.ClientConnectorError) and not isinstance(exc, TimeoutError):
        error = errors.TransportError(f"cannot connect: {exc}", cause=exc, method=method, url=url)
    elif isinstance(exc, TimeoutError):
        error = errors.RequestTimeout(
            f"timed out: {exc or type(exc).__name__}", cause=exc, method=method, url=url
        )
    elif isinstance(exhausted, u3.MaxRetryError):
        error = errors.TransportError(f"too many retries: {exc}", cause=exc, method=method, url=url)
    else:
        error = errors.TransportError(
            f"{type(exc).__name__}: {exc}", cause=exc, method=method, url=url
        )
    return client._fail(error)


#: The generated operations name the client of secured operations this way; it is the same class.
AuthenticatedClient = Client


# -- deadline: one bound for a whole call, every attempt and backoff included -----------------
class DeadlineExceeded(TimeoutError):
    """A call's deadline passed before it got an answer (raised as ``errors.RequestTimeout``)."""


def _bound_by_deadline(
    timeout: TimeoutArg, retries: Retry | int | bool, seconds: float
) -> tuple[Timeout, Retry | int | bool]:
    """Per-call copies of `timeout` and `retries` that stop `seconds` from now.

    urllib3 retries inside `urlopen` and clones the timeout for every attempt: the clone is
    cut to the time left (and refuses when none is), and the backoff never sleeps past it.
    """
    import urllib3  # noqa: PLC0415

    expires = _time.monotonic() + seconds
    if not isinstance(timeout, urllib3.Timeout):
        timeout = urllib3.Timeout(connect=float(timeout), read=float(timeout))
    bounded = _deadline_classes()[0](
        connect=timeout.connect_timeout, read=_read_limit(timeout), total=timeout.total
    )
    bounded.expires, bounded.seconds = expires, seconds
    if isinstance(retries, int) and not isinstance(retries, bool):
        retries = urllib3.Retry.from_int(retries)
    if isinstance(retries, urllib3.Retry):
        # The same settings and state (history, counters), on the deadline's subclass: built
        # through the public constructor from the public attributes of the same names.
        retry_class = _deadline_classes()[1](type(retries))
        bound = retry_class(**{name: getattr(retries, name) for name in retry_settings()})
        bound.expires = expires
        retries = bound
    return bounded, retries


def retry_settings() -> tuple[str, ...]:
    """The parameters of ``urllib3.Retry()``; each is also a public attribute of a Retry."""
    import inspect  # noqa: PLC0415

    import urllib3  # noqa: PLC0415

    global _RETRY_SETTINGS  # noqa: PLW0603
    if _RETRY_SETTINGS is None:
        parameters = inspect.signature(urllib3.Retry.__init__).parameters
        _RETRY_SETTINGS = tuple(name for name in parameters if name != "self")
    return _RETRY_SETTINGS


_RETRY_SETTINGS: tuple[str, ...] | None = None


def _read_limit(timeout: Timeout) -> float | None:
    """The read timeout a urllib3 Timeout was given, through its public ``read_timeout``.

    A Timeout not yet started answers its configured read timeout; when only ``total`` bounds
    the read, it cannot say before the connection starts, and None (no read limit of its own)
    is what it means.
    """
    import urllib3  # noqa: PLC0415
    from urllib3.exceptions import TimeoutStateError  # noqa: PLC0415

    try:  # urllib3's own clone (a subclass's may cut it): a copy that has not started
        return urllib3.Timeout.clone(timeout).read_timeout
    except TimeoutStateError:
        return None


_DEADLINE_CLASSES: tuple[Any, Any] | None = None


def _deadline_classes() -> tuple[Any, Any]:
    """The Timeout subclass and the Retry-subclass factory (built once urllib3 is imported)."""
    global _DEADLINE_CLASSES  # noqa: PLW0603
    if _DEADLINE_CLASSES is not None:
        return _DEADLINE_CLASSES
    import functools  # noqa: PLC0415

    import urllib3  # noqa: PLC0415

    def left(expires: float) -> float:
        return max(0.0, expires - _time.monotonic())

    class DeadlineTimeout(urllib3.Timeout):
        expires: float = float("inf")
        seconds: float = 0.0

        def clone(self) -> urllib3.Timeout:
            remaining = left(self.expires)
            if remaining <= 0:
                raise DeadlineExceeded(f"the call's deadline of {self.seconds:g} s passed")

            def cut(value: Any) -> float:
                return remaining if not isinstance(value, int | float) else min(value, remaining)

            return urllib3.Timeout(
                connect=cut(self.connect_timeout), read=cut(_read_limit(self)), total=self.total
            )

    @functools.cache
    def retry_class(base: type[urllib3.Retry]) -> type[urllib3.Retry]:
        class DeadlineRetry(base):  # type: ignore[valid-type,misc]
            expires: float = float("inf")

            def new(self, **changes: Any) -> Any:
                retry = super().new(**changes)
                retry.expires = self.expires
                return retry

            def get_backoff_time(self) -> float:
                return min(float(super().get_backoff_time()), left(self.expires))

            def get_retry_after(self, response: Any) -> float | None:
                seconds = super().get_retry_after(response)
                return None if seconds is None else min(seconds, left(self.expires))

        DeadlineRetry.__name__ = DeadlineRetry.__qualname__ = f"Deadline{base.__name__}"
        return DeadlineRetry

    _DEADLINE_CLASSES = (DeadlineTimeout, retry_class)
    return _DEADLINE_CLASSES


def _make_pool(options: Mapping[str, Any]) -> PoolManager:
    import urllib3  # noqa: PLC0415

    pool_kw: dict[str, Any] = {"maxsize": int(options["pool_maxsize"])}
    if options["verify_ssl"]:
        pool_kw["cert_reqs"] = "CERT_REQUIRED"
        if options["ca_cert"]:
            pool_kw["ca_certs"] = options["ca_cert"]
    else:
        pool_kw["cert_reqs"] = "CERT_NONE"
        pool_kw["assert_hostname"] = False
    if options["proxy_url"]:
        return urllib3.ProxyManager(
            options["proxy_url"], proxy_headers=dict(options["proxy_headers"]) or None, **pool_kw
        )
    return urllib3.PoolManager(**pool_kw)


def _query_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str(value)  # also turns a str enum member into its value
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:
        return str(isoformat())
    return str(value)


def _query_pairs(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None or value is UNSET:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            items = sorted(value) if isinstance(value, set | frozenset) else value
            pairs.extend(
                (key, _query_value(item))
                for item in items
                if item is not None and item is not UNSET
            )
        else:
            pairs.append((key, _query_value(value)))
    return pairs


def encode_query(params: Mapping[str, Any]) -> str:
    """Encode query parameters: lists repeat the key, bools are true/false, None/UNSET left out."""
    return urlencode(_query_pairs(params), quote_via=quote)


class MultipartBody:
    """A multipart/form-data body that reads its file parts only while it is sent.

    urllib3 streams any object with `read()`; `len()` gives the exact Content-Length, so the
    server can refuse an oversized upload before it arrives. `tell()` and `seek(0)` let urllib3
    rewind it to send it again on a retry (the file parts are seekable, or they would have been
    read into memory).
    """

    __slots__ = ("_length", "_parts", "_segments", "_sent")

    def __init__(self, segments: list[bytes | IO[bytes]], length: int) -> None:
        self._parts = [(s, 0 if isinstance(s, bytes) else s.tell()) for s in segments]
        self._segments = list(segments)
        self._length = length
        self._sent = 0

    def __len__(self) -> int:
        return self._length

    def tell(self) -> int:
        """How many bytes were read so far."""
        return self._sent

    def seek(self, offset: int, whence: int = 0) -> int:
        """Rewind to the start (the only position urllib3 asks for)."""
        if offset != 0 or whence != 0:
            raise OSError("a multipart body can only be rewound to its start")
        for segment, start in self._parts:
            if not isinstance(segment, bytes):
                segment.seek(start)
        self._segments = [segment for segment, _ in self._parts]
        self._sent = 0
        return 0

    def read(self, size: int = -1) -> bytes:
        """Return up to `size` bytes (all that is left for -1); b"" at the end."""
        pieces: list[bytes] = []
        wanted = size
        while self._segments and (size < 0 or wanted > 0):
            segment = self._segments[0]
            if isinstance(segment, bytes):
                piece = segment if size < 0 else segment[:wanted]
                rest = b"" if size < 0 else segment[wanted:]
                if rest:
                    self._segments[0] = rest
                else:
                    self._segments.pop(0)
            else:
                piece = segment.read(-1 if size < 0 else wanted)
                if not piece or size < 0:
                    self._segments.pop(0)
            pieces.append(piece)
            wanted -= len(piece)
        data = b"".join(pieces)
        self._sent += len(data)
        return data


def _remaining_size(stream: IO[bytes]) -> int | None:
    """Bytes left in a seekable stream, or None when it cannot tell."""
    try:
        position = stream.tell()
        end = stream.seek(0, 2)
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end - position


def encode_multipart(
    files: RequestFiles, data: Mapping[str, Any] | None = None
) -> tuple[bytes | MultipartBody, str]:
    """Encode multipart/form-data with a random boundary; returns (body, content type).

    A part without a file name and with a text/plain (or no) content type becomes a plain field.
    Seekable file objects are not read here: the body is a `MultipartBody` that reads them in
    blocks while the request is sent. Without file objects the body is plain bytes.
    """
    from urllib3.fields import RequestField  # noqa: PLC0415
    from urllib3.filepost import choose_boundary  # noqa: PLC0415

    boundary = choose_boundary()
    segments: list[bytes | IO[bytes]] = []
    length = 0
    streamed = False

    def add(field: RequestField, payload: bytes | IO[bytes], size: int) -> None:
        nonlocal length
        head = f"--{boundary}\r\n{field.render_headers()}".encode()
        segments.extend((head, payload, b"\r\n"))
        length += len(head) + size + 2

    if data:
        for key, value in _query_pairs(data):
            field = RequestField(name=key, data=value)
            field.make_multipart()
            encoded = value.encode()
            add(field, encoded, len(encoded))
    for name, part in files:
        file_name, payload, mime_type = part[0], part[1], part[2]
        part_headers = dict(part[3]) if len(part) > 3 else None
        if isinstance(payload, str):
            payload = payload.encode()
        if isinstance(payload, bytes):
            size = len(payload)
        else:
            known = _remaining_size(payload)
            if known is None:  # a pipe or socket: its length is only known once read
                payload = payload.read()
                known = len(payload)
            size = known
            streamed = streamed or not isinstance(payload, bytes)
        field = RequestField(name=name, data=b"", filename=file_name, headers=part_headers)
        plain = file_name is None and mime_type in (None, "text/plain")
        field.make_multipart(content_type=None if plain else mime_type)
        add(field, payload, size)
    tail = f"--{boundary}--\r\n".encode()
    segments.append(tail)
    length += len(tail)
    content_type = f"multipart/form-data; boundary={boundary}"
    if streamed:
        return MultipartBody(segments, length), content_type
    return b"".join(segment for segment in segments if isinstance(segment, bytes)), content_type


def _json_default(value: Any) -> Any:
    # Lets a plain-dict body carry date-times, dates, UUIDs and models.
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:
        return isoformat()
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    if hasattr(value, "hex") and hasattr(value, "urn"):  # uuid.UUID
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _charset(content_type: str | None) -> str:
    if content_type:
        for parameter in content_type.split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
    return "utf-8"


def _has_header(headers: Mapping[str, str], lower_name: str) -> bool:
    return any(key.lower() == lower_name for key in headers)


def _set_header(headers: dict[str, str], name: str, value: str) -> None:
    lower = name.lower()
    for key in [key for key in headers if key.lower() == lower]:
        del headers[key]
    headers[name] = value
