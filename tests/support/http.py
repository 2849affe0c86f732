"""A tiny HTTP client for tests, on urllib3.

It never raises for an HTTP status, never follows redirects and never retries a request that
reached the server, so tests see exactly what the server answered::

    http = Http(server.url)
    token = http.login("admin", "secret")            # also remembered by ``http``
    r = http.get("/api/projects", params={"status": ["active", "archived"], "page_size": 10})
    r.status, r.headers["ETag"], r.json()
    http.post("/api/projects", json={"name": "p", "type": "detection"}).expect(201).json()
    http.post("/api/projects", body=b"not json", content_type="text/plain")
    http.patch(url, json={...}, headers={"If-Match": etag})
    http.get("/api/users/self", headers={"Authorization": None})   # drop a default header

``Http(base_url, token=None, workspace=None)``: ``token`` is sent as ``Authorization: Bearer``,
``workspace`` (a slug) as ``X-Workspace``. ``path`` may also be an absolute URL (for example a
list's ``next`` link).
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import urllib3
from urllib3.util import Retry, Timeout

PROBLEM_JSON = "application/problem+json"

_UNSET: Any = object()

# One pool for every client: keep-alive connections are reused across tests.
_POOL = urllib3.PoolManager(num_pools=16, maxsize=8)
# Retry only when no connection could be made; anything that reached the server is final.
_RETRIES = Retry(total=None, connect=3, read=0, redirect=False, status=0, other=0)


class Response:
    """What the server answered: ``status``, ``headers`` (case-insensitive), ``data`` (bytes)."""

    def __init__(self, method: str, url: str, status: int, headers: Any, data: bytes) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.headers = headers
        self.data = data
        self._json: Any = _UNSET

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased (``""`` when absent)."""
        value = self.headers.get("Content-Type", "")
        return value.split(";", 1)[0].strip().lower()

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    def json(self) -> Any:
        """The body parsed as JSON (raises AssertionError, showing the body, when it is not)."""
        if self._json is _UNSET:
            try:
                self._json = jsonlib.loads(self.data)
            except ValueError as exc:
                raise AssertionError(f"{self!r}: the body is not JSON ({exc})") from None
        return self._json

    def expect(self, *statuses: int) -> Response:
        """Assert that the status is one of ``statuses`` and return self (for chaining)."""
        assert self.status in statuses, f"expected {statuses}, got {self!r}"
        return self

    def problem(self) -> dict[str, Any]:
        """Assert that this is an RFC 9457 problem answer and return its body."""
        assert self.content_type == PROBLEM_JSON, f"not {PROBLEM_JSON}: {self!r}"
        body = self.json()
        assert isinstance(body, dict), f"problem body is not an object: {self!r}"
        return body

    def __repr__(self) -> str:
        body = self.text
        if len(body) > 1500:
            body = body[:1500] + f"... ({len(self.data)} bytes)"
        return f"<{self.method} {self.url} -> {self.status} {self.content_type or '-'}: {body}>"


def assert_problem(
    response: Response,
    status: int | Iterable[int],
    *,
    field: str | None = None,
    problem_type: str | None = None,
) -> dict[str, Any]:
    """Assert a problem answer and return its body.

    Checks: the HTTP status is ``status`` (or one of them), the media type is
    ``application/problem+json``, the body has ``type``/``title`` strings, ``status`` equal to the
    HTTP status and a non-empty ``detail``; with ``field``, that some entry of ``errors`` names it
    (exactly, or as a dotted path that starts or ends with it); with ``problem_type``, that the
    problem's ``type`` is that.
    """
    allowed = {status} if isinstance(status, int) else set(status)
    assert response.status in allowed, f"expected {sorted(allowed)}, got {response!r}"
    body = response.problem()
    assert isinstance(body.get("type"), str), f"no problem type: {response!r}"
    assert body["type"], f"no problem type: {response!r}"
    assert isinstance(body.get("title"), str), f"no title: {response!r}"
    assert body["title"], f"no title: {response!r}"
    assert body.get("status") == response.status, f"status member mismatch: {response!r}"
    assert isinstance(body.get("detail"), str), f"no detail: {response!r}"
    assert body["detail"], f"no detail: {response!r}"
    if problem_type is not None:
        assert body["type"] == problem_type, f"expected type {problem_type}: {response!r}"
    if field is not None:
        errors = body.get("errors")
        assert isinstance(errors, list), f"no `errors` naming {field!r}: {response!r}"
        assert errors, f"no `errors` naming {field!r}: {response!r}"
        names = [str(e.get("field", "")) for e in errors if isinstance(e, dict)]
        assert all(isinstance(e.get("message"), str) for e in errors), f"{response!r}"
        assert any(_names_field(name, field) for name in names), (
            f"`errors` does not name {field!r} (names {names}): {response!r}"
        )
    return body


def _names_field(name: str, field: str) -> bool:
    if name.lower() == field.lower():
        return True
    parts = name.replace("/", ".").replace("[", ".").replace("]", "").strip(".").split(".")
    wanted = field.split(".")
    n = len(wanted)
    return parts[:n] == wanted or parts[-n:] == wanted


def encode_params(params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> str:
    """Encode query parameters: a list repeats the key, booleans become ``true``/``false``.

    None values are left out.
    """
    if not params:
        return ""
    items = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None:
                continue
            if isinstance(item, bool):
                item = "true" if item else "false"
            pairs.append((key, str(item)))
    return urlencode(pairs)


class Http:
    """A client bound to one server; see the module docstring."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        workspace: str | None = None,
        *,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.workspace = workspace
        self.timeout = timeout

    def clone(self, **changes: Any) -> Http:
        """A copy with some of ``token``, ``workspace``, ``timeout`` changed."""
        values = {"token": self.token, "workspace": self.workspace, "timeout": self.timeout}
        values.update(changes)
        return Http(self.base_url, **values)

    def with_token(self, token: str | None) -> Http:
        return self.clone(token=token)

    def in_workspace(self, slug: str | None) -> Http:
        return self.clone(workspace=slug)

    def url_for(self, path: str, params: Any = None) -> str:
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        query = encode_params(params)
        if query:
            url += ("&" if "?" in url else "?") + query
        return url

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = _UNSET,
        body: bytes | str | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str | None] | None = None,
        params: Any = None,
    ) -> Response:
        """Send one request; ``json`` is encoded, ``body`` is sent as is (with ``content_type``).

        A header given as None in ``headers`` removes a default (Authorization, X-Workspace).
        """
        all_headers: dict[str, str | None] = {}
        if self.token is not None:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if self.workspace is not None:
            all_headers["X-Workspace"] = self.workspace
        payload: bytes | None = None
        if json is not _UNSET:
            payload = jsonlib.dumps(json).encode("utf-8")
            all_headers["Content-Type"] = content_type or "application/json"
        elif body is not None:
            payload = body.encode("utf-8") if isinstance(body, str) else body
            if content_type is not None:
                all_headers["Content-Type"] = content_type
        for key, value in (headers or {}).items():
            for existing in [k for k in all_headers if k.lower() == key.lower()]:
                del all_headers[existing]
            all_headers[key] = value
        sent = {k: v for k, v in all_headers.items() if v is not None}
        url = self.url_for(path, params)
        raw = _POOL.request(
            method,
            url,
            body=payload,
            headers=sent,
            retries=_RETRIES,
            redirect=False,
            timeout=Timeout(total=self.timeout),
            preload_content=True,
        )
        return Response(method, url, raw.status, raw.headers, raw.data)

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Response:
        return self.request("DELETE", path, **kwargs)

    # -- sessions ----------------------------------------------------------------------------
    def login(self, username: str, password: str, otp: str | None = None) -> str:
        """Log in (asserting 200), remember the session token on this client and return it."""
        body: dict[str, str] = {"username": username, "password": password}
        if otp is not None:
            body["otp"] = otp
        response = self.post("/api/auth/login", json=body, headers={"Authorization": None})
        assert response.status == 200, f"login as {username!r} failed: {response!r}"
        token = response.json()["token"]
        assert isinstance(token, str), f"no token in {response!r}"
        assert token, f"no token in {response!r}"
        self.token = token
        return token

    def logout(self) -> Response:
        """Log out the current session (no assertion) and forget the token."""
        response = self.post("/api/auth/logout")
        self.token = None
        return response

    def list_all(self, path: str, params: Any = None, *, page_size: int = 1000) -> list[Any]:
        """Every result of a paginated list, following ``next`` links (asserting 200s)."""
        merged = dict(params or {})
        merged.setdefault("page_size", page_size)
        response = self.get(path, params=merged).expect(200)
        results = list(response.json()["results"])
        next_url = response.json()["next"]
        guard = 0
        while next_url:
            guard += 1
            assert guard < 1000, "runaway pagination"
            response = self.get(next_url).expect(200)
            results.extend(response.json()["results"])
            next_url = response.json()["next"]
        return results
