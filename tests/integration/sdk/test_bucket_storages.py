"""client.storages and task.add_assets_from(): a task filled from an S3 bucket (moto)."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from support.s3 import ACCESS_KEY, SECRET_KEY, S3Endpoint

import annota
from annota.errors import GoneError, ValidationError


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, format="PNG")
    return out.getvalue()


def test_register_a_bucket_and_fill_a_task(
    client: annota.Client, s3_endpoint: S3Endpoint, tmp_path: Path
) -> None:
    bucket = s3_endpoint.new_bucket("sdk")
    for n in range(3):
        s3_endpoint.client.put_object(Bucket=bucket, Key=f"set/img{n}.png", Body=_png(20 + n, 10))
    s3_endpoint.client.put_object(Bucket=bucket, Key="set/readme.md", Body=b"# hi")
    storage = client.storages.create(
        {
            "name": "set",
            "bucket": bucket,
            "endpoint_url": s3_endpoint.url,
            "access_key_id": ACCESS_KEY,
            "secret_access_key": SECRET_KEY,
        }
    )
    assert storage.bucket == bucket
    assert "secret" not in str(storage.to_dict())
    assert storage in list(client.storages.list())

    project = client.projects.create(
        {"name": f"bucket-{uuid.uuid4().hex[:8]}", "type": "detection", "labels": [{"name": "a"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "t"})
    added = task.add_assets_from(storage, prefix="set")
    assert sorted(a.name for a in added.assets) == ["img0.png", "img1.png", "img2.png"]
    assert [(s.name, "not an image" in s.reason) for s in added.skipped] == [
        ("set/readme.md", True)
    ]
    assert task.asset_count == 3
    first = min(added.assets, key=lambda a: a.position)
    assert (first.width, first.height) == (20, 10)
    assert first.read_bytes() == _png(20, 10)
    assert first.storage == storage.id
    assert first.download(tmp_path).read_bytes() == _png(20, 10), "size checked, no content hash"

    # Exports and versions read the objects through the same storage.
    archive = project.export_dataset("coco", tmp_path / "out.zip", include_images=True)
    with zipfile.ZipFile(archive) as opened:
        images = [opened.read(n) for n in opened.namelist() if n.endswith(".png")]
    assert sorted(images) == sorted(_png(20 + n, 10) for n in range(3))
    version = project.create_version("from the bucket", timeout=120)
    assert version.asset_count == 3

    s3_endpoint.client.delete_object(Bucket=bucket, Key="set/img0.png")
    with pytest.raises(GoneError, match="set/img0.png"):
        first.read_bytes()

    other = client.tasks.create({"project": project.id, "name": "empty"})
    assert other.add_assets_from(storage.id, prefix="nothing-here").assets == []
    with pytest.raises(ValidationError) as refused:
        client.storages.create(
            {
                "name": "missing",
                "bucket": "no-such-bucket-anywhere",
                "endpoint_url": s3_endpoint.url,
                "access_key_id": ACCESS_KEY,
                "secret_access_key": SECRET_KEY,
            }
        )
    assert "bucket" in str(refused.value)
