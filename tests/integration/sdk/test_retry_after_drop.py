"""A POST or PATCH whose answer is lost is retried by the SDK and runs once on the server.

A tiny TCP proxy stands between the SDK and the real server. It forwards each request whole and
reads the server's whole answer (so the server has committed), then, for the first request of
the chosen method, closes the client's connection instead of answering. The SDK retries with the
same Idempotency-Key and gets the stored answer: one row, not two.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from support import ServerProcess, unique

import annota

HEAD_END = b"\r\n\r\n"


def _read_message(stream: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP/1.1 message with a Content-Length body (or none) from ``stream``; None at EOF."""
    while HEAD_END not in buffer:
        chunk = stream.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_size = buffer.index(HEAD_END) + len(HEAD_END)
    length = 0
    for line in bytes(buffer[:head_size]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_size + length:
        chunk = stream.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[: head_size + length])
    del buffer[: head_size + length]
    return message


class DroppingProxy:
    """Forwards HTTP requests to ``upstream``; drops the answer to the first ``method`` request."""

    def __init__(self, upstream: tuple[str, int], method: bytes) -> None:
        self.upstream = upstream
        self.method = method
        self.dropped: list[bytes] = []
        self.forwarded: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client, socket.create_connection(self.upstream) as server:
            from_client, from_server = bytearray(), bytearray()
            while (request := _read_message(client, from_client)) is not None:
                server.sendall(request)
                answer = _read_message(server, from_server)
                if answer is None:
                    return
                line = request.split(b"\r\n", 1)[0]
                with self._lock:
                    drop = line.startswith(self.method + b" ") and not self.dropped
                    (self.dropped if drop else self.forwarded).append(line)
                if drop:  # the server has answered, so it committed: lose the answer
                    client.shutdown(socket.SHUT_RDWR)
                    return
                client.sendall(answer)

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def dropping(server: ServerProcess) -> Iterator[type[DroppingProxy]]:
    proxies: list[DroppingProxy] = []
    host, port = server.url.removeprefix("http://").split(":")

    def make(method: bytes) -> DroppingProxy:
        proxy = DroppingProxy((host, int(port)), method)
        proxies.append(proxy)
        return proxy

    yield make  # type: ignore[misc]
    for proxy in proxies:
        proxy.close()


def test_a_create_whose_answer_is_lost_makes_one_row(
    dropping: Any, admin_token: str, admin_client: annota.Client
) -> None:
    proxy = dropping(b"POST")
    name = unique("dropped")
    with annota.Client(proxy.url, token=admin_token) as via_proxy:
        project = via_proxy.projects.create({"name": name, "type": "detection"})
    assert project.name == name
    assert len(proxy.dropped) == 1
    assert any(line.startswith(b"POST /api/projects ") for line in proxy.forwarded)
    found = admin_client.projects.list(search=name)
    assert [p.id for p in found] == [project.id]


def test_an_upload_whose_answer_is_lost_stores_the_files_once(
    dropping: Any, admin_token: str, admin_client: annota.Client, tmp_path: Path
) -> None:
    project = admin_client.projects.create({"name": unique("drop-up"), "type": "detection"})
    task = admin_client.tasks.create({"project": project.id, "name": unique("t")})
    image = tmp_path / "a.png"
    Image.new("RGB", (8, 8), (10, 20, 30)).save(image)
    proxy = dropping(b"POST")
    with annota.Client(proxy.url, token=admin_token) as via_proxy:
        assets = via_proxy.tasks.retrieve(task.id).upload_assets([image])
    assert len(proxy.dropped) == 1
    assert [a.name for a in assets] == ["a.png"]
    assert admin_client.tasks.retrieve(task.id).asset_count == 1
