"""Serving: a favicon, gzip for larger text answers only, cache headers for the build's files."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from support import Http, ServerProcess, create_project, create_task

from annota_server.compression import MINIMUM_SIZE
from annota_server.webapp import STATIC_DIR, build_id

from .operations_support import png, upload

GZIP = {"Accept-Encoding": "gzip"}
IMMUTABLE = "public, max-age=31536000, immutable"


def raw_get(http: Http, path: str, **headers: str) -> Any:
    """The undecoded answer (urllib3 would gunzip it): status, headers and bytes as sent."""
    import urllib3

    answer = urllib3.PoolManager().request(
        "GET",
        http.url_for(path),
        headers={**({"Authorization": f"Bearer {http.token}"} if http.token else {}), **headers},
        decode_content=False,
        preload_content=True,
        redirect=False,
    )
    return answer


def test_the_favicon_is_served_and_named_by_the_page(server: ServerProcess) -> None:
    http = server.http()
    icon = http.get("/favicon.ico")
    assert icon.status == 200
    assert icon.headers["content-type"] == "image/vnd.microsoft.icon"
    assert icon.data.startswith(b"\x00\x00\x01\x00")  # an ICO header
    assert icon.headers["cache-control"] == "public, max-age=86400"
    page = http.get("/").text
    found = re.search(r'<link rel="icon" href="([^"]+)">', page)
    assert found is not None, page
    assert http.get(found.group(1)).data == icon.data


def test_the_page_names_this_builds_files_which_are_cached_for_good(
    server: ServerProcess,
) -> None:
    http = server.http()
    page = http.get("/")
    assert page.headers["cache-control"] == "no-cache"
    build = build_id(STATIC_DIR)
    scripts = re.findall(r'src="([^"]+)"', page.text)
    assert f"/ui/v/{build}/js/app.js" in scripts
    assert f"/ui/v/{build}/vendor/konva.min.js" in scripts
    for path in scripts:
        answer = http.get(path)
        assert answer.status == 200, path
        assert answer.headers["cache-control"] == IMMUTABLE, path
        assert "script-src 'self'" in answer.headers["content-security-policy"]
    # A module imported by a relative path is under the same prefix, as cacheable.
    assert http.get(f"/ui/v/{build}/js/api.js").headers["cache-control"] == IMMUTABLE
    # Another build's prefix, or none, serves the current file but revalidates it each time.
    for path in ("/ui/v/0123456789abcdef/js/app.js", "/ui/js/app.js"):
        answer = http.get(path)
        assert answer.status == 200, path
        assert answer.headers["cache-control"] == "no-cache", path
    missing = http.get(f"/ui/v/{build}/js/no-such-file.js")
    assert missing.status == 404
    assert missing.headers["content-type"] == "application/problem+json"
    # The page itself is revalidated by its ETag.
    again = http.get("/", headers={"If-None-Match": page.headers["etag"]})
    assert again.status == 304
    assert again.data == b""
    refused = http.post("/", body=b"x")
    assert refused.status == 405
    assert refused.headers["allow"] == "GET, HEAD"


def test_static_files_are_gzipped_for_clients_that_accept_it(server: ServerProcess) -> None:
    http = server.http()
    konva = (STATIC_DIR / "vendor" / "konva.min.js").read_bytes()
    zipped = raw_get(http, "/ui/vendor/konva.min.js", **GZIP)
    assert zipped.status == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert gzip.decompress(zipped.data) == konva
    assert len(zipped.data) < len(konva) / 2
    plain = raw_get(http, "/ui/vendor/konva.min.js")
    assert "content-encoding" not in plain.headers
    assert plain.data == konva
    # The favicon is small: sent as it is.
    assert "content-encoding" not in raw_get(http, "/favicon.ico", **GZIP).headers


@pytest.fixture(scope="module")
def crowded(server: ServerProcess, admin_token: str) -> dict[str, Any]:
    """A job whose annotations are far over the gzip threshold, and its asset."""
    http = server.http(token=admin_token)
    project = create_project(http, labels=["car"])
    task = create_task(http, project["id"])
    asset = upload(http, task["id"], [("a.png", png(64, 64))])[0]
    label = project["labels"][0]["id"]
    shapes = [
        {"asset": asset["id"], "label": label, "kind": "bbox", "points": [n % 50, 1, 60, 60]}
        for n in range(300)
    ]
    http.put(f"/api/tasks/{task['id']}/annotations", json={"shapes": shapes}).expect(200)
    job = http.get("/api/jobs", params={"task": task["id"]}).expect(200).json()["results"][0]
    return {"http": http, "job": job, "asset": asset}


def test_large_json_is_gzipped_and_keeps_its_etag(crowded: dict[str, Any]) -> None:
    http, job = crowded["http"], crowded["job"]
    path = f"/api/jobs/{job['id']}/annotations"
    plain = raw_get(http, path)
    zipped = raw_get(http, path, **GZIP)
    assert len(plain.data) > MINIMUM_SIZE
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 4
    # The ETag names the annotations' revision, whatever the encoding: If-Match still works.
    assert zipped.headers["etag"] == plain.headers["etag"]
    saved = http.patch(path, json={"delete": []}, headers={"If-Match": zipped.headers["etag"]})
    assert saved.status == 200, saved


def test_small_answers_problems_images_and_ranges_are_not_compressed(
    crowded: dict[str, Any],
) -> None:
    http, job, asset = crowded["http"], crowded["job"], crowded["asset"]
    small = raw_get(http, f"/api/jobs/{job['id']}", **GZIP)
    assert small.status == 200
    assert len(small.data) < MINIMUM_SIZE
    assert "content-encoding" not in small.headers
    problem = raw_get(http, "/api/jobs/987654321", **GZIP)
    assert problem.status == 404
    assert "content-encoding" not in problem.headers
    content = raw_get(http, f"/api/assets/{asset['id']}/content", **GZIP)
    assert content.status == 200
    assert "content-encoding" not in content.headers
    assert content.data.startswith(b"\x89PNG")
    part = raw_get(http, f"/api/assets/{asset['id']}/content", Range="bytes=0-9", **GZIP)
    assert part.status == 206
    assert "content-encoding" not in part.headers
    assert part.data == content.data[:10]
