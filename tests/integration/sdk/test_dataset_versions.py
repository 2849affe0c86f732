"""Frozen dataset versions and their training samples, against the real server."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from PIL import Image
from support import ServerProcess

import annota
from annota import shapes
from annota.errors import InvalidRequestError
from annota.proxies.projects import Project
from annota.proxies.samples import SampleIndex
from annota.proxies.workspaces import Workspace

from .helpers import record_requests

FORMATS = ("coco", "annota", "yolo", "voc", "cvat", "labelstudio")


def _png(side: int = 16) -> bytes:
    """A PNG of noise: content no other test shares (blobs are shared by content)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


def _project(client: annota.Client, tmp_path: Path, images: int = 3) -> Project:
    """A project of two tasks (train: ``images`` images, val: one) with a box on each image."""
    project = client.projects.create(
        {"name": "frozen", "type": "detection", "labels": [{"name": "cat"}, {"name": "dog"}]}
    )
    cat, dog = project.labels
    for subset, count in (("train", images), ("val", 1)):
        task = client.tasks.create({"project": project.id, "name": subset, "subset": subset})
        files = []
        for index in range(count):
            path = tmp_path / f"{subset}-{index}.png"
            path.write_bytes(_png())
            files.append(path)
        assets = task.upload_assets(files)
        task.set_annotations(
            [shapes.bbox(a, cat if i % 2 else dog, 1, 1, 5 + i, 6) for i, a in enumerate(assets)]
        )
    return project


@pytest.fixture
def scoped(client: annota.Client, workspace: Workspace) -> annota.Client:
    client.workspace = workspace.slug
    return client


def test_a_version_never_changes_and_keeps_its_images(
    scoped: annota.Client, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path)
    version = project.create_version("v1", description="first cut")
    assert (version.name, version.description) == ("v1", "first cut")
    assert (version.asset_count, version.shape_count) == (4, 4)
    assert len(version.manifest_sha256) == 64
    before = version.manifest().to_dict()
    assert [a["subset"] for a in before["assets"]] == ["train"] * 3 + ["val"]
    exports = {fmt: version.export_dataset(fmt, tmp_path / f"before-{fmt}.zip") for fmt in FORMATS}
    with_images = version.export_dataset("coco", tmp_path / "before-img.zip", include_images=True)

    # Everything changes: names, shapes, assets, a whole task.
    project.update(name="renamed")
    train, val = sorted(project.get_tasks(), key=lambda t: t.id)
    first, second, _third = sorted(train.get_assets(), key=lambda a: a.position)
    cat = project.labels[0]
    train.set_annotations([shapes.bbox(second, cat, 0, 0, 9, 9), shapes.tag(second, cat)])
    first.remove()
    val.remove()
    scoped.labels.retrieve(project.labels[1].id).update(name="wolf")

    again = scoped.versions.retrieve(version.id)
    assert again.manifest_sha256 == version.manifest_sha256
    assert (again.asset_count, again.shape_count) == (4, 4)
    assert again.manifest().to_dict() == before
    for fmt, path in exports.items():
        later = again.export_dataset(fmt, tmp_path / f"after-{fmt}.zip")
        assert later.read_bytes() == path.read_bytes(), fmt
    later = again.export_dataset("coco", tmp_path / "after-img.zip", include_images=True)
    assert later.read_bytes() == with_images.read_bytes()

    # The images of the deleted asset and task are still there, byte for byte.
    samples = list(again.samples(tmp_path / "cache"))
    assert [s.asset.name for s in samples] == [a["name"] for a in before["assets"]]
    for sample in samples:
        assert hashlib.sha256(sample.path.read_bytes()).hexdigest() == sample.asset.sha256
    assert samples[-1].path.read_bytes() == (tmp_path / "val-0.png").read_bytes()
    assert [s.label for s in samples[0].shapes] == [before["assets"][0]["shapes"][0]["label"]]

    # A new version sees the changes; the versions list shows both, newest first.
    second_version = project.create_version("v2")
    assert second_version.manifest_sha256 != version.manifest_sha256
    assert (second_version.asset_count, second_version.shape_count) == (2, 2)
    assert [v.name for v in project.get_versions()] == ["v2", "v1"]


def test_same_data_gives_the_same_manifest_sha(scoped: annota.Client, tmp_path: Path) -> None:
    project = _project(scoped, tmp_path, images=1)
    first, second = project.create_version("a"), project.create_version("b")
    assert first.manifest_sha256 == second.manifest_sha256
    assert first.id != second.id


def test_subset_filter_and_stable_order(scoped: annota.Client, tmp_path: Path) -> None:
    version = _project(scoped, tmp_path).create_version("v")
    names = [s.asset.name for s in version.samples(tmp_path / "c", subset="train")]
    assert names == ["train-0.png", "train-1.png", "train-2.png"]
    assert [s.asset.name for s in version.samples(tmp_path / "c", subset="val")] == ["val-0.png"]
    assert list(version.samples(tmp_path / "c", subset="test")) == []


def test_a_second_pass_sends_no_request(scoped: annota.Client, tmp_path: Path) -> None:
    project = _project(scoped, tmp_path)
    made = project.create_version("v")
    twin = project.create_version("same data")
    log = record_requests(scoped)
    version = scoped.versions.retrieve(made.id)
    log.requests.clear()
    first = [(s.path, s.asset.name) for s in version.samples(tmp_path / "cache")]
    content = f"/api/versions/{version.id}/content/"
    downloads = sum(1 for _, path, _ in log.requests if path.startswith(content))
    assert downloads == 4
    assert log.count("GET", f"/api/versions/{version.id}/manifest") == 1
    log.requests.clear()
    second = [(s.path, s.asset.name) for s in version.samples(tmp_path / "cache")]
    assert second == first
    assert log.requests == []  # the manifest is cached too, under its manifest_sha256
    # Another version of the same data has the same manifest_sha256: it shares the cache.
    assert [(s.path, s.asset.name) for s in twin.samples(tmp_path / "cache")] == first
    assert log.requests == []
    # The manifest is kept as the canonical JSON its SHA-256 names, like an image.
    cached = tmp_path / "cache" / version.manifest_sha256[:2] / version.manifest_sha256
    assert hashlib.sha256(cached.read_bytes()).hexdigest() == version.manifest_sha256
    assert "version" not in json.loads(cached.read_bytes())
    assert [s.asset.name for s in version.samples(tmp_path / "cache", subset="val")] == [
        "val-0.png"
    ]


def test_a_cached_pass_notices_a_damaged_cache(scoped: annota.Client, tmp_path: Path) -> None:
    made = _project(scoped, tmp_path).create_version("v")
    log = record_requests(scoped)
    version = scoped.versions.retrieve(made.id)
    cache = tmp_path / "cache"
    first = [
        (s.path, s.asset.to_dict(), [shape.to_dict() for shape in s.shapes])
        for s in version.samples(cache)
    ]
    sha = version.manifest_sha256
    index = cache / sha[:2] / f"{sha}.samples"
    assert index.is_file()
    log.requests.clear()
    # One image gone, one overwritten in place with as many other bytes, the index damaged.
    first[0][0].unlink()
    first[1][0].write_bytes(b"\0" * len(first[1][0].read_bytes()))
    index.write_bytes(index.read_bytes()[:-1])
    again = list(version.samples(cache))
    content = f"/api/versions/{version.id}/content/"
    fetched = sorted(path.removeprefix(content) for _, path, _ in log.requests)
    assert fetched == sorted(first[i][1]["sha256"] for i in (0, 1))
    assert [(s.path, s.asset.to_dict(), [x.to_dict() for x in s.shapes]) for s in again] == first
    for sample in again:
        assert hashlib.sha256(sample.path.read_bytes()).hexdigest() == sample.asset.sha256
    log.requests.clear()
    assert len(list(version.samples(cache))) == len(first)
    assert log.requests == []


def test_concurrent_readers_never_see_a_partial_file(scoped: annota.Client, tmp_path: Path) -> None:
    version = _project(scoped, tmp_path, images=12).create_version("v")
    cache = tmp_path / "shared"
    errors: list[str] = []
    done = threading.Event()

    def read() -> None:
        try:
            for sample in version.samples(cache):
                data = sample.path.read_bytes()
                if hashlib.sha256(data).hexdigest() != sample.asset.sha256:
                    errors.append(f"reader saw a partial {sample.path.name}")
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(repr(exc))

    def watch() -> None:
        # Whatever is visible under a final name is complete.
        while not done.is_set():
            for path in cache.rglob("*"):
                if not path.is_file() or path.name.endswith(".partial"):
                    continue
                if path.suffix == ".samples":  # the samples index: complete when it loads
                    if SampleIndex.read(path, version.manifest_sha256) is None:
                        errors.append(f"watcher saw a partial {path.name}")
                elif hashlib.sha256(path.read_bytes()).hexdigest() != path.name:
                    errors.append(f"watcher saw a partial {path.name}")

    readers = [threading.Thread(target=read) for _ in range(4)]
    watcher = threading.Thread(target=watch)
    watcher.start()
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    done.set()
    watcher.join()
    assert not errors, errors
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert len(files) == 15  # 13 images, the manifest and the samples index
    assert not [p for p in files if p.name.endswith(".partial")]


def _blobs(server: ServerProcess) -> set[str]:
    return {key for key in server.stored_keys() if key.startswith("versions/blobs/")}


def test_blobs_are_kept_while_a_version_refers_to_them(
    scoped: annota.Client, server: ServerProcess, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path, images=2)
    first, second = project.create_version("a"), project.create_version("b")
    shas = {a.sha256 for a in first.manifest().assets}
    wanted = {f"versions/blobs/{sha}" for sha in shas}
    assert wanted <= _blobs(server)
    project.get_tasks()[0].remove()
    server.gc("--grace-seconds", "0")
    assert wanted <= _blobs(server), "the sweep deleted images a version holds"
    first.remove()
    assert wanted <= _blobs(server), "a blob went while another version holds it"
    assert len(list(second.samples(tmp_path / "cache"))) == 3
    second.remove()
    assert not wanted & _blobs(server), "blobs stayed after the last version went"
    with pytest.raises(annota.NotFoundError):
        scoped.versions.retrieve(second.id)


def test_deleting_the_project_releases_its_blobs(
    scoped: annota.Client, server: ServerProcess, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path, images=1)
    # Distinct content, so no other test's version shares it.
    task = project.get_tasks()[0]
    unique = tmp_path / "unique.png"
    unique.write_bytes(_png(side=23))
    task.upload_assets([unique])
    version = project.create_version("v")
    sha = hashlib.sha256(unique.read_bytes()).hexdigest()
    assert f"versions/blobs/{sha}" in _blobs(server)
    project.remove()
    assert f"versions/blobs/{sha}" not in _blobs(server)
    with pytest.raises(annota.NotFoundError):
        version.fetch()


def test_bad_input_names_the_field(scoped: annota.Client, tmp_path: Path) -> None:
    project = _project(scoped, tmp_path, images=1)
    with pytest.raises(annota.ValidationError) as caught:
        project.create_version("")
    assert "name" in str(caught.value)
    version = project.create_version("v")
    api = scoped.api
    response = api.request(
        "GET", f"/api/versions/{version.id}/content/{'0' * 64}", raise_for_status=False
    )
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "sha256" in response.text
    response = api.request("GET", f"/api/versions/{version.id}/content/XYZ", raise_for_status=False)
    assert response.status_code == 400
    assert "sha256" in response.text
    with pytest.raises(annota.ValidationError, match="format"):
        version.export_dataset("bogus", tmp_path)
    response = api.request(
        "POST", f"/api/versions/{version.id}/exports", json={"format": "x"}, raise_for_status=False
    )
    assert response.status_code == 400
    assert "format" in response.text


def test_freezing_is_an_operation(scoped: annota.Client, tmp_path: Path) -> None:
    project = _project(scoped, tmp_path, images=1)
    operation = project.start_version("v", description="d")
    assert (operation.kind, operation.format_) == ("version", None)
    version = operation.wait().get_version()
    assert (version.name, version.description, version.project) == ("v", "d", project.id)
    assert operation.version == version.id
    assert [o.id for o in project.get_operations(kind="version")] == [operation.id]
    export = version.start_export("coco").wait()
    with pytest.raises(InvalidRequestError, match="made no version"):
        export.get_version()


def test_a_version_freezes_peoples_shapes_not_predictions(
    scoped: annota.Client, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path, images=1)
    cat = project.labels[0]
    train = next(task for task in project.get_tasks() if task.subset == "train")
    (asset,) = train.get_assets()
    train.update_annotations(
        create=[shapes.bbox(asset, cat, 2, 2, 9, 9, score=0.9, model_name="detector")]
    )
    assert len(train.get_annotations(sources=["model"]).shapes) == 1
    version = project.create_version("reviewed only")
    assert (version.asset_count, version.shape_count) == (2, 2)
    sources = {shape.source for s in version.samples(tmp_path / "cache") for shape in s.shapes}
    assert sources == {"manual"}


def test_samples_carry_the_yolo_class_index(scoped: annota.Client, tmp_path: Path) -> None:
    """``class_index`` and ``version.classes()`` follow the YOLO export's class ids."""
    project = scoped.projects.create(
        {
            "name": "classes",
            "type": "detection",
            "labels": [{"name": "zebra"}, {"name": "ant"}, {"name": "moth"}],
        }
    )
    zebra, ant, moth = project.labels
    # The labels' names do not sort as their ids do: the order is by id, never by name.
    assert zebra.id < ant.id < moth.id
    task = scoped.tasks.create({"project": project.id, "name": "t"})
    path = tmp_path / "a.png"
    path.write_bytes(_png(32))
    (asset,) = task.upload_assets([path])
    task.set_annotations(
        [
            shapes.bbox(asset, moth, 1, 1, 4, 4),
            shapes.bbox(asset, zebra, 2, 2, 8, 8),
            shapes.bbox(asset, ant, 3, 3, 9, 9),
        ]
    )
    version = project.create_version("v1")
    classes = [label.name for label in version.classes()]
    assert classes == ["zebra", "ant", "moth"]

    exported = version.export_dataset("yolo", tmp_path / "yolo.zip")
    with zipfile.ZipFile(exported) as archive:
        names = yaml.safe_load(archive.read("data.yaml"))["names"]
        lines = archive.read("labels/train/a.txt").decode().splitlines()
    assert [names[index] for index in sorted(names)] == classes
    yolo_ids = sorted(int(line.split()[0]) for line in lines)

    (sample,) = version.samples(tmp_path / "cache")
    by_label = {label.id: index for index, label in enumerate(version.classes())}
    assert [s.class_index for s in sample.shapes] == [by_label[s.label] for s in sample.shapes]
    assert sorted(s.class_index for s in sample.shapes) == yolo_ids == [0, 1, 2]
    # The cached second pass gives the same indexes.
    (again,) = version.samples(tmp_path / "cache")
    assert [s.class_index for s in again.shapes] == [s.class_index for s in sample.shapes]
