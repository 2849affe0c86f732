"""The annotation page on a job of 20,000 assets: it reads the asset list a page at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from support import ServerProcess, unique
from support.bulk import copy_assets

import annota

from .test_annotate import _image, ready
from .test_shell import sign_in

ASSETS = 20_000
PAGE_SIZE = 100  # the page's own (js/annotate/assetpages.js)


@pytest.fixture
def client(server: ServerProcess, admin_token: str) -> Any:
    with annota.Client(server.url, token=admin_token) as sdk:
        yield sdk


def test_a_large_job_is_read_a_page_at_a_time(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    project = client.projects.create(
        {"name": unique("large"), "type": "detection", "labels": [{"name": "cat"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "many", "segment_size": ASSETS})
    task.upload_assets([_image(tmp_path / "first.png", 0)])
    copy_assets(server.database_url, task.id, ASSETS)
    (job,) = list(task.get_jobs())
    listed = client.assets.list(job=job.id, sort="position", page_size=PAGE_SIZE)
    assert len(listed) == ASSETS

    asked: list[dict[str, list[str]]] = []
    page.on(
        "request",
        lambda request: (
            asked.append(parse_qs(urlsplit(request.url).query))
            if urlsplit(request.url).path == "/api/assets"
            else None
        ),
    )
    sign_in(page, server)
    page.goto(f"{server.url}/#/jobs/{job.id}?asset=0")
    ready(page, listed[0])
    where = page.locator("#asset-name")
    expect(where).to_contain_text(f"1 / {ASSETS}")
    assert len(asked) == 1, asked
    assert asked[0]["page_size"] == [str(PAGE_SIZE)]

    # The last asset of the first page, then across the page boundary and back.
    asked.clear()
    page.goto(f"{server.url}/#/jobs/{job.id}?asset={PAGE_SIZE - 1}")
    ready(page, listed[PAGE_SIZE - 1])
    page.keyboard.press("f")
    ready(page, listed[PAGE_SIZE])
    expect(where).to_contain_text(f"{PAGE_SIZE + 1} / {ASSETS} · copy-{PAGE_SIZE:05d}.png")
    page.keyboard.press("d")
    ready(page, listed[PAGE_SIZE - 1])
    page.click("#next")
    ready(page, listed[PAGE_SIZE])
    assert page.url.endswith(f"?asset={PAGE_SIZE}")
    pages = [query.get("page") for query in asked]
    assert pages == [["1"], ["2"]], asked
    assert asked[1].get("cursor"), "the next page follows the cursor of the page before"

    # A jump deep into the job reads the first page (the count) and the page of the asset.
    asked.clear()
    deep = 15_000
    page.goto(f"{server.url}/#/jobs/{job.id}?asset={deep}")
    ready(page, listed[deep])
    expect(where).to_contain_text(f"{deep + 1} / {ASSETS}")
    assert [query.get("page") for query in asked] == [["1"], [str(deep // PAGE_SIZE + 1)]]
