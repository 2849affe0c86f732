"""``annota webhooks``: register, list, show and delete; internal targets are refused.

The session's server keeps the default policy, so the webhook points at a public address
literal (no name to resolve); nothing happens in its workspace, so nothing is sent to it.
"""

from __future__ import annotations

import json

from .conftest import Cli

PUBLIC = "http://93.184.216.34/annota-hook"


def _json(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_register_list_show_and_delete(logged_in: Cli) -> None:
    created = logged_in("webhooks", "create", PUBLIC, "--event", "task.created", "--json")
    assert created.code == 0, created.err
    (hook,) = _json(created.out)
    assert hook["url"] == PUBLIC
    assert hook["secret"]
    shown = logged_in("webhooks", "show", str(hook["id"]), "--json")
    assert _json(shown.out)[0]["secret"] is None
    assert str(hook["secret"]) not in shown.out
    listed = logged_in("webhooks", "list", "--json")
    assert [h["id"] for h in _json(listed.out)] == [hook["id"]]
    assert logged_in("webhooks", "deliveries", str(hook["id"]), "--json").out.strip() == ""
    assert logged_in("webhooks", "delete", str(hook["id"])).code == 0
    assert _json(logged_in("webhooks", "list", "--json").out) == []


def test_a_loopback_url_is_refused_naming_it(logged_in: Cli) -> None:
    refused = logged_in("webhooks", "create", "http://127.0.0.1:8080/x", "--event", "*")
    assert refused.code != 0
    assert "url" in refused.err
    assert "loopback" in refused.err
