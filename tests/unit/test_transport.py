"""The generated transport (annota_api.client) against a small recording HTTP server.

The server runs on 127.0.0.1 in a thread, records every request it receives (method, path,
query, headers, body, client port) and answers what each test tells it to. Where the API
description has a fitting operation, the test calls the real generated operation module.
"""

from __future__ import annotations

import datetime
import email.parser
import email.policy
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import annota_api
import pytest
from annota_api import errors
from annota_api.api.projects import (
    projects_create,
    projects_destroy,
    projects_list,
    projects_partial_update,
    projects_retrieve,
)
from annota_api.api.workspaces import workspaces_list
from annota_api.client import Client, PreparedRequest
from annota_api.models import (
    LabelCreateRequest,
    PatchedProjectRequest,
    Project,
    ProjectCreateRequest,
    ProjectCreateRequestDict,
    ProjectStatus,
    ProjectType,
)
from annota_api.types import UNSET, File, parse_datetime
from support.quiet_server import QuietHTTPServer
from urllib3 import Retry, Timeout

ROOT = Path(__file__).resolve().parents[2]
GEN_DIR = ROOT / "gen"


# ------------------------------------------------------------------------------ stub server
@dataclass
class Recorded:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: Message
    body: bytes
    client_port: int


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class StubServer:
    """Answers (method, path) with the replies queued for it (the last one repeats)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._replies: dict[tuple[str, str], list[Reply]] = {}
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so that pool reuse is visible

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _read_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks: list[bytes] = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return b"".join(chunks)
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                recorded = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=parse_qsl(parts.query, keep_blank_values=True),
                    headers=self.headers,
                    body=self._read_body(),
                    client_port=self.client_address[1],
                )
                reply = stub._record(recorded)
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                view = memoryview(reply.body)
                for start in range(0, len(view), 1 << 16):
                    self.wfile.write(view[start : start + (1 << 16)])

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self._server = QuietHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def reply(
        self,
        method: str,
        path: str,
        status: int = 200,
        *,
        json_body: Any = None,
        body: bytes = b"",
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        then: list[Reply] | None = None,
    ) -> None:
        all_headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = content_type or "application/json"
        elif content_type:
            all_headers["Content-Type"] = content_type
        replies = [Reply(status, body, all_headers, delay), *(then or [])]
        with self._lock:
            self._replies[(method, path)] = replies

    def _record(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            replies = self._replies.get((recorded.method, recorded.path))
            if not replies:
                return Reply(404, b'{"title":"no stub"}', {"Content-Type": "application/json"})
            return replies.pop(0) if len(replies) > 1 else replies[0]

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def stub() -> Iterator[StubServer]:
    server = StubServer()
    yield server
    server.close()


@pytest.fixture
def client(stub: StubServer) -> Iterator[Client]:
    with Client(stub.url, token="s3cret-token", timeout=5.0) as api:
        yield api


# ---------------------------------------------------------------------------- sample data
def project_json(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": 7,
        "version": 1,
        "name": "Street scenes",
        "description": "Cars and people",
        "type": "detection",
        "status": "active",
        "labels": [
            {"id": 1, "version": 1, "project": 7, "name": "car", "color": "#ff0000", "kind": "bbox"}
        ],
        "owner": {"id": 3, "username": "alice"},
        "workspace": {"id": 2, "slug": "team", "name": "Team"},
        "created_at": "2024-01-02T03:04:05+00:00",
        "updated_at": "2024-01-03T03:04:05.250000+00:00",
        "statistics": {"tasks": 1, "jobs": 2, "assets": 3, "annotated_assets": 1, "annotations": 9},
    }
    data.update(changes)
    return data


def page_json(results: list[Any] | None = None) -> dict[str, Any]:
    results = results or []
    return {"count": len(results), "next": None, "previous": None, "results": results}


def problem_json(status: int, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}


# ------------------------------------------------------------------------ query and bodies
def test_query_repeats_list_keys_and_writes_booleans_lowercase(
    stub: StubServer, client: Client
) -> None:
    stub.reply("GET", "/api/projects", json_body=page_json([project_json()]))
    page = projects_list.sync(
        client=client,
        status=[ProjectStatus.ACTIVE, ProjectStatus.ARCHIVED],
        search="a b&c",
        page=2,
    )
    assert len(stub.requests) == 1  # one HTTP request per call
    assert stub.last.query == [
        ("page", "2"),
        ("page_size", "100"),
        ("search", "a b&c"),
        ("status", "active"),
        ("status", "archived"),
    ]
    assert page.count == 1
    assert page.results[0].status is ProjectStatus.ACTIVE

    stub.reply("GET", "/api/workspaces", json_body=page_json())
    workspaces_list.sync(client=client, is_personal=True, page=UNSET, page_size=UNSET)
    assert stub.last.query == [("is_personal", "true")]
    workspaces_list.sync(client=client, is_personal=False, page=UNSET, page_size=UNSET)
    assert stub.last.query == [("is_personal", "false")]


def test_request_query_skips_none_and_unset(stub: StubServer, client: Client) -> None:
    stub.reply("GET", "/q", body=b"ok")
    client.request(
        "get", "/q", params={"ids": [1, 2], "a": None, "b": UNSET, "flag": False, "s": "x/y"}
    )
    assert stub.last.query == [("ids", "1"), ("ids", "2"), ("flag", "false"), ("s", "x/y")]


def test_json_body_from_model_is_compact_and_typed(stub: StubServer, client: Client) -> None:
    stub.reply("POST", "/api/projects", 201, json_body=project_json(), headers={"ETag": '"v1"'})
    body = ProjectCreateRequest(
        name="Street scenes", type_=ProjectType.DETECTION, labels=[LabelCreateRequest(name="car")]
    )
    response = projects_create.sync_detailed(client=client, body=body, x_workspace="team")
    sent = stub.last
    assert sent.method == "POST"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.body == b'{"name":"Street scenes","type":"detection","labels":[{"name":"car"}]}'
    assert sent.headers["X-Workspace"] == "team"
    assert response.status_code == 201
    assert response.headers["etag"] == '"v1"'  # case-insensitive
    assert isinstance(response.parsed, Project)
    assert response.parsed.owner.username == "alice"


def test_json_body_from_typed_dict(stub: StubServer, client: Client) -> None:
    stub.reply("POST", "/api/projects", 201, json_body=project_json())
    body: ProjectCreateRequestDict = {
        "name": "P",
        "type": "segmentation",
        "labels": [{"name": "x"}],
    }
    projects_create.sync(client=client, body=body)
    assert json.loads(stub.last.body) == body


def test_patch_sends_if_match_and_optional_fields_only(stub: StubServer, client: Client) -> None:
    stub.reply("PATCH", "/api/projects/7", json_body=project_json(name="New"))
    project = projects_partial_update.sync(
        7, client=client, body=PatchedProjectRequest(name="New"), if_match='"v1"'
    )
    assert stub.last.headers["If-Match"] == '"v1"'
    assert json.loads(stub.last.body) == {"name": "New"}
    assert project.name == "New"


def test_delete_204_returns_none(stub: StubServer, client: Client) -> None:
    stub.reply("DELETE", "/api/projects/7", 204)
    projects_destroy.sync(7, client=client)
    detailed = projects_destroy.sync_detailed(7, client=client)
    assert detailed.status_code == 204
    assert detailed.parsed is None


def _multipart_parts(recorded: Recorded) -> list[Message]:
    head = f"Content-Type: {recorded.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + recorded.body)
    assert message.is_multipart()
    return list(message.iter_parts())


def test_multipart_several_files_under_one_field(stub: StubServer, client: Client) -> None:
    stub.reply("POST", "/upload", 202, json_body={"rq_id": "1"})
    payload = bytes(range(256)) * 40
    files = [
        ("client_files", File(b"first file", "a.txt", "text/plain").to_tuple()),
        ("client_files", File(io.BytesIO(payload), "b.bin").to_tuple()),
        ("note", (None, b"hello", "text/plain")),
        ("meta", (None, b'{"k":1}', "application/json")),
    ]
    client.request("POST", "/upload", files=files, data={"use_cache": True})
    first = stub.last
    content_type = first.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert "+++" not in content_type

    parts = _multipart_parts(first)
    summary = [
        (part.get_param("name", header="content-disposition"), part.get_filename())
        for part in parts
    ]
    assert summary == [
        ("use_cache", None),
        ("client_files", "a.txt"),
        ("client_files", "b.bin"),
        ("note", None),
        ("meta", None),
    ]
    assert parts[0].get_payload(decode=True) == b"true"
    assert parts[1].get_payload(decode=True) == b"first file"
    assert parts[2].get_payload(decode=True) == payload
    assert parts[2].get_content_type() == "application/octet-stream"
    assert parts[3].get_payload(decode=True) == b"hello"
    assert parts[4].get_content_type() == "application/json"

    client.request("POST", "/upload", files=files[:1])
    assert stub.last.headers["Content-Type"] != content_type  # a fresh random boundary


class _ReadOnlyStream(io.RawIOBase):
    """A stream that cannot seek (like a pipe): its length is only known once read."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_multipart_streams_file_objects_with_an_exact_length(
    stub: StubServer, tmp_path: Path
) -> None:
    stub.reply("POST", "/upload", 201, json_body={})
    path = tmp_path / "big.bin"
    content = os.urandom(3 * 1024 * 1024 + 17)
    path.write_bytes(content)
    positions: list[int] = []
    with path.open("rb") as stream:
        # The hook runs after encoding and before sending: the file must not be read yet.
        client = Client(stub.url, on_request=lambda _c, _r: positions.append(stream.tell()))
        files = [
            ("files", File(stream, "big.bin").to_tuple()),
            ("files", File(_ReadOnlyStream(b"piped bytes"), "pipe.bin").to_tuple()),  # type: ignore[arg-type]
        ]
        client.request("POST", "/upload", files=files, data={"format": "coco"})
    recorded = stub.last
    assert positions == [0]
    assert "chunked" not in recorded.headers.get("Transfer-Encoding", "")
    assert int(recorded.headers["Content-Length"]) == len(recorded.body)
    parts = _multipart_parts(recorded)
    assert [part.get_filename() for part in parts] == [None, "big.bin", "pipe.bin"]
    assert parts[0].get_payload(decode=True) == b"coco"
    assert parts[1].get_payload(decode=True) == content
    assert parts[2].get_payload(decode=True) == b"piped bytes"


def test_multipart_body_reads_in_blocks() -> None:
    from annota_api.client import MultipartBody, encode_multipart

    body, _ = encode_multipart([("f", ("a.bin", io.BytesIO(b"x" * 10_000), None))])
    assert isinstance(body, MultipartBody)
    expected = len(body)
    blocks = []
    while block := body.read(4096):
        assert len(block) <= 4096
        blocks.append(block)
    assert sum(map(len, blocks)) == expected
    assert b"x" * 10_000 in b"".join(blocks)
    only_bytes, _ = encode_multipart([("f", ("a.txt", b"abc", "text/plain"))])
    assert isinstance(only_bytes, bytes)


def test_file_name_defaults_to_the_open_files_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"jpeg")
    with path.open("rb") as handle:
        name, payload, mime = File(handle).to_tuple()[:3]
        assert (name, mime) == ("photo.jpg", "application/octet-stream")
        assert payload is handle


def test_raw_content_bodies(stub: StubServer, client: Client) -> None:
    stub.reply("PUT", "/raw", 204)
    data = os.urandom(100_000)
    client.request(
        "PUT", "/raw", content=data, headers={"Content-Type": "application/octet-stream"}
    )
    assert stub.last.body == data
    assert stub.last.headers["Content-Type"] == "application/octet-stream"
    client.request("PUT", "/raw", content=io.BytesIO(data))  # a file object is streamed
    assert stub.last.body == data


# ---------------------------------------------------------------------------- downloads
def test_streamed_download_reads_in_chunks_without_holding_the_body(
    stub: StubServer, client: Client
) -> None:
    size = 16 * 1024 * 1024
    blob = os.urandom(size)
    stub.reply("GET", "/blob", body=blob, content_type="application/octet-stream")
    digest = hashlib.sha256()
    chunk_size = 256 * 1024
    largest = total = 0
    tracemalloc.start()
    try:
        with client.request("GET", "/blob", stream=True) as response:
            assert response.status_code == 200
            assert int(response.headers["Content-Length"]) == size
            for chunk in response.iter_content(chunk_size):
                digest.update(chunk)
                total += len(chunk)
                largest = max(largest, len(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == size
    assert largest <= chunk_size
    assert digest.digest() == hashlib.sha256(blob).digest()
    assert peak < 4 * 1024 * 1024, f"streaming held {peak} bytes"

    # The connection went back to the pool: the next request reuses it.
    stub.reply("GET", "/small", body=b"x")
    client.request("GET", "/small")
    assert stub.requests[-1].client_port == stub.requests[-2].client_port


def test_streamed_download_released_early_keeps_the_client_usable(
    stub: StubServer, client: Client
) -> None:
    stub.reply("GET", "/blob", body=os.urandom(4 * 1024 * 1024))
    with client.request("GET", "/blob", stream=True) as response:
        first = next(response.iter_content(1024))
        assert len(first) == 1024
    stub.reply("GET", "/small", body=b"small")
    assert client.request("GET", "/small").content == b"small"


def test_streamed_error_response_still_raises(stub: StubServer, client: Client) -> None:
    stub.reply("GET", "/blob", 404, json_body=problem_json(404, "Not Found", "no blob"))
    with pytest.raises(errors.ApiError) as caught:
        client.request("GET", "/blob", stream=True)
    assert caught.value.detail == "no blob"


# ------------------------------------------------------------------------------- headers
def test_token_workspace_user_agent_and_extra_headers(stub: StubServer) -> None:
    stub.reply("GET", "/api/projects/7", json_body=project_json())
    api = Client(
        stub.url,
        token="s3cret-token",
        workspace="team",
        user_agent="annota-tests/1",
        headers={"X-Extra": "1"},
    )
    with api:
        projects_retrieve.sync(7, client=api)
        sent = stub.last.headers
        assert sent["Authorization"] == "Bearer s3cret-token"
        assert sent["X-Workspace"] == "team"
        assert sent["User-Agent"] == "annota-tests/1"
        assert sent["X-Extra"] == "1"

        # The operation's header parameter wins over the client's, and is sent once.
        projects_retrieve.sync(7, client=api, x_workspace="other", extra_headers={"x-extra": "2"})
        sent = stub.last.headers
        assert sent.get_all("X-Workspace") == ["other"]
        assert sent.get_all("X-Extra") == ["2"]

        assert "s3cret" not in repr(api)
        assert api.token == "s3cret-token"

    anonymous = Client(stub.url)
    anonymous.request("GET", "/api/projects/7")
    assert "Authorization" not in stub.last.headers
    assert "X-Workspace" not in stub.last.headers
    assert stub.last.headers["User-Agent"].startswith("annota_api/")


# -------------------------------------------------------------------------------- errors
def test_problem_json_becomes_api_error(stub: StubServer, client: Client) -> None:
    problem = problem_json(
        400,
        "Bad Request",
        "2 fields are invalid",
        errors=[
            {"field": "name", "message": "too long"},
            {"field": "labels.0.color", "message": "not a color"},
        ],
    )
    stub.reply(
        "POST", "/api/projects", 400, json_body=problem, content_type="application/problem+json"
    )
    with pytest.raises(errors.ApiError) as caught:
        projects_create.sync(client=client, body={"name": "x" * 300, "type": "detection"})
    error = caught.value
    assert error.status == 400
    assert error.title == "Bad Request"
    assert error.detail == "2 fields are invalid"
    assert error.problem == problem
    assert error.problem is not None
    assert [item["field"] for item in error.problem["errors"]] == ["name", "labels.0.color"]
    assert error.headers["content-type"] == "application/problem+json"
    assert error.method == "POST"
    assert error.url == f"{stub.url}/api/projects"
    assert "Bad Request: 2 fields are invalid" in str(error)

    # sync_detailed raises the same way.
    stub.reply("GET", "/api/projects/9", 404, json_body=problem_json(404, "Not Found", "no 9"))
    with pytest.raises(errors.ApiError) as caught:
        projects_retrieve.sync_detailed(9, client=client)
    assert (caught.value.status, caught.value.title) == (404, "Not Found")


def test_non_json_and_non_standard_statuses(stub: StubServer, client: Client) -> None:
    stub.reply("GET", "/html", 502, body=b"<h1>Bad gateway</h1>", content_type="text/html")
    with pytest.raises(errors.ApiError) as caught:
        client.request("GET", "/html")
    assert caught.value.status == 502
    assert caught.value.problem is None
    assert "502" in str(caught.value)

    stub.reply("GET", "/odd", 599, body=b"odd")
    with pytest.raises(errors.ApiError) as caught:
        client.request("GET", "/odd")
    assert caught.value.status == 599

    stub.reply("GET", "/odd2", 299, body=b"odd")
    assert client.request("GET", "/odd2").status_code == 299
    assert client.request("GET", "/html", raise_for_status=False).status_code == 502


def test_undocumented_success_status_raises_unexpected_status(
    stub: StubServer, client: Client
) -> None:
    stub.reply("GET", "/api/projects/7", 202, json_body={"queued": True})
    with pytest.raises(errors.UnexpectedStatus) as caught:
        projects_retrieve.sync(7, client=client)
    assert caught.value.status == 202


def test_exception_factory_replaces_every_exception(stub: StubServer) -> None:
    seen: list[errors.Error] = []

    class Mine(Exception):
        pass

    def factory(default: errors.Error) -> BaseException:
        seen.append(default)
        return Mine(str(default))

    stub.reply("GET", "/api/projects/7", 404, json_body=problem_json(404, "Not Found", "gone"))
    api = Client(stub.url, exception_factory=factory, timeout=2.0)
    with pytest.raises(Mine):
        projects_retrieve.sync(7, client=api)
    assert isinstance(seen[-1], errors.ApiError)

    stub.reply("GET", "/api/projects/8", 202, json_body={})
    with pytest.raises(Mine):
        projects_retrieve.sync(8, client=api)
    assert isinstance(seen[-1], errors.UnexpectedStatus)

    dead = api.with_options(base_url=f"http://127.0.0.1:{_closed_port()}")
    with pytest.raises(Mine):
        dead.request("GET", "/")
    assert isinstance(seen[-1], errors.TransportError)


# --------------------------------------------------------------------------------- models
def test_unknown_fields_are_kept_and_written_back(stub: StubServer, client: Client) -> None:
    data = project_json(
        status="paused",  # a state this client does not know
        new_field={"nested": [1, 2]},
        owner={"id": 3, "username": "alice", "avatar": "a.png"},
    )
    stub.reply("GET", "/api/projects/7", json_body=data, headers={"ETag": '"v3"'})
    response = projects_retrieve.sync_detailed(7, client=client)
    project = response.parsed
    assert response.headers["ETag"] == '"v3"'
    assert project.additional_properties == {"new_field": {"nested": [1, 2]}}
    assert project.owner.additional_properties == {"avatar": "a.png"}
    assert project.status == "paused"
    assert isinstance(project.status, ProjectStatus)
    assert project.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert project.to_dict() == data
    assert Project.from_dict(project_json()).additional_properties == {}


def test_optional_fields_missing_are_unset() -> None:
    body = PatchedProjectRequest.from_dict({})
    assert body.name is UNSET
    assert body.labels is UNSET
    assert not body.name
    assert body.to_dict() == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-02T03:04:05Z", datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)),
        (
            "2024-01-02T03:04:05.123456+02:00",
            datetime.datetime(
                2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
        ),
        (
            "2024-01-02T03:04:05.123456789+00:00",
            datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.UTC),
        ),
        ("20240102T030405Z", datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)),
        ("2024-01-02T03:04:05", datetime.datetime(2024, 1, 2, 3, 4, 5)),
    ],
)
def test_datetime_parsing(text: str, expected: datetime.datetime) -> None:
    assert parse_datetime(text) == expected
    assert Project.from_dict(project_json(created_at=text)).created_at == expected


def test_datetime_forms_only_dateutil_reads() -> None:
    text = "2024-01-02T24:00:00Z"  # hour 24: fromisoformat refuses it
    with pytest.raises(ValueError, match="hour must be in 0..23"):
        datetime.datetime.fromisoformat(text)
    expected = datetime.datetime(2024, 1, 3, tzinfo=datetime.UTC)
    assert parse_datetime(text) == expected
    assert Project.from_dict(project_json(updated_at=text)).updated_at == expected
    # dateutil's message quotes the part of the input it could not read.
    with pytest.raises(ValueError, match="not "):
        parse_datetime("not a date")


# ------------------------------------------------------------------- transport failures
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_read_timeout_raises_request_timeout(stub: StubServer) -> None:
    stub.reply("GET", "/slow", body=b"late", delay=2.0)
    api = Client(stub.url, timeout=0.3)
    # The reply comes after 2 s: raising at all proves the 0.3 s read timeout (how soon it
    # raised depends on the machine and is not asserted).
    with pytest.raises(errors.RequestTimeout) as caught:
        api.request("GET", "/slow")
    assert isinstance(caught.value, errors.TransportError)
    assert caught.value.__cause__ is caught.value.cause

    # A per-call timeout overrides the client's.
    patient = Client(stub.url, timeout=Timeout(connect=5, read=30))
    with pytest.raises(errors.RequestTimeout):
        patient.request("GET", "/slow", timeout=0.3)


def test_connection_refused_raises_transport_error() -> None:
    api = Client(f"http://127.0.0.1:{_closed_port()}")
    with pytest.raises(errors.TransportError) as caught:
        projects_retrieve.sync(1, client=api)
    assert not isinstance(caught.value, errors.RequestTimeout)
    assert "cannot connect" in str(caught.value)
    assert caught.value.cause is not None


def test_retry_policy_is_used_and_exhaustion_is_a_transport_error(stub: StubServer) -> None:
    busy = Reply(503, b"busy", {})
    stub.reply("GET", "/flaky", 503, body=b"busy", then=[busy, Reply(200, b"ok", {})])
    api = Client(stub.url, retries=Retry(total=3, status_forcelist=[503], backoff_factor=0))
    assert api.request("GET", "/flaky").content == b"ok"
    assert len(stub.requests) == 3

    stub.reply("GET", "/down", 503, body=b"busy")
    strict = api.with_options(retries=Retry(total=1, status_forcelist=[503], backoff_factor=0))
    with pytest.raises(errors.TransportError, match="too many retries"):
        strict.request("GET", "/down")
    lenient = api.with_options(
        retries=Retry(total=1, status_forcelist=[503], backoff_factor=0, raise_on_status=False)
    )
    with pytest.raises(errors.ApiError) as caught:
        lenient.request("GET", "/down")
    assert caught.value.status == 503

    stub.requests.clear()
    with pytest.raises(errors.ApiError):
        Client(stub.url).request("GET", "/down")  # default: no retries at all
    assert len(stub.requests) == 1


def test_proxy_url_sends_requests_through_the_proxy(stub: StubServer) -> None:
    stub.reply("GET", "/api/projects/7", json_body=project_json())
    api = Client("http://annota.invalid", proxy_url=stub.url, proxy_headers={"X-Proxy": "p"})
    project = projects_retrieve.sync(7, client=api)  # the stub plays the proxy
    assert project.id == 7
    assert stub.last.headers["Host"] == "annota.invalid"
    assert stub.last.headers["X-Proxy"] == "p"


def test_tls_verification_is_on_by_default(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("unused")
    checked = Client("https://annota.example", ca_cert=str(bundle))
    settings = checked.pool.connection_pool_kw
    assert settings["cert_reqs"] == "CERT_REQUIRED"
    assert settings["ca_certs"] == str(bundle)
    unchecked = checked.with_options(verify_ssl=False)
    assert unchecked.pool is not checked.pool
    assert unchecked.pool.connection_pool_kw["cert_reqs"] == "CERT_NONE"


# ------------------------------------------------------------------ copies, hooks, threads
def test_with_options_shares_the_pool(stub: StubServer, client: Client) -> None:
    stub.reply("GET", "/x", body=b"x")
    other = client.with_options(workspace="elsewhere", token="t2", timeout=3.0)
    assert other.pool is client.pool
    assert client.workspace is None
    assert other.workspace == "elsewhere"
    client.request("GET", "/x")
    other.request("GET", "/x")
    first, second = stub.requests[-2:]
    assert first.client_port == second.client_port  # the same kept-alive connection
    assert second.headers["Authorization"] == "Bearer t2"
    assert second.headers["X-Workspace"] == "elsewhere"
    assert first.headers["Authorization"] == "Bearer s3cret-token"

    assert client.with_options(headers={"X-A": "1"}).pool is client.pool
    assert client.with_options(pool_maxsize=3).pool is not client.pool
    client.with_options(token=None).request("GET", "/x")
    assert "Authorization" not in stub.last.headers


def test_on_request_hook_sees_and_may_extend_each_request(stub: StubServer, client: Client) -> None:
    seen: list[tuple[Client, str, str]] = []

    def hook(api: Client, request: PreparedRequest) -> None:
        seen.append((api, request.method, request.url))
        request.headers["X-Request-Id"] = str(len(seen))
        assert "s3cret" not in repr(request)

    hooked = client.with_options(on_request=hook)
    stub.reply("GET", "/api/projects/7", json_body=project_json())
    projects_retrieve.sync(7, client=hooked)
    assert seen == [(hooked, "GET", f"{stub.url}/api/projects/7")]
    assert stub.last.headers["X-Request-Id"] == "1"

    projects_retrieve.sync(7, client=hooked.with_options(on_request=None))
    assert len(seen) == 1


def test_one_client_serves_many_threads(stub: StubServer) -> None:
    stub.reply("GET", "/api/projects/7", json_body=project_json())
    api = Client(stub.url, pool_maxsize=4)
    failures: list[BaseException] = []

    def work(index: int) -> None:
        scoped = api.with_options(workspace=f"ws{index}")
        try:
            for _ in range(10):
                project = projects_retrieve.sync(7, client=scoped)
                assert project.id == 7
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(stub.requests) == 80
    by_workspace: dict[str, int] = {}
    for request in stub.requests:
        by_workspace[request.headers["X-Workspace"]] = (
            by_workspace.get(request.headers["X-Workspace"], 0) + 1
        )
    assert by_workspace == {f"ws{index}": 10 for index in range(8)}
    assert len({request.client_port for request in stub.requests}) <= 8


# --------------------------------------------------------------------- package properties
def test_fresh_import_loads_no_httpx_attrs_or_pydantic() -> None:
    code = (
        "import sys\n"
        "import annota_api, annota_api.models, annota_api.api.projects.projects_list\n"
        "from annota_api.models import Project\n"
        "lazy = 'urllib3' not in sys.modules\n"
        "annota_api.Client('http://127.0.0.1:9')\n"
        "top = {name.split('.')[0] for name in sys.modules}\n"
        "bad = sorted(top & {'httpx', 'attrs', 'attr', 'pydantic'})\n"
        "print(bad, lazy)\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(GEN_DIR), *filter(None, [env.get("PYTHONPATH", "")])])
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split("\n")[0] == "[] True", result.stdout + result.stderr


def test_every_operation_has_its_module() -> None:
    import yaml  # type: ignore[import-untyped]

    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    expected = []
    for path_item in spec["paths"].values():
        for method, operation in path_item.items():
            if method in methods:
                tag = (operation.get("tags") or ["default"])[0]
                expected.append((tag, operation["operationId"]))
    assert expected, "openapi.yaml has no operations"
    package_dir = Path(annota_api.__file__).parent
    missing = [
        f"api/{tag}/{operation_id}.py"
        for tag, operation_id in expected
        if not (package_dir / "api" / tag / f"{operation_id}.py").is_file()
    ]
    assert missing == []
    import importlib

    for tag, operation_id in expected:
        module = importlib.import_module(f"annota_api.api.{tag}.{operation_id}")
        assert callable(module.sync)
        assert callable(module.sync_detailed)


def test_request_models_have_typed_dicts() -> None:
    import annota_api.models as models

    request_models = [name for name in models.__all__ if name.endswith("Request")]
    assert request_models
    for name in request_models:
        assert f"{name}Dict" in models.__all__
        typed_dict = getattr(models, f"{name}Dict")
        assert isinstance(typed_dict, type)
        assert issubclass(typed_dict, dict)
    assert ProjectCreateRequestDict.__required_keys__ == frozenset({"name", "type"})
