"""Operating the server: request ids, JSON log lines and the Prometheus ``/metrics`` scrape."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import urllib3
from support import Http, ServerProcess, create_project, create_task

from .operations_support import (
    finished,
    fresh_database,
    multipart,
    own_server,
    png,
    start_export,
    upload,
)

SAMPLE = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$")


def scrape(server: ServerProcess) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """``/metrics`` as ``{(name, labels): value}``."""
    response = Http(server.url).get("/metrics").expect(200)
    assert response.content_type == "text/plain"
    samples = {}
    for line in response.text.splitlines():
        if not line or line.startswith("#"):
            continue
        found = SAMPLE.match(line)
        assert found, line
        labels = frozenset(re.findall(r'(\w+)="([^"]*)"', found["labels"] or ""))
        samples[(found["name"], labels)] = float(found["value"])
    return samples


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def logged(server: ServerProcess, needle: str, offset: int = 0) -> str:
    """The server's log from ``offset`` once it holds ``needle`` (the line follows the answer)."""
    deadline = time.monotonic() + 10
    while needle not in (text := server.log_since(offset)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return text


# -- request ids: on the session's server ----------------------------------------------------------


def test_every_answer_has_a_request_id(api: Http, server: ServerProcess) -> None:
    first = api.get("/api/server/about").expect(200).headers["X-Request-Id"]
    second = api.get("/api/server/about").expect(200).headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second
    assert "GET /api/server/about 200 " in logged(server, first)


def test_a_sane_incoming_id_is_kept_and_carried_by_the_problem(
    admin_http: Http, server: ServerProcess
) -> None:
    answer = admin_http.get("/api/projects/987654321", headers={"X-Request-Id": "trace-42.a:b"})
    problem = answer.expect(404).problem()
    assert answer.headers["X-Request-Id"] == "trace-42.a:b"
    assert problem["request_id"] == "trace-42.a:b"  # raised inside the handler's thread
    assert re.search(
        r"GET /api/projects/987654321 404 \S+ms trace-42\.a:b", logged(server, "trace-42")
    )


@pytest.mark.parametrize("bad", ["", "has space", "x" * 129, "semi;colon", "ünï"])
def test_an_insane_incoming_id_is_replaced(api: Http, bad: str) -> None:
    answer = api.get(
        "/api/no/such/path", headers={"X-Request-Id": bad.encode("utf-8").decode("latin-1")}
    )
    problem = answer.expect(404).problem()
    assert answer.headers["X-Request-Id"] != bad
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-Id"])
    assert problem["request_id"] == answer.headers["X-Request-Id"]


def test_problems_answered_before_routing_carry_the_id(api: Http) -> None:
    answer = api.get("/api/" + "x" * 2000)
    assert answer.expect(414).problem()["request_id"] == answer.headers["X-Request-Id"]


# -- JSON logs and metrics: servers of their own --------------------------------------------------


def test_json_log_lines_carry_the_request(database_url: str, tmp_path: Path) -> None:
    with own_server(database_url, tmp_path, ANNOTA_LOG_FORMAT="json") as server:
        offset = server.log_size()
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        answer = http.get("/api/projects/424242", headers={"X-Request-Id": "json-1"}).expect(404)
        assert answer.problem()["request_id"] == "json-1"
        text = logged(server, '"json-1"', offset)
    # Whole lines only: another one may be half-written when the log is read.
    lines = [line for line in text.splitlines(keepends=True) if line.endswith("\n")]
    records = [json.loads(line) for line in lines if line.strip()]  # each line one JSON object
    mine = [r for r in records if r.get("request_id") == "json-1"]
    assert len(mine) == 1
    assert mine[0] | {"time": None, "duration_ms": None} == {
        "time": None,
        "level": "INFO",
        "logger": "annota_server",
        "message": mine[0]["message"],
        "request_id": "json-1",
        "method": "GET",
        "path": "/api/projects/424242",
        "status": 404,
        "duration_ms": None,
        "operation": "projects_retrieve",
    }
    assert mine[0]["duration_ms"] >= 0


def test_metrics_are_off_by_default(api: Http) -> None:
    api.get("/metrics").expect(404)


def test_metrics_count_requests_and_operations(database_url: str, tmp_path: Path) -> None:
    env = {"ANNOTA_METRICS": "1", "ANNOTA_OPERATION_WORKERS": "1"}
    with own_server(database_url, tmp_path, **env) as server:
        before = scrape(server)
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        for _ in range(7):
            http.get("/api/server/about").expect(200)
        for n in range(3):
            http.get(f"/api/projects/{900000 + n}").expect(404)
        http.get("/api/does-not-exist").expect(404)
        project = create_project(http, labels=["cat"])
        task = create_task(http, project["id"])
        upload(http, task["id"], [("a.png", png(8, 8))])
        finished(http, start_export(http, project["id"], "coco")["id"])
        http.post("/metrics", json={}).expect(405)
        after = scrape(server)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "annota_http_requests_total"
    assert grew(requests, operation="server_about", method="GET", status="200") == 7
    assert grew(requests, operation="projects_retrieve", method="GET", status="404") == 3
    assert grew(requests, operation="unrouted", method="GET", status="404") == 1
    assert grew(requests, operation="projects_create", method="POST", status="201") == 1
    assert grew(requests, operation="auth_login", method="POST", status="200") == 1
    duration = "annota_http_request_duration_seconds_count"
    assert grew(duration, operation="server_about", method="GET", status="200") == 7
    buckets = [
        (dict(labels), v)
        for (name, labels), v in after.items()
        if name == "annota_http_request_duration_seconds_bucket"
        and ("operation", "server_about") in labels
    ]
    assert max(v for labels, v in buckets if labels["le"] == "+Inf") == 7
    # The scrapes themselves are not counted.
    assert not any(dict(labels).get("path") == "/metrics" for _, labels in after)
    assert (
        value(after, "annota_operation_duration_seconds_count", kind="export", outcome="finished")
        == 1
    )
    assert value(after, "annota_operations", status="queued") == 0
    assert value(after, "annota_operations", status="running") == 0


def test_metrics_count_storage_errors(database_url: str, tmp_path: Path) -> None:
    with own_server(database_url, tmp_path, ANNOTA_METRICS="1") as server:
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        project = create_project(http, labels=["cat"])
        task = create_task(http, project["id"])
        # The storage breaks behind the server's back: its task folder becomes a file.
        folder = tmp_path / "storage" / "assets" / str(project["id"]) / str(task["id"])
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        folder.write_bytes(b"")
        body, content_type = multipart([("files", ("a.png", png(8, 8), "image/png"))])
        answer = http.post(f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type)
        assert answer.status == 500
        assert http.get("/api/assets", params={"task": task["id"]}).expect(200).json()["count"] == 0
        errors = {
            dict(labels)["action"]: v
            for (name, labels), v in scrape(server).items()
            if name == "annota_storage_errors_total"
        }
    assert errors.get("write", 0) >= 1, errors


def test_metrics_sum_every_process(database_url: str, tmp_path: Path) -> None:
    env = {"ANNOTA_METRICS": "1", "ANNOTA_OPERATION_WORKERS": "0"}
    with fresh_database(database_url, tmp_path) as url:
        server = ServerProcess(
            database_url=url, data_dir=tmp_path, extra_env=env, run_args=["--workers", "2"]
        )
        try:
            server.start()
            for _ in range(40):  # a connection each, so that both processes answer some
                pool = urllib3.HTTPConnectionPool(server.host, server.port, maxsize=1)
                assert pool.request("GET", "/api/server/about").status == 200
                pool.close()
            totals = set()
            for _ in range(6):  # whichever process answers the scrape sums both
                pool = urllib3.HTTPConnectionPool(server.host, server.port, maxsize=1)
                answer = pool.request("GET", "/metrics")
                pool.close()
                found = re.search(
                    r'annota_http_requests_total\{method="GET",operation="server_about",'
                    r'status="200"\} (\S+)',
                    answer.data.decode(),
                )
                assert found, answer.data.decode()
                totals.add(float(found[1]))
        finally:
            server.stop()
    assert totals == {40.0}
    assert "with 2 process(es)" in server.log_text()
    assert len(set(re.findall(r"Started server process \[(\d+)\]", server.log_text()))) == 2
