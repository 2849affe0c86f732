"""A newcomer's first hour (issue 19): what make_client, a closed client and timeouts do.

Each test here failed before its fix: the scheme probe left warnings in the server's log, a
closed client still sent requests, an HTML page became an error message, timeouts multiplied
with retries without a bound, and make_client could not sign in a two-factor account.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pyotp
import pytest
from annota_api.api.auth import auth_two_factor_confirm, auth_two_factor_enroll
from annota_api.models import TwoFactorCodeRequest
from support import ServerProcess, TestUser

import annota
from annota import errors

from .helpers import Reply, StubServer, problem, project_json

PROJECT = "/api/projects/1"


# ---------------------------------------------------------------------------------- the probe
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_probe_of_a_local_server_leaves_no_warning_in_its_log(
    server: ServerProcess, host: str
) -> None:
    offset = server.log_size()
    with annota.make_client(
        host, port=server.port, credentials=(server.admin_username, server.admin_password)
    ) as client:
        assert client.url == f"http://{host}:{server.port}"
        assert client.me.username == server.admin_username
    logged = server.log_since(offset)
    assert "Invalid HTTP request" not in logged
    assert "WARNING" not in logged


def test_probe_sends_no_credentials(stub: StubServer) -> None:
    with annota.make_client(stub.url, token="secret-token") as client:
        assert stub.requests == [("GET", "/api/server/about")]
        assert "Authorization" not in stub.request_headers[0]
        stub.on("GET", PROJECT, Reply(200, project_json(1)))
        client.projects.retrieve(1)
        assert stub.request_headers[-1]["Authorization"] == "Bearer secret-token"


class _OtherServer:
    """A web server that is not annota: an HTML page for every path (like a default site)."""

    PAGE = (
        "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body>"
        + "<p>If you see this page, the web server is working.</p>" * 200
        + "</body></html>"
    ).encode()

    def __init__(self, status: int) -> None:
        page, code = self.PAGE, status

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(code)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])


@pytest.fixture(params=[404, 200])
def other_server(request: pytest.FixtureRequest) -> Iterator[_OtherServer]:
    other = _OtherServer(request.param)
    other.thread.start()
    try:
        yield other
    finally:
        other.httpd.shutdown()
        other.httpd.server_close()


def test_something_else_is_named_as_not_an_annota_server(other_server: _OtherServer) -> None:
    for host in ("127.0.0.1", f"http://127.0.0.1:{other_server.port}"):
        port = None if "://" in host else other_server.port
        with pytest.raises(errors.NotAnnotaServerError) as caught:
            annota.make_client(host, port=port)
        message = str(caught.value)
        assert "does not look like an annota server" in message
        assert str(caught.value.status) in message
        assert "Welcome to nginx!" in message  # the page's title, as a hint
        assert "<" not in message
        assert len(message) < 200
        assert isinstance(caught.value, errors.APIConnectionError)


def test_an_annota_server_that_refuses_keeps_its_own_problem(stub: StubServer) -> None:
    stub.on("GET", "/api/server/about", Reply(503, problem(503, "Down for maintenance")))
    with pytest.raises(errors.ServerError) as caught:
        annota.make_client(stub.url, config=annota.Config(retries=0))
    assert caught.value.status == 503
    assert "Down for maintenance" in str(caught.value)


# ---------------------------------------------------------------------------------- closing
def test_a_closed_client_refuses_before_sending(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    with annota.Client(stub.url, token="t") as client:
        copy = client.with_workspace("acme")
        client.projects.retrieve(1)
    sent = len(stub.requests)
    assert client.closed
    assert copy.closed
    for closed in (client, copy):
        with pytest.raises(errors.ClientClosedError, match="closed"):
            closed.projects.retrieve(1)
        with pytest.raises(errors.ClientClosedError):
            closed.api.request("GET", PROJECT)
    assert len(stub.requests) == sent, "a closed client sent a request"
    client.close()  # twice is harmless


def test_a_closed_copy_leaves_the_original_open(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    with annota.Client(stub.url) as client:
        copy = client.with_options(timeout=5)
        copy.close()
        assert copy.closed
        assert not client.closed
        assert client.projects.retrieve(1).id == 1


def test_after_its_with_block_a_session_raises_instead_of_401(server: ServerProcess) -> None:
    offset = server.log_size()
    credentials = (server.admin_username, server.admin_password)
    with annota.make_client(server.url, credentials=credentials) as client:
        assert client.me.username == server.admin_username
    with pytest.raises(errors.ClientClosedError):
        client.me  # noqa: B018
    assert " 401" not in server.log_since(offset)


# ---------------------------------------------------------------------------------- deadline
def test_deadline_cuts_the_backoff_of_retries(stub: StubServer) -> None:
    # The server asks to come back in 10 s, three times over: without a deadline the call
    # would wait 30 s and send 4 requests.
    stub.on("GET", PROJECT, Reply(503, problem(503, "Busy"), {"Retry-After": "10"}))
    with (
        annota.Client(stub.url, config=annota.Config(retries=3, deadline=0.3)) as client,
        pytest.raises(errors.APITimeoutError, match="deadline of 0.3 s"),
    ):
        client.projects.retrieve(1)
    assert stub.count("GET", PROJECT) == 1


def test_deadline_cuts_a_single_attempt(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(hang=True))
    with annota.Client(stub.url, config=annota.Config(timeout=60, retries=3)) as client:
        bounded = client.with_options(deadline=0.3)
        with pytest.raises(errors.APITimeoutError):
            bounded.projects.retrieve(1)
    assert stub.count("GET", PROJECT) == 1


def test_a_call_within_its_deadline_is_unchanged(stub: StubServer) -> None:
    busy = Reply(503, problem(503, "Busy"), {"Retry-After": "0"})
    stub.on("GET", PROJECT, busy, busy, Reply(200, project_json(1)))
    config = annota.Config(retries=3, backoff_factor=0.01, deadline=30)
    with annota.Client(stub.url, config=config) as client:
        assert client.projects.retrieve(1).id == 1
        assert client.projects.retrieve(1).id == 1  # a new call has its own deadline
    assert stub.count("GET", PROJECT) == 4


def test_per_attempt_timeouts_multiply_with_retries_without_a_deadline(stub: StubServer) -> None:
    # What the docs now say: `timeout` bounds each attempt, and a timed-out GET is retried.
    stub.on("GET", PROJECT, Reply(hang=True))
    config = annota.Config(timeout=0.2, retries=2, backoff_factor=0.01)
    with annota.Client(stub.url, config=config) as client, pytest.raises(errors.APITimeoutError):
        client.projects.retrieve(1)
    assert stub.count("GET", PROJECT) == 3
    assert "per attempt" in (annota.Config.__doc__ or "")
    assert "deadline" in (annota.Client.with_options.__doc__ or "")


# ---------------------------------------------------------------------------------- two-factor
def test_make_client_signs_in_a_two_factor_account(
    server: ServerProcess, new_user: TestUser
) -> None:
    with annota.Client(server.url, token=new_user.token) as session:
        totp = pyotp.TOTP(auth_two_factor_enroll.sync(client=session.api).secret)
        if totp.interval - time.time() % totp.interval < 3:
            time.sleep(3)  # leave the next code valid (the server allows one step of drift)
        auth_two_factor_confirm.sync(
            client=session.api, body=TwoFactorCodeRequest(code=str(totp.now()))
        )
    credentials = (new_user.username, new_user.password)
    with pytest.raises(errors.OtpRequiredError):
        annota.make_client(server.url, credentials=credentials)
    code = totp.at(time.time() + totp.interval)
    with annota.make_client(server.url, credentials=credentials, otp=code) as client:
        assert client.me.id == new_user.id


def test_otp_without_credentials_is_refused_before_sending(stub: StubServer) -> None:
    with pytest.raises(errors.ConfigurationError, match="otp"):
        annota.make_client(stub.url, token="t", otp="123456")
    assert stub.requests == []
