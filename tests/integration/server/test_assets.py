"""Assets: upload (several files, jobs by segment size), list, download with ranges, delete, limits.

Images are made in the test with Pillow. Refused uploads are checked to leave no row and no file
in the server's storage (``<data_dir>/storage``).
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3
from PIL import Image
from support import ServerProcess, TestUser, assert_problem, create_project, create_task
from support.db import DatabaseProbe
from support.factories import add_member, create_workspace
from support.http import Http, Response
from urllib3.fields import RequestField

ASSETS = "/api/assets"


def image(kind: str = "PNG", width: int = 12, height: int = 8, color: str = "red") -> bytes:
    """An image file of ``kind`` (a Pillow format name)."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, kind)
    return buffer.getvalue()


File = tuple[str, bytes, str | None]


def upload(http: Http, task_id: int, files: list[File]) -> Response:
    """POST the files as repeated ``files`` parts (a None media type sends no Content-Type)."""
    fields = []
    for name, data, media_type in files:
        field = RequestField(name="files", data=data, filename=name)
        field.make_multipart(content_type=media_type)
        fields.append(field)
    body, content_type = urllib3.encode_multipart_formdata(fields)
    return http.post(f"/api/tasks/{task_id}/assets", body=body, content_type=content_type)


def stored_files(server: ServerProcess) -> list[str]:
    """Every asset file in a server's storage (a local directory or S3)."""
    return sorted(key for key in server.stored_keys() if key.startswith("assets/"))


def new_task(http: Http, **extra: Any) -> dict[str, Any]:
    return create_task(http, create_project(http, labels=["cat"])["id"], **extra)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------- upload
def test_upload_several_files_in_one_request(new_user: TestUser) -> None:
    http = new_user.http
    task = new_task(http, segment_size=2)
    files: list[File] = [
        ("a.png", image("PNG", 10, 20), "image/png"),
        ("b.jpg", image("JPEG", 30, 40), "image/jpeg"),
        ("c.gif", image("GIF", 5, 6), "image/gif"),
        ("d.webp", image("WEBP", 7, 9), "image/webp"),
        ("e.bmp", image("BMP", 3, 4), "image/bmp"),
    ]
    result = upload(http, task["id"], files).expect(201).json()
    assets = result["assets"]
    assert [a["name"] for a in assets] == ["a.png", "b.jpg", "c.gif", "d.webp", "e.bmp"]
    assert [a["position"] for a in assets] == [0, 1, 2, 3, 4]
    assert [a["media_type"] for a in assets] == [f[2] for f in files]
    assert [(a["width"], a["height"]) for a in assets] == [
        (10, 20),
        (30, 40),
        (5, 6),
        (7, 9),
        (3, 4),
    ]
    for asset, (_, data, _) in zip(assets, files, strict=True):
        assert asset["size"] == len(data)
        assert asset["sha256"] == hashlib.sha256(data).hexdigest()
        assert asset["task"] == task["id"]
        assert asset["project"] == task["project"]

    jobs = result["jobs"]
    assert [(j["start_position"], j["stop_position"]) for j in jobs] == [(0, 2), (2, 4), (4, 5)]
    by_position = {a["position"]: a["job"] for a in assets}
    assert by_position == {0: jobs[0]["id"], 1: jobs[0]["id"], 2: jobs[1]["id"],
                           3: jobs[1]["id"], 4: jobs[2]["id"]}  # fmt: skip
    listed = http.list_all("/api/jobs", params={"task": task["id"]})
    assert sorted(j["id"] for j in listed) == sorted(j["id"] for j in jobs)
    assert http.get(f"/api/tasks/{task['id']}").json()["asset_count"] == 5


def test_a_second_upload_fills_the_last_job_then_opens_new_ones(new_user: TestUser) -> None:
    http = new_user.http
    task = new_task(http, segment_size=3)
    first = upload(http, task["id"], [(f"{i}.png", image(), "image/png") for i in range(2)])
    assert [
        (j["start_position"], j["stop_position"]) for j in first.expect(201).json()["jobs"]
    ] == [(0, 2)]
    second = upload(http, task["id"], [(f"x{i}.png", image(), "image/png") for i in range(2)])
    body = second.expect(201).json()
    assert [a["position"] for a in body["assets"]] == [2, 3]
    assert [(j["start_position"], j["stop_position"]) for j in body["jobs"]] == [(0, 3), (3, 4)]
    assert body["assets"][0]["job"] == body["jobs"][0]["id"]
    assert body["assets"][1]["job"] == body["jobs"][1]["id"]


def test_media_type_is_guessed_from_the_name_when_not_given(new_user: TestUser) -> None:
    http = new_user.http
    task = new_task(http)
    files: list[File] = [
        ("plain.png", image("PNG"), None),
        ("generic.jpeg", image("JPEG"), "application/octet-stream"),
    ]
    assets = upload(http, task["id"], files).expect(201).json()["assets"]
    assert [a["media_type"] for a in assets] == ["image/png", "image/jpeg"]


# ---------------------------------------------------------------------------------- refusals
def _unchanged(db: DatabaseProbe, server: ServerProcess) -> tuple[dict[str, int], list[str]]:
    return db.row_counts(exclude=("sessions", "access_tokens")), stored_files(server)


def test_unsupported_files_are_415_and_nothing_is_stored(
    new_user: TestUser, db: DatabaseProbe, server: ServerProcess
) -> None:
    http = new_user.http
    task = new_task(http)
    before = _unchanged(db, server)
    cases: list[tuple[list[File], str]] = [
        ([("ok.png", image(), "image/png"), ("notes.txt", b"hello", "text/plain")], "files.1"),
        ([("fake.png", b"this is not a png at all", "image/png")], "files.0"),
        ([("ok.png", image(), "image/png"), ("jpeg.png", image("JPEG"), "image/png")], "files.1"),
        ([("truncated.png", image()[:30], "image/png")], "files.0"),
        ([("noext", image(), None)], "files.0"),
    ]
    for files, field in cases:
        response = upload(http, task["id"], files)
        assert_problem(response, 415, field=field)
    assert _unchanged(db, server) == before
    assert http.get(f"/api/tasks/{task['id']}").json()["asset_count"] == 0


@pytest.mark.parametrize("name", ["", " "])
def test_a_file_without_a_name_is_400(
    new_user: TestUser, db: DatabaseProbe, server: ServerProcess, name: str
) -> None:
    http = new_user.http
    task = new_task(http)
    before = _unchanged(db, server)
    response = upload(
        http, task["id"], [("ok.png", image(), "image/png"), (name, image(), "image/png")]
    )
    assert_problem(response, 400, field="files.1")
    assert _unchanged(db, server) == before


def test_a_part_that_is_not_a_file_is_400(new_user: TestUser) -> None:
    task = new_task(new_user.http)
    body, content_type = urllib3.encode_multipart_formdata([("files", "just text")])
    response = new_user.http.post(
        f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type
    )
    assert_problem(response, 400, field="files.0")
    response = new_user.http.post(
        f"/api/tasks/{task['id']}/assets",
        body=b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=x",
    )
    assert_problem(response, 400)


# ---------------------------------------------------------------------------------- listing
def test_list_filters_sorts_and_pages(new_user: TestUser, make_user: Any) -> None:
    http = new_user.http
    task = new_task(http, segment_size=2)
    files: list[File] = [
        ("cat-1.png", image("PNG", 1, 1), "image/png"),
        ("dog-1.jpg", image("JPEG", 50, 50), "image/jpeg"),
        ("cat-2.png", image("PNG", 2, 2), "image/png"),
    ]
    result = upload(http, task["id"], files).expect(201).json()
    ids = [a["id"] for a in result["assets"]]
    first_job = result["jobs"][0]["id"]

    def names(**params: Any) -> list[str]:
        return [a["name"] for a in http.list_all(ASSETS, params={"task": task["id"], **params})]

    assert names() == ["cat-1.png", "dog-1.jpg", "cat-2.png"]
    assert names(job=first_job) == ["cat-1.png", "dog-1.jpg"]
    assert names(name="cat-2.png") == ["cat-2.png"]
    assert names(media_type="image/jpeg") == ["dog-1.jpg"]
    assert names(search="CAT") == ["cat-1.png", "cat-2.png"]
    assert names(sort="-position") == ["cat-2.png", "dog-1.jpg", "cat-1.png"]
    assert names(sort="name") == ["cat-1.png", "cat-2.png", "dog-1.jpg"]
    assert names(sort="-size")[0] == "dog-1.jpg"
    project_ids = {a["id"] for a in http.list_all(ASSETS, params={"project": task["project"]})}
    assert project_ids == set(ids)

    page = http.get(ASSETS, params={"task": task["id"], "page_size": 2}).expect(200).json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"]
    rest = http.get(page["next"]).expect(200).json()
    assert [a["id"] for a in page["results"] + rest["results"]] == ids

    outsider = make_user()
    assert outsider.http.get(ASSETS, params={"task": task["id"]}).json()["count"] == 0
    assert_problem(outsider.http.get(f"{ASSETS}/{ids[0]}"), 404)
    assert_problem(outsider.http.get(f"{ASSETS}/{ids[0]}/content"), 404)


def test_retrieve_has_an_etag(new_user: TestUser) -> None:
    task = new_task(new_user.http)
    asset = upload(new_user.http, task["id"], [("a.png", image(), "image/png")]).json()["assets"][0]
    response = new_user.http.get(f"{ASSETS}/{asset['id']}").expect(200)
    assert response.json() == asset
    assert response.etag
    assert response.etag.startswith(f'"{asset["id"]}-')


# ---------------------------------------------------------------------------------- download
def test_download_whole_and_ranges(new_user: TestUser) -> None:
    http = new_user.http
    data = image("PNG", 64, 64, "blue")
    size = len(data)
    task = new_task(http)
    asset = upload(http, task["id"], [("blue file.png", data, "image/png")]).json()["assets"][0]
    url = f"{ASSETS}/{asset['id']}/content"

    whole = http.get(url).expect(200)
    assert whole.data == data
    assert whole.headers["Content-Length"] == str(size)
    assert whole.headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.content_type == "application/octet-stream"
    assert "filename*=UTF-8''blue%20file.png" in whole.headers["Content-Disposition"]

    for header, start, stop in [
        ("bytes=0-9", 0, 10),
        ("bytes=10-", 10, size),
        ("bytes=-5", size - 5, size),
        (f"bytes=5-{size + 100}", 5, size),
        (f"bytes=-{size + 100}", 0, size),
    ]:
        part = http.get(url, headers={"Range": header}).expect(206)
        assert part.data == data[start:stop], header
        assert part.headers["Content-Range"] == f"bytes {start}-{stop - 1}/{size}"
        assert part.headers["Content-Length"] == str(stop - start)

    for header in [f"bytes={size}-", f"bytes={size + 10}-{size + 20}", "bytes=-0"]:
        refused = http.get(url, headers={"Range": header})
        assert_problem(refused, 416, field="Range")
        assert refused.headers["Content-Range"] == f"bytes */{size}"

    # Malformed, other units and several ranges are ignored: the whole file (RFC 9110).
    for header in ["bytes=abc", "items=0-1", "bytes=0-1,5-6", "bytes=9-3", "bytes=-"]:
        ignored = http.get(url, headers={"Range": header}).expect(200)
        assert ignored.data == data, header


def test_contents_of_several_assets_in_one_tar_stream(new_user: TestUser, make_user: Any) -> None:
    http = new_user.http
    task = new_task(http)
    files: list[File] = [
        (f"{n}.png", image("PNG", 8 + n, 8, color), "image/png")
        for n, color in enumerate(["red", "green", "blue"])
    ]
    ids = [a["id"] for a in upload(http, task["id"], files).expect(201).json()["assets"]]
    wanted = [ids[2], ids[0], ids[2]]  # any order, repeats allowed
    query = "&".join(f"asset={i}" for i in wanted)
    answer = http.get(f"/api/tasks/{task['id']}/contents?{query}").expect(200)
    assert answer.content_type == "application/x-tar"
    with tarfile.open(fileobj=io.BytesIO(answer.data), mode="r:") as archive:
        members = [(m.name, archive.extractfile(m).read()) for m in archive]  # type: ignore[union-attr]
    data = {i: f[1] for i, f in zip(ids, files, strict=True)}
    assert members == [(str(i), data[i]) for i in wanted]

    other = new_task(http)
    elsewhere = upload(http, other["id"], files[:1]).json()["assets"][0]["id"]
    url = f"/api/tasks/{task['id']}/contents"
    assert_problem(http.get(f"{url}?asset={ids[0]}&asset={elsewhere}"), 400, field="asset")
    assert_problem(http.get(f"{url}?asset=999999"), 400, field="asset")
    assert_problem(http.get(url), 400, field="asset")
    assert_problem(http.get(f"{url}?asset=x"), 400, field="asset")
    assert_problem(http.get(f"{url}?" + "&".join(["asset=1"] * 101)), 400, field="asset")
    outsider = make_user()
    assert_problem(outsider.http.get(f"{url}?asset={ids[0]}"), 404)


def test_download_memory_does_not_grow_with_the_file(
    admin_http: Http, server: ServerProcess
) -> None:
    """A 48 MiB upload and download each raise the server's peak RSS by far less than that."""
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status")
    if not status.exists():
        pytest.skip("needs Linux /proc to read the server's peak memory")

    def peak_kib() -> int:
        line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM"))
        return int(line.split()[1])

    task = new_task(admin_http)
    data = image("BMP", 4096, 4096)  # 48 MiB, uncompressed
    upload(admin_http, task["id"], [("warm.png", image(), "image/png")]).expect(201)
    before = peak_kib()
    asset = upload(admin_http, task["id"], [("big.bmp", data, "image/bmp")]).expect(201)
    after_upload = peak_kib()
    content = admin_http.get(f"{ASSETS}/{asset.json()['assets'][0]['id']}/content").expect(200)
    after_download = peak_kib()
    assert content.data == data
    limit = 16 * 1024  # KiB: a third of the file
    assert after_upload - before < limit, f"upload grew peak RSS by {after_upload - before} KiB"
    assert after_download - after_upload < limit, (
        f"download grew peak RSS by {after_download - after_upload} KiB"
    )


# ---------------------------------------------------------------------------------- delete
def test_delete_an_asset(new_user: TestUser, server: ServerProcess) -> None:
    http = new_user.http
    task = new_task(http)
    project = http.get(f"/api/projects/{task['project']}").json()
    label = project["labels"][0]["id"]
    assets = upload(http, task["id"], [(f"{i}.png", image(), "image/png") for i in range(2)])
    first, second = assets.json()["assets"]
    shape = {"asset": first["id"], "label": label, "kind": "tag"}
    http.put(f"/api/tasks/{task['id']}/annotations", json={"shapes": [shape]}).expect(200)
    files_before = stored_files(server)

    url = f"{ASSETS}/{first['id']}"
    assert_problem(http.delete(url, headers={"If-Match": '"1-999"'}), 412)
    etag = http.get(url).expect(200).etag
    assert etag
    http.delete(url, headers={"If-Match": etag}).expect(204)
    assert_problem(http.get(url), 404)
    assert_problem(http.get(f"{url}/content"), 404)
    assert len(stored_files(server)) == len(files_before) - 1
    assert http.get(f"/api/tasks/{task['id']}").json()["asset_count"] == 1
    assert http.get(f"/api/tasks/{task['id']}/annotations").json()["shapes"] == []

    # Positions are never reused.
    again = upload(http, task["id"], [("new.png", image(), "image/png")]).expect(201)
    assert again.json()["assets"][0]["position"] == 2
    assert second["position"] == 1


def test_deleting_a_task_removes_its_files(new_user: TestUser, server: ServerProcess) -> None:
    http = new_user.http
    task = new_task(http)
    upload(http, task["id"], [(f"{i}.png", image(), "image/png") for i in range(3)]).expect(201)
    folder = f"assets/{task['project']}/{task['id']}/"
    assert len([key for key in stored_files(server) if key.startswith(folder)]) == 3
    http.delete(f"/api/tasks/{task['id']}").expect(204)
    assert not [key for key in stored_files(server) if key.startswith(folder)]
    assert http.get(ASSETS, params={"task": task["id"]}).json()["count"] == 0


# ---------------------------------------------------------------------------------- access
def test_access_per_role(new_user: TestUser, make_user: Any) -> None:
    owner = new_user.http
    workspace = create_workspace(owner)
    project = create_project(owner, workspace=workspace["slug"], labels=["cat"])
    task = create_task(owner, project["id"])
    viewer = make_user()
    add_member(owner, workspace, viewer.id, "viewer")
    member = make_user()
    add_member(owner, workspace, member.id, "member")
    outsider = make_user()

    one: list[File] = [("a.png", image(), "image/png")]
    assert_problem(upload(viewer.http, task["id"], one), 403)
    assert_problem(upload(outsider.http, task["id"], one), 404)
    asset = upload(member.http, task["id"], one).expect(201).json()["assets"][0]

    assert viewer.http.get(f"{ASSETS}/{asset['id']}").status == 200
    assert viewer.http.get(f"{ASSETS}/{asset['id']}/content").status == 200
    assert_problem(viewer.http.delete(f"{ASSETS}/{asset['id']}"), 403)
    assert_problem(outsider.http.delete(f"{ASSETS}/{asset['id']}"), 404)
    member.http.delete(f"{ASSETS}/{asset['id']}").expect(204)


# ---------------------------------------------------------------------------------- size limit
LIMIT = 200_000


@pytest.fixture(scope="module")
def limited(
    server: ServerProcess, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A second server on the same database with a small upload limit (own storage)."""
    env = {"ANNOTA_MAX_UPLOAD_BYTES": str(LIMIT)}
    s3 = None
    if server.s3 is not None:  # its own prefix in the same bucket
        endpoint, bucket, _ = server.s3
        env, s3 = endpoint.server_env(bucket, "limited", **env), (endpoint, bucket, "limited")
    process = ServerProcess(
        database_url=server.database_url,
        data_dir=tmp_path_factory.mktemp("limited"),
        extra_env=env,
        s3=s3,
    )
    process._admin_created = True  # the shared database already has the admin
    try:
        process.start()
        yield process
    finally:
        process.stop()


def _chunked(http: Http, path: str, body: bytes, content_type: str) -> urllib3.BaseHTTPResponse:
    chunks = (body[i : i + 16_384] for i in range(0, len(body), 16_384))
    with urllib3.PoolManager() as pool:
        return pool.urlopen(
            "POST",
            http.url_for(path),
            body=chunks,
            headers={"Authorization": f"Bearer {http.token}", "Content-Type": content_type},
            chunked=True,
            retries=False,
        )


def test_uploads_over_the_limit_are_413_and_store_nothing(
    limited: ServerProcess, admin_token: str, db: DatabaseProbe
) -> None:
    http = limited.http(token=admin_token)
    task = new_task(http)
    big = image("BMP", 300, 300)  # 270 KB
    assert len(big) > LIMIT
    before = db.row_counts(exclude=("sessions", "access_tokens"))

    declared = upload(http, task["id"], [("big.bmp", big, "image/bmp")])
    assert_problem(declared, 413, field="body")

    body, content_type = urllib3.encode_multipart_formdata(
        [("files", ("big.bmp", big, "image/bmp"))]
    )
    streamed = _chunked(http, f"/api/tasks/{task['id']}/assets", body, content_type)
    assert streamed.status == 413, streamed.data[:500]
    assert streamed.headers["Content-Type"] == "application/problem+json"

    assert db.row_counts(exclude=("sessions", "access_tokens")) == before
    assert stored_files(limited) == []

    # Under the limit, a chunked upload goes through (and JSON keeps its own, smaller limit).
    small, small_type = urllib3.encode_multipart_formdata(
        [("files", ("small.png", image(), "image/png"))]
    )
    ok = _chunked(http, f"/api/tasks/{task['id']}/assets", small, small_type)
    assert ok.status == 201, ok.data[:500]
    assert len(stored_files(limited)) == 1
