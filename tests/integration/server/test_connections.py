"""Connection hygiene, with raw sockets on loopback: slow or idle clients are let go."""

from __future__ import annotations

import io
import json
import os
import socket
import time
from collections.abc import Iterator

import pytest
from PIL import Image
from support import ServerProcess, create_project, create_task

from .operations_support import own_server, upload

LIMITS = {
    "ANNOTA_HEADER_TIMEOUT_SECONDS": "1",
    "ANNOTA_KEEP_ALIVE_SECONDS": "1",
    "ANNOTA_BODY_TIMEOUT_SECONDS": "1",
    "ANNOTA_BODY_MIN_RATE": "1000",
    "ANNOTA_MAX_CONNECTIONS": "30",
}
# How long the tests wait for the server to act on a limit before calling it a hang. Not a
# duration asserted: a loaded machine may take any part of it. What is asserted is that the
# server acts (408, 503, a close) and never before its limit.
HANG = 60.0


@pytest.fixture(scope="module")
def guarded(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with own_server(database_url, tmp_path_factory.mktemp("guarded"), **LIMITS) as server:
        yield server


def connect(server: ServerProcess) -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=10)
    return sock


def read_until_closed(sock: socket.socket, within: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes; fails if it is still open after ``within``."""
    started = time.monotonic()
    sock.settimeout(within)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        pytest.fail(f"the server still holds the connection after {within} s (got {data!r})")
    finally:
        sock.close()
    return data, time.monotonic() - started


def problem_of(answer: bytes, status: int) -> tuple[dict[str, str], dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith(f"HTTP/1.1 {status} "), answer[:200]
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert headers["content-type"] == "application/problem+json", headers
    problem = json.loads(body)
    assert problem["status"] == status, problem
    return headers, problem


def test_a_socket_that_sends_nothing_is_closed(guarded: ServerProcess) -> None:
    _, waited = read_until_closed(connect(guarded), HANG)
    assert waited >= 0.8, "closed before the deadline"


def test_headers_sent_a_byte_a_second_are_cut_off(guarded: ServerProcess) -> None:
    sock = connect(guarded)
    # 240 bytes at 4 a second would take a minute: the 1 s header limit ends it long before.
    request = b"GET /api/server/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    sent = 0
    try:
        for byte in request:
            sock.sendall(bytes([byte]))
            sent += 1
            time.sleep(0.25)
    except OSError:  # the server closed the connection: what we want
        pass
    answer, _ = read_until_closed(sock, HANG)
    assert sent < len(request)
    _, problem = problem_of(answer, 408)
    assert "headers" in str(problem["detail"]), problem


def test_a_body_sent_a_byte_a_second_is_cut_off(guarded: ServerProcess) -> None:
    sock = connect(guarded)
    sock.sendall(
        b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    sent = 0
    try:
        for _ in range(98):  # 49 s at this pace; the 1000 B/s minimum ends it long before
            time.sleep(0.5)
            sock.sendall(b" ")
            sent += 1
    except OSError:
        pass
    answer, _ = read_until_closed(sock, HANG)
    assert sent < 98
    headers, problem = problem_of(answer, 408)
    assert headers.get("connection") == "close", headers
    assert "request body" in str(problem["detail"]), problem


def test_an_idle_keep_alive_connection_is_closed(guarded: ServerProcess) -> None:
    sock = connect(guarded)
    sock.sendall(b"GET /api/server/health HTTP/1.1\r\nHost: x\r\n\r\n")
    answer, waited = read_until_closed(sock, HANG)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    assert waited >= 0.8


def test_connections_beyond_the_limit_get_503_with_retry_after(guarded: ServerProcess) -> None:
    limit = int(LIMITS["ANNOTA_MAX_CONNECTIONS"])
    held = [connect(guarded) for _ in range(limit)]
    try:
        # The server counts a connection once it has accepted it: ask until it has them all
        # (a newcomer it still serves is closed after the 1 s header limit, empty-handed).
        deadline = time.monotonic() + HANG
        while not (answer := read_until_closed(connect(guarded), HANG)[0]):
            assert time.monotonic() < deadline, "never refused a connection beyond the limit"
        headers, problem = problem_of(answer, 503)
        assert headers["retry-after"].isdigit(), headers
        assert str(limit) in str(problem["detail"]), problem
    finally:
        for sock in held:
            sock.close()
    # The held ones are gone: new connections are served again, once the server sees them go.
    deadline = time.monotonic() + HANG
    while (status := guarded.http().get("/api/server/health").status) == 503:
        assert time.monotonic() < deadline, "still refusing after the held connections closed"
        time.sleep(0.1)
    assert status == 200


def test_a_request_at_a_normal_pace_is_served(guarded: ServerProcess) -> None:
    response = guarded.http().post(
        "/api/auth/login",
        json={"username": guarded.admin_username, "password": guarded.admin_password},
    )
    assert response.status == 200, response


def test_a_large_body_at_a_normal_pace_is_served(guarded: ServerProcess) -> None:
    http = guarded.http()
    http.login(guarded.admin_username, guarded.admin_password)
    task = create_task(http, create_project(http)["id"])
    noisy = Image.frombytes("RGB", (1024, 1024), os.urandom(1024 * 1024 * 3))
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    assert len(out.getvalue()) > 2 * 1024 * 1024  # many chunks, each paced
    assets = upload(http, task["id"], [("noise.png", out.getvalue())])
    assert assets[0]["size"] == len(out.getvalue())
