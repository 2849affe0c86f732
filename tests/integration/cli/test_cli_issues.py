"""``annota issues``: raise an issue on an asset, answer it, resolve and reopen it, list it."""

from __future__ import annotations

import json

from PIL import Image
from support import TestUser, create_project

from .conftest import Cli


def _json(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_an_issue_from_raise_to_resolve(logged_in: Cli, new_user: TestUser) -> None:
    image = logged_in.home / "a.png"
    Image.new("RGB", (20, 10)).save(image)
    project = create_project(new_user.http, labels=[{"name": "a"}])
    made = logged_in("tasks", "create", str(project["id"]), "t", str(image), "--json")
    assert made.code == 0, made.err
    task = _json(made.out)[0]
    job = new_user.http.get("/api/jobs", params={"task": task["id"]}).json()["results"][0]
    asset = new_user.http.get("/api/assets", params={"task": task["id"]}).json()["results"][0]

    raised = logged_in(
        "issues", "create", str(job["id"]), str(asset["id"]), "cut off", "--box", "1", "2", "5", "6"
    )
    assert raised.code == 0, raised.err
    assert "box 1 2 5 6" in raised.out
    assert "open" in raised.out
    issue_id = new_user.http.get("/api/issues", params={"job": job["id"]}).json()["results"][0][
        "id"
    ]

    answered = logged_in("issues", "comment", str(issue_id), "fixed it")
    assert answered.code == 0, answered.err
    resolved = logged_in("issues", "resolve", str(issue_id), "--comment", "done", "--json")
    assert resolved.code == 0, resolved.err
    (body,) = _json(resolved.out)
    assert (body["resolved"], body["comment_count"]) == (True, 2)

    assert _json(logged_in("issues", "list", "--job", str(job["id"]), "--open", "--json").out) == []
    shown = logged_in("issues", "show", str(issue_id))
    for text in ("fixed it", "done", "resolved"):
        assert text in shown.out
    reopened = logged_in("issues", "reopen", str(issue_id), "--json")
    assert _json(reopened.out)[0]["resolved"] is False
    listed = logged_in("issues", "list", "--task", str(task["id"]), "--open", "--json")
    assert [i["id"] for i in _json(listed.out)] == [issue_id]


def test_no_pin_is_a_usage_error_and_no_job_is_refused(logged_in: Cli) -> None:
    nowhere = logged_in("issues", "create", "1", "1", "m")
    assert nowhere.code == 2
    assert "region" in nowhere.err
    refused = logged_in("issues", "create", "987654321", "1", "m", "--point", "1", "1")
    assert refused.code == 1
    assert "job" in refused.err
