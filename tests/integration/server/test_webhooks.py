"""Webhooks and the event feed, on a server of their own that may post to loopback.

The server has one worker, retries without waiting (``ANNOTA_WEBHOOK_RETRY_BASE_SECONDS=0``)
and a short POST timeout (hence a short claim, for the killed-worker test). A receiver on a
loopback port records what it is sent; each test posts to paths of its own. The SSRF refusals
run on the session's server, whose policy is the default one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import Http, ServerProcess, assert_problem, create_project, create_task
from support.factories import create_workspace, job_of, unique
from support.receiver import Received, Receiver

from .operations_support import finished, own_server, png, set_shapes, start_export, upload


@pytest.fixture(scope="module")
def hook_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with own_server(
        database_url,
        tmp_path_factory.mktemp("webhooks"),
        ANNOTA_OPERATION_WORKERS="1",
        ANNOTA_OPERATION_POLL_SECONDS="0.05",
        ANNOTA_WEBHOOK_ALLOW_PRIVATE="1",
        ANNOTA_WEBHOOK_RETRY_BASE_SECONDS="0",
        ANNOTA_WEBHOOK_TIMEOUT_SECONDS="1",
    ) as process:
        yield process


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    found = Receiver().start()
    yield found
    found.stop()


@pytest.fixture
def http(hook_server: ServerProcess) -> Http:
    client = hook_server.http()
    client.login(hook_server.admin_username, hook_server.admin_password)
    return client


@pytest.fixture
def space(http: Http) -> Http:
    """The admin in a fresh workspace of its own (so its events are only this test's)."""
    return http.in_workspace(create_workspace(http)["slug"])


def _hook(http: Http, url: str, events: list[str] | None = None, **extra: Any) -> Any:
    body = {"url": url, "events": events or ["*"], **extra}
    return http.post("/api/webhooks", json=body).expect(201).json()


def _feed(http: Http, after: str = "0") -> list[Any]:
    found: list[Any] = []
    while True:
        page = http.get("/api/events", params={"after": after, "limit": 7}).expect(200).json()
        if not page["results"]:
            return found
        found += page["results"]
        after = page["next"]


def _delivery(http: Http, hook_id: int, wanted: str) -> Any:
    """Wait until the webhook's delivery of a ping has ``wanted`` status; return it."""
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        listed = http.get(f"/api/webhooks/{hook_id}/deliveries").expect(200).json()["results"]
        if listed and listed[0]["status"] == wanted:
            return listed[0]
        time.sleep(0.05)
    raise AssertionError(f"no delivery of webhook {hook_id} became {wanted}: {listed}")


def test_every_event_kind_arrives_once_signed_and_in_order(space: Http, receiver: Receiver) -> None:
    path = f"/ok/{unique('all')}"
    hook = _hook(space, receiver.url(path))
    secret = hook["secret"]
    assert secret

    project = create_project(space, labels=["cat"])
    space.patch(f"/api/projects/{project['id']}", json={"description": "pets"}).expect(200)
    task = create_task(space, project["id"])
    asset = upload(space, task["id"], [("a.png", png(8, 8))])[0]
    job = job_of(space, task["id"])
    space.patch(f"/api/jobs/{job['id']}", json={"stage": "annotation", "state": "in_progress"})
    space.patch(f"/api/jobs/{job['id']}", json={"stage": "validation", "state": "new"}).expect(200)
    label = project["labels"][0]["id"]
    set_shapes(space, task["id"],
               [{"asset": asset["id"], "label": label, "kind": "tag", "points": []}])  # fmt: skip
    point = {"kind": "point", "points": [2, 3]}
    pin = {"asset": asset["id"], "message": "cut off", "region": point}
    issue = space.post(f"/api/jobs/{job['id']}/issues", json=pin).expect(201).json()
    space.post(f"/api/issues/{issue['id']}/comments", json={"message": "fixed"}).expect(201)
    space.patch(f"/api/issues/{issue['id']}", json={"resolved": True}).expect(200)
    finished(space, start_export(space, project["id"], "annota")["id"])
    space.delete(f"/api/assets/{asset['id']}").expect(204)
    space.delete(f"/api/tasks/{task['id']}").expect(204)
    space.delete(f"/api/projects/{project['id']}").expect(204)

    feed = _feed(space)
    kinds = [event["kind"] for event in feed]
    for wanted in (
        "project.created", "project.updated", "project.deleted", "task.created",
        "task.updated", "task.deleted", "job.created", "job.updated", "job.stage_changed",
        "job.state_changed", "asset.created", "asset.deleted", "annotation.updated",
        "operation.created", "operation.finished", "issue.created", "issue.updated",
        "issue.resolved",
    ):  # fmt: skip
        assert wanted in kinds, (wanted, kinds)
    ids = [event["id"] for event in feed]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)

    got = receiver.wait_for(path, lambda seen: len(seen) >= len(feed))
    assert [item.document for item in got] == feed  # each once, in the feed's order
    assert all(item.signed_with(secret) for item in got)
    assert not any(item.signed_with("another secret, not this one") for item in got)
    assert len({item.delivery_id for item in got}) == len(got)
    assert [item.headers["X-Annota-Event"] for item in got] == kinds
    stage = next(e for e in feed if e["kind"] == "job.stage_changed")
    assert stage["object"]["stage"] == "validation"
    assert stage["changes"] == ["stage"]


def test_a_failing_receiver_gets_the_same_delivery_again(http: Http, receiver: Receiver) -> None:
    path = f"/flaky/{unique('retry')}"
    hook = _hook(http, receiver.url(path))
    queued = http.post(f"/api/webhooks/{hook['id']}/ping").expect(202).json()
    assert queued["status"] == "queued"
    assert queued["kind"] == "ping"
    got = receiver.wait_for(path, lambda seen: len(seen) >= 3)
    assert {item.delivery_id for item in got} == {queued["delivery_id"]}
    done = _delivery(http, hook["id"], "succeeded")
    assert [a["status_code"] for a in done["attempts"]] == [500, 500, 200]
    assert done["attempts"][0]["response"] == "try again"
    assert done["attempts"][2]["response"] == '{"taken": true}'
    assert all(a["error"] == "" for a in done["attempts"])
    assert len(receiver.at(path)) == 3  # nothing more once it succeeded

    again = http.post(f"/api/webhooks/{hook['id']}/deliveries/{done['id']}/redeliver")
    copy = again.expect(202).json()
    assert copy["redelivery_of"] == done["id"]
    assert copy["delivery_id"] != done["delivery_id"]
    assert copy["body"] == done["body"]


def test_a_rolled_back_change_sends_nothing(space: Http, receiver: Receiver) -> None:
    path = f"/ok/{unique('rollback')}"
    _hook(space, receiver.url(path))
    project = create_project(space, labels=["cat"])
    task = create_task(space, project["id"])
    asset = upload(space, task["id"], [("a.png", png(8, 8))])[0]
    before = _feed(space)
    # The annotations' revision is bumped (and its event recorded) before the shapes are
    # checked; the bad shape rolls the whole request back.
    bad = {"asset": asset["id"], "label": 2**31 - 1, "kind": "tag", "points": []}
    assert_problem(space.put(f"/api/tasks/{task['id']}/annotations", json={"shapes": [bad]}), 400)
    space.patch(f"/api/tasks/{task['id']}", json={"name": "after"}).expect(200)
    after = _feed(space, before[-1]["id"] and str(before[-1]["id"]))
    assert [event["kind"] for event in after] == ["task.updated"]
    got = receiver.wait_for(path, lambda seen: len(seen) >= len(before) + 1)
    assert [item.document["kind"] for item in got].count("annotation.updated") == 0
    assert got[-1].document == after[0]


def test_secrets_are_shown_once(http: Http, receiver: Receiver) -> None:
    hook = _hook(http, receiver.url("/ok/secret"), secret="s" * 20)
    assert hook["secret"] == "s" * 20
    assert http.get(f"/api/webhooks/{hook['id']}").expect(200).json()["secret"] is None
    listed = http.list_all("/api/webhooks")
    assert all(item["secret"] is None for item in listed)
    changed = http.patch(f"/api/webhooks/{hook['id']}", json={"secret": "t" * 20}).expect(200)
    assert changed.json()["secret"] is None
    assert_problem(
        http.post("/api/webhooks", json={"url": receiver.url("/x"), "events": ["task.exploded"]}),
        400,
        field="events.0",
    )


def test_a_killed_worker_delivers_after_restart(
    hook_server: ServerProcess, http: Http, receiver: Receiver
) -> None:
    path = f"/hold/{unique('killed')}"
    hook = _hook(http, receiver.url(path), events=["project.created"])
    held = http.post(f"/api/webhooks/{hook['id']}/ping").expect(202).json()
    receiver.wait_for(path, lambda seen: len(seen) == 1)  # the POST is in flight, held
    project = create_project(http)  # queued behind the ping

    assert hook_server.process is not None
    hook_server.process.kill()  # SIGKILL: the delivery stays claimed by a dead process
    hook_server.process.wait(10)
    hook_server.process = None
    receiver.release.set()
    hook_server.start(port=hook_server.port)

    def created(item: Received) -> bool:
        return item.document["kind"] == "project.created"

    got = receiver.wait_for(path, lambda seen: any(created(item) for item in seen))
    pings = [item for item in got if item.delivery_id == held["delivery_id"]]
    assert len(pings) >= 2  # sent again, with the same delivery id
    first = next(index for index, item in enumerate(got) if created(item))
    assert all(item.delivery_id == held["delivery_id"] for item in got[:first])  # in order
    # At least once: a POST cut by the kill may be sent twice, always as the same delivery.
    assert len({item.delivery_id for item in got if created(item)}) == 1
    assert got[first].document["object"]["id"] == project["id"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://user:password@example.com/hook",
    ],
)
def test_the_default_policy_refuses_internal_targets(admin_http: Http, url: str) -> None:
    response = admin_http.post("/api/webhooks", json={"url": url, "events": ["*"]})
    assert_problem(response, 400, field="url")


def test_only_http_urls_are_taken(admin_http: Http, tmp_path: Path) -> None:
    response = admin_http.post("/api/webhooks", json={"url": "file:///etc/passwd", "events": ["*"]})
    assert_problem(response, 400)


def test_the_sdk_registers_pings_and_follows(
    hook_server: ServerProcess, receiver: Receiver
) -> None:
    import threading

    import annota
    from annota.proxies.webhooks import verify_signature

    credentials = (hook_server.admin_username, hook_server.admin_password)
    with annota.make_client(hook_server.url, credentials=credentials) as client:
        slug = client.workspaces.create({"slug": unique("sdk"), "name": "sdk"}).slug
        scoped = client.with_workspace(slug)
        path = f"/flaky/{unique('sdk')}"
        hook = scoped.webhooks.create({"url": receiver.url(path), "events": ["project.created"]})
        assert hook.secret
        assert scoped.webhooks.retrieve(hook.id).secret is None
        delivery = hook.ping()
        got = receiver.wait_for(path, lambda seen: len(seen) >= 3)
        assert all(verify_signature(hook.secret, item.headers["X-Annota-Signature"], item.body)
                   for item in got)  # fmt: skip
        assert not verify_signature("wrong" * 4, got[0].headers["X-Annota-Signature"], got[0].body)
        listed = list(hook.deliveries())
        assert [d.delivery_id for d in listed] == [delivery.delivery_id]
        again = listed[0].redeliver()
        assert again.redelivery_of == listed[0].id

        start, _ = scoped.events.page()
        cursor = str(start[-1].id) if start else None
        stop = threading.Event()
        seen: list[Any] = []

        def follow() -> None:
            for event in scoped.events.follow(cursor, wait=2, stop=stop):
                seen.append(event)
                stop.set()

        follower = threading.Thread(target=follow)
        follower.start()
        project = scoped.projects.create({"name": unique("followed"), "type": "detection"})
        follower.join(30)
        assert not follower.is_alive()
        assert [(e.kind, e.object_.additional_properties["id"]) for e in seen] == [
            ("project.created", project.id)
        ]


def test_the_feed_answers_numbers_beyond_any_id_with_nothing(space: Http) -> None:
    # A cursor or project past the database's integers names no event: an empty page, not a
    # 500 from the database (the contract fuzz found it on PostgreSQL).
    for params in ({"after": "634440902391"}, {"project": 148312086721589}):
        page = space.get("/api/events", params=params).expect(200).json()
        assert page["results"] == []
    assert space.get("/api/events", params={"after": "999999999999"}).json()["next"] == (
        "999999999999"
    )
