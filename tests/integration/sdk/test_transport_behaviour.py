"""Retries, timeouts, connection errors, the version check and forward compatibility.

These run against a stub HTTP server (``stub``) that answers exactly what each test tells it to;
they need no database, so they run once.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import urllib3.util.retry
from support import free_port

import annota
from annota import errors, transfer

from .helpers import ABOUT, Reply, StubServer, problem, project_json

PROJECT = "/api/projects/1"
PROJECTS = "/api/projects"


def unavailable(retry_after: str | None = "0") -> Reply:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Reply(503, problem(503, "Service Unavailable"), headers)


# ---------------------------------------------------------------------------------- retries
def test_idempotent_request_is_retried_after_503(
    stub: StubServer, stub_client: annota.Client
) -> None:
    stub.on("GET", PROJECT, unavailable(), unavailable(), Reply(200, project_json(1)))
    project = stub_client.projects.retrieve(1)
    assert (project.id, project.name) == (1, "stub-project-1")
    assert stub.count("GET", PROJECT) == 3


def _keys(stub: StubServer, method: str) -> list[str | None]:
    return [
        {k.lower(): v for k, v in headers.items()}.get("idempotency-key")
        for (m, _), headers in zip(stub.requests, stub.request_headers, strict=True)
        if m == method
    ]


def test_post_is_retried_with_one_idempotency_key(
    stub: StubServer, stub_client: annota.Client
) -> None:
    stub.on("POST", PROJECTS, unavailable(), Reply(201, project_json(1)))
    stub_client.projects.create({"name": "x", "type": "detection"})
    keys = _keys(stub, "POST")
    assert len(keys) == 2
    assert keys[0] is not None
    assert keys[0] == keys[1]  # one call: the server runs it once


def test_patch_is_retried_with_one_idempotency_key_and_calls_get_new_keys(
    stub: StubServer, stub_client: annota.Client
) -> None:
    stub.on("GET", PROJECT, Reply(200, project_json(1), {"ETag": '"1-1"'}))
    stub.on(
        "PATCH",
        PROJECT,
        Reply(502, problem(502, "Bad Gateway")),
        Reply(200, project_json(1)),
        Reply(200, project_json(1)),
    )
    project = stub_client.projects.retrieve(1)
    project.update(name="y")
    project.update(name="z")
    first, retry, second = _keys(stub, "PATCH")
    assert first == retry
    assert second not in (None, first)


def test_no_retries_when_configured_off(stub: StubServer) -> None:
    stub.on("GET", PROJECT, unavailable(), Reply(200, project_json(1)))
    with (
        annota.Client(stub.url, config=annota.Config(retries=0)) as client,
        pytest.raises(errors.ServerError) as caught,
    ):
        client.projects.retrieve(1)
    assert caught.value.status == 503
    assert stub.count("GET", PROJECT) == 1


def test_retries_give_up_with_the_last_answer(stub: StubServer) -> None:
    stub.on("GET", PROJECT, unavailable())
    config = annota.Config(retries=2, backoff_factor=0.01)
    with (
        annota.Client(stub.url, config=config) as client,
        pytest.raises(errors.ServerError) as caught,
    ):
        client.projects.retrieve(1)
    assert caught.value.status == 503
    assert stub.count("GET", PROJECT) == 3


def test_rate_limit_retry_after_is_honoured(
    stub: StubServer, stub_client: annota.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", slept.append)
    stub.on(
        "GET",
        PROJECT,
        Reply(429, problem(429, "Too Many Requests"), {"Retry-After": "2"}),
        Reply(200, project_json(1)),
    )
    assert stub_client.projects.retrieve(1).id == 1
    assert stub.count("GET", PROJECT) == 2
    assert slept == [2.0], "the wait that Retry-After asked for"


def test_a_wait_longer_than_backoff_max_is_not_retried(
    stub: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A login lockout asks for an hour: waiting backoff_max and asking again cannot help, so
    # the answer is the result at once, its error carrying how long to wait.
    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", slept.append)
    stub.on("GET", PROJECT, Reply(429, problem(429, "Too Many Requests"), {"Retry-After": "3600"}))
    with (
        annota.Client(stub.url, config=annota.Config(retries=3, backoff_max=30)) as client,
        pytest.raises(errors.RateLimitError) as caught,
    ):
        client.projects.retrieve(1)
    assert caught.value.retry_after == 3600.0
    assert stub.count("GET", PROJECT) == 1
    assert slept == []


def test_rate_limit_error_when_retries_run_out(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(429, problem(429, "Too Many Requests"), {"Retry-After": "7"}))
    with (
        annota.Client(stub.url, config=annota.Config(retries=0)) as client,
        pytest.raises(errors.RateLimitError) as caught,
    ):
        client.projects.retrieve(1)
    assert caught.value.retry_after == 7.0


# ---------------------------------------------------------------------------------- 5xx
def test_server_errors(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(500, problem(500, "Internal Server Error")))
    stub.on("GET", "/api/projects/2", Reply(500, b"<html>oops</html>"))
    with annota.Client(stub.url, config=annota.Config(retries=0)) as client:
        with pytest.raises(errors.ServerError) as caught:
            client.projects.retrieve(1)
        assert caught.value.status == 500
        assert caught.value.title == "Internal Server Error"
        with pytest.raises(errors.ServerError) as caught:
            client.projects.retrieve(2)
        assert caught.value.status == 500
        assert "oops" in caught.value.detail


# ---------------------------------------------------------------------------------- transport
def test_connection_refused() -> None:
    port = free_port()
    with pytest.raises(errors.APIConnectionError) as caught:
        annota.make_client("127.0.0.1", port=port)
    assert not isinstance(caught.value, errors.APITimeoutError)
    config = annota.Config(retries=1, backoff_factor=0.01)
    with (
        annota.Client(f"http://127.0.0.1:{port}", config=config) as client,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        client.projects.retrieve(1)
    assert not isinstance(caught.value, errors.APITimeoutError)


def test_timeout(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(hang=True))
    with (
        annota.Client(stub.url, config=annota.Config(timeout=0.5, retries=0)) as client,
        pytest.raises(errors.APITimeoutError),
    ):
        client.projects.retrieve(1)
    assert stub.count("GET", PROJECT) == 1


def test_with_options_timeout(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(hang=True))
    with (
        annota.Client(stub.url, config=annota.Config(retries=0)) as client,
        pytest.raises(errors.APITimeoutError),
    ):
        client.with_options(timeout=0.3).projects.retrieve(1)


# ---------------------------------------------------------------------------------- versions
def test_constructing_a_client_sends_nothing(stub: StubServer) -> None:
    annota.Client(stub.url).close()
    assert stub.requests == []


def test_newer_minor_version_warns_on_the_first_request(stub: StubServer) -> None:
    stub.about["api_version"] = "1.5"
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = annota.Client(stub.url)
    with pytest.warns(UserWarning, match="1.5"):
        client.projects.retrieve(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.projects.retrieve(1)  # warned once
    client.close()
    assert stub.count("GET", ABOUT) == 1


def test_other_major_version_is_refused(stub: StubServer) -> None:
    stub.about["api_version"] = "2.0"
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    with (
        annota.Client(stub.url) as client,
        pytest.raises(errors.IncompatibleServerError, match="2.0"),
    ):
        client.projects.retrieve(1)
    assert stub.count("GET", PROJECT) == 0, "nothing is sent to an incompatible server"
    with pytest.raises(errors.IncompatibleServerError):
        annota.make_client(stub.url)


def test_other_major_version_allowed_only_warns(stub: StubServer) -> None:
    stub.about["api_version"] = "2.0"
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    config = annota.Config(allow_unsupported_server=True)
    with annota.Client(stub.url, config=config) as client, pytest.warns(UserWarning, match="2.0"):
        assert client.projects.retrieve(1).id == 1
    assert stub.count("GET", PROJECT) == 1


def test_same_version_is_silent_and_checked_once(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with annota.Client(stub.url) as client:
            client.projects.retrieve(1)
            client.with_workspace("elsewhere").projects.retrieve(1)
            client.with_options(timeout=5).projects.retrieve(1)
            with client.workspace_context("another"):  # a slug: nothing to look up
                client.projects.retrieve(1)
            assert client.server_about().api_version == annota.API_VERSION
    assert stub.count("GET", ABOUT) == 1
    assert stub.count("GET", PROJECT) == 4


def test_make_client_checks_the_version_once(stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(200, project_json(1)))
    with annota.make_client(stub.url) as client:
        client.projects.retrieve(1)
    assert stub.count("GET", ABOUT) == 1


# ---------------------------------------------------------------------------------- forward compat
def test_unknown_fields_and_values_are_kept(stub: StubServer, stub_client: annota.Client) -> None:
    document = project_json(
        1,
        status="frozen",
        sla_hours=4,
        reviewers=[{"id": 2}],
        labels=[
            {
                "id": 1,
                "version": 1,
                "project": 1,
                "name": "cat",
                "color": "#ff0000",
                "kind": "cuboid",
                "icon": "paw",
            }
        ],
    )
    stub.on("GET", PROJECT, Reply(200, document, {"ETag": '"1-9"'}))
    project = stub_client.projects.retrieve(1)
    assert (project.id, project.name, project.etag) == (1, "stub-project-1", '"1-9"')
    assert project.status == "frozen"
    assert repr(project) == "<Project id=1 name='stub-project-1'>"
    assert project.to_dict() == document
    assert project.labels[0].kind == "cuboid"


# ---------------------------------------------------------------------------------- downloads
def _asset_document(data: bytes) -> dict[str, object]:
    import hashlib

    return {
        "id": 1, "version": 1, "task": 1, "job": 1, "project": 1, "name": "big.bin",
        "media_type": "image/png", "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(), "width": 1, "height": 1,
        "position": 0, "created_at": "2026-12-01T00:00:00Z",
    }  # fmt: skip


def test_a_download_cut_mid_way_resumes_with_a_range(
    stub: StubServer, stub_client: annota.Client, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB
    cut = 2 * transfer._CHUNK  # the SDK keeps whole chunks; a broken one is asked for again
    content = "/api/assets/1/content"
    stub.on("GET", "/api/assets/1", Reply(200, _asset_document(data)))
    stub.on(
        "GET",
        content,
        Reply(200, data, cut_after=cut + 1000),
        Reply(206, data[cut:], {"Content-Range": f"bytes {cut}-{len(data) - 1}/{len(data)}"}),
    )
    asset = stub_client.assets.retrieve(1)
    saved = asset.download(tmp_path)
    assert saved.read_bytes() == data
    assert [h.get("Range") for h in stub.request_headers[-2:]] == [None, f"bytes={cut}-"]
    assert stub.count("GET", content) == 2


def test_a_download_restarts_when_the_server_ignores_the_range(
    stub: StubServer, stub_client: annota.Client, tmp_path: Path
) -> None:
    data = b"abc" * 100_000
    stub.on("GET", "/api/assets/1", Reply(200, _asset_document(data)))
    stub.on("GET", "/api/assets/1/content", Reply(200, data, cut_after=1000), Reply(200, data))
    saved = stub_client.assets.retrieve(1).download(tmp_path / "copy.bin")
    assert saved.read_bytes() == data


def test_a_download_that_keeps_breaking_fails_and_leaves_nothing(
    stub: StubServer, tmp_path: Path
) -> None:
    data = b"x" * 100_000
    stub.on("GET", "/api/assets/1", Reply(200, _asset_document(data)))
    stub.on("GET", "/api/assets/1/content", Reply(200, data, cut_after=10))
    config = annota.Config(retries=2, backoff_factor=0.01)
    with annota.Client(stub.url, config=config) as client, pytest.raises(errors.APIConnectionError):
        client.assets.retrieve(1).download(tmp_path)
    assert stub.count("GET", "/api/assets/1/content") == 3
    assert list(tmp_path.iterdir()) == []
