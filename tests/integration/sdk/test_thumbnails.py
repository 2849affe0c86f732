"""Thumbnails (``GET /api/assets/{id}/thumbnail``): scaled right, made once, cached, swept."""

from __future__ import annotations

import io
import os
import struct
import threading
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from annota_api.api.assets import assets_retrieve_thumbnail
from PIL import Image
from sqlalchemy.pool import NullPool
from support import Http, ServerProcess, TestUser, assert_problem, unique

import annota
from annota.proxies.assets import Asset
from annota.proxies.tasks import Task
from annota.proxies.workspaces import Workspace


def noise(width: int, height: int, mode: str = "RGB", fmt: str = "PNG") -> bytes:
    """An image of random pixels: its content (and so its thumbnails) is this test's alone."""
    channels = len(mode)
    image = Image.frombytes(mode, (width, height), os.urandom(width * height * channels))
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def task_with(client: annota.Client, files: dict[str, bytes], tmp_path: Path) -> list[Asset]:
    project = client.projects.create({"name": unique("thumbs"), "type": "detection"})
    task: Task = client.tasks.create({"project": project.id, "name": "t"})
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return task.upload_assets(paths)


def thumbnail_keys(server: ServerProcess, sha256: str) -> set[str]:
    return {key for key in server.stored_keys() if key.startswith(f"thumbnails/{sha256}/")}


def storage_key_of(server: ServerProcess, asset_id: int) -> str:
    engine = sa.create_engine(server.database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT storage_key FROM assets WHERE id = :id")
            return str(connection.scalar(query, {"id": asset_id}))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("width", "height", "size"), [(600, 300, 256), (300, 600, 100), (1030, 1030, 1024)]
)
def test_the_longest_side_is_the_size_and_the_aspect_is_kept(
    client: annota.Client, tmp_path: Path, width: int, height: int, size: int
) -> None:
    (asset,) = task_with(client, {"a.jpg": noise(width, height, fmt="JPEG")}, tmp_path)
    with Image.open(io.BytesIO(asset.read_thumbnail(size))) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) == size
        assert abs(thumb.size[0] / thumb.size[1] - width / height) < 0.02


def test_transparency_stays_png_and_a_small_image_is_not_enlarged(
    client: annota.Client, tmp_path: Path
) -> None:
    clear, small = task_with(
        client,
        {"clear.png": noise(400, 200, mode="RGBA"), "small.png": noise(40, 20)},
        tmp_path,
    )
    with Image.open(io.BytesIO(clear.read_thumbnail(64))) as thumb:
        assert (thumb.format, thumb.mode, thumb.size) == ("PNG", "RGBA", (64, 32))
    with Image.open(io.BytesIO(small.read_thumbnail(256))) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (40, 20))


def test_made_once_then_served_from_the_storage(
    client: annota.Client, server: ServerProcess, tmp_path: Path
) -> None:
    (asset,) = task_with(client, {"once.png": noise(300, 200)}, tmp_path)
    assert not thumbnail_keys(server, asset.sha256)
    first = asset.read_thumbnail(128)
    key = f"thumbnails/{asset.sha256}/128"
    assert thumbnail_keys(server, asset.sha256) == {key}
    assert asset.read_thumbnail(128) == first
    # Replaced behind the server's back: what it answers now comes from the storage, unrendered.
    marker = noise(128, 85, fmt="JPEG")
    server.store(key, marker)
    assert asset.read_thumbnail(128) == marker
    assert thumbnail_keys(server, asset.sha256) == {key}


def test_concurrent_first_requests_agree_and_store_one_thumbnail(
    client: annota.Client, server: ServerProcess, tmp_path: Path
) -> None:
    (asset,) = task_with(client, {"race.png": noise(800, 600)}, tmp_path)
    answers: list[bytes] = []
    start = threading.Barrier(6)

    def fetch() -> None:
        start.wait()
        answers.append(asset.read_thumbnail(200))

    threads = [threading.Thread(target=fetch) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == 6
    assert len(set(answers)) == 1
    assert thumbnail_keys(server, asset.sha256) == {f"thumbnails/{asset.sha256}/200"}
    with Image.open(io.BytesIO(answers[0])) as thumb:
        thumb.load()  # complete, not a half-written file
        assert thumb.size == (200, 150)


def test_download_thumbnail_saves_a_file(client: annota.Client, tmp_path: Path) -> None:
    (asset,) = task_with(client, {"cat.png": noise(320, 240)}, tmp_path)
    saved = asset.download_thumbnail(f"{tmp_path}/out/", size=64)
    assert saved == tmp_path / "out" / "cat-64.jpg"
    assert saved.read_bytes() == asset.read_thumbnail(64)
    named = asset.download_thumbnail(tmp_path / "mine.jpg")
    with Image.open(named) as thumb:
        assert thumb.size == (256, 192)
    assert not list((tmp_path / "out").glob(".*partial"))


def test_conditional_get_and_cache_headers(
    client: annota.Client, admin_http: Http, tmp_path: Path
) -> None:
    (asset,) = task_with(client, {"etag.png": noise(100, 100)}, tmp_path)
    url = f"/api/assets/{asset.id}/thumbnail"
    first = admin_http.get(url, params={"size": 64}).expect(200)
    assert first.content_type == "image/jpeg"
    assert first.etag
    assert asset.sha256 in first.etag
    assert "max-age" in first.headers["Cache-Control"]
    again = admin_http.get(url, params={"size": 64}, headers={"If-None-Match": first.etag})
    assert again.expect(304).data == b""
    assert again.etag == first.etag
    listed = f'"other", W/{first.etag}'
    admin_http.get(url, params={"size": 64}, headers={"If-None-Match": listed}).expect(304)
    # Another size is another thumbnail: the old ETag does not match it.
    other = admin_http.get(url, params={"size": 65}, headers={"If-None-Match": first.etag})
    assert other.expect(200).etag != first.etag


@pytest.mark.parametrize("size", [0, 31, 1025, -5, "big"])
def test_a_bad_size_is_a_400_naming_it(
    client: annota.Client, admin_http: Http, tmp_path: Path, size: object
) -> None:
    (asset,) = task_with(client, {"s.png": noise(50, 50)}, tmp_path)
    response = admin_http.get(f"/api/assets/{asset.id}/thumbnail", params={"size": size})
    assert_problem(response, 400, field="size")


def test_an_unknown_asset_is_a_404(client: annota.Client, admin_http: Http) -> None:
    response = admin_http.get("/api/assets/2000000000/thumbnail")
    assert_problem(response, 404)
    with pytest.raises(annota.errors.NotFoundError):
        assets_retrieve_thumbnail.sync(2_000_000_000, client=client.api)


def test_viewers_read_thumbnails_strangers_do_not(
    server: ServerProcess,
    client: annota.Client,
    workspace: Workspace,
    new_user: TestUser,
    tmp_path: Path,
) -> None:
    project = workspace.create_project({"name": unique("view"), "type": "detection"})
    task = client.tasks.create({"project": project.id, "name": "t"})
    path = tmp_path / "v.png"
    path.write_bytes(noise(90, 60))
    (asset,) = task.upload_assets([path])
    stranger = annota.Client(server.url, token=new_user.token)
    with stranger, pytest.raises(annota.errors.NotFoundError):
        stranger.assets.retrieve(asset.id)
    workspace.add_member(new_user.id, "viewer")
    with annota.Client(server.url, token=new_user.token, workspace=workspace.slug) as viewer:
        seen = viewer.assets.retrieve(asset.id)
        assert seen.read_thumbnail(32) == asset.read_thumbnail(32)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims ``width`` x ``height`` (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "claimed", [(10_000, 10_000), (40_000, 40_000)], ids=["over-the-limit", "a-bomb"]
)
def test_a_decompression_bomb_answers_422(
    client: annota.Client,
    admin_http: Http,
    server: ServerProcess,
    tmp_path: Path,
    claimed: tuple[int, int],
) -> None:
    # Uploads refuse such an image: put one in the storage behind the server's back.
    (asset,) = task_with(client, {"bomb.png": noise(20, 20)}, tmp_path)
    server.store(storage_key_of(server, asset.id), png_claiming(*claimed))
    response = admin_http.get(f"/api/assets/{asset.id}/thumbnail", params={"size": 64})
    body = assert_problem(response, 422, field="id")
    assert "pixels" in body["detail"]
    assert not thumbnail_keys(server, asset.sha256)
    with pytest.raises(annota.errors.ValidationError):
        asset.read_thumbnail(64)


def test_gc_removes_thumbnails_of_deleted_content_and_keeps_live_ones(
    client: annota.Client, server: ServerProcess, tmp_path: Path
) -> None:
    gone, kept = task_with(
        client, {"gone.png": noise(100, 80), "kept.png": noise(100, 80)}, tmp_path
    )
    for asset in (gone, kept):
        asset.read_thumbnail(64)
        asset.read_thumbnail(32)
    gone_keys = thumbnail_keys(server, gone.sha256)
    kept_keys = thumbnail_keys(server, kept.sha256)
    assert len(gone_keys) == len(kept_keys) == 2
    gone.remove()
    report = server.gc("--grace-seconds", "0")
    for key in gone_keys:
        assert f"deleted {key} " in report, report
    left = server.stored_keys()
    assert not gone_keys & left
    assert kept_keys <= left
    assert kept.read_thumbnail(64)
