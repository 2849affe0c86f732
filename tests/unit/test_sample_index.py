"""The samples index: rows that give the same typed objects as the manifest, and cache checks."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from annota_api.models import VersionAsset, VersionShape

from annota.progress import NULL_REPORTER
from annota.proxies import samples
from annota.proxies.samples import Sample, SampleIndex


def _image(index: int) -> bytes:
    return f"image {index} ".encode() * (index + 3)


def _manifest() -> dict[str, Any]:
    """A manifest with every field filled, attributes, a mask and keys no model knows."""
    labels = [{"id": 7, "name": "cat"}, {"id": 3, "name": "dog"}]

    def shape(label: int, **more: Any) -> dict[str, Any]:
        return {
            "label": label,
            "kind": "bbox",
            "points": [1.5, 2, 30.25, 40],
            "attributes": [],
            "occluded": False,
            "z_order": 0,
            "source": "manual",
            "mask": None,
            **more,
        }

    assets: list[dict[str, Any]] = []
    for index in range(3):
        data = _image(index)
        assets.append(
            {
                "id": 10 + index,
                "task": 1,
                "subset": "train" if index < 2 else "val",
                "name": f"{index}.png",
                "media_type": "image/png",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "width": 16,
                "height": None if index == 2 else 9,
                "position": index,
                "shapes": [shape(3), shape(7, z_order=2)],
            }
        )
    first = assets[0]["shapes"]
    first[0]["attributes"] = [{"name": "color", "value": "black", "future": 1}]
    first[1].update(
        kind="mask",
        points=[],
        mask={"size": [9, 16], "counts": "0", "bbox": [0, 0, 1, 1], "area": 1},
        novel="kept",
    )
    assets[1]["shapes"] = []
    assets[2]["from_the_future"] = {"a": [1, 2]}
    assets[2]["shapes"][0]["kind"] = "hexagon"  # a kind this client does not know
    return {"version": 1, "project_name": "p", "labels": labels, "tasks": [], "assets": assets}


class _Cache:
    """A cache directory and a download that counts its calls."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.downloads: list[str] = []

    def download(self, asset: VersionAsset, path: Path) -> Path:
        self.downloads.append(asset.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_image(asset.id - 10))
        return path

    def run(self, index: SampleIndex, subset: str | None = None) -> tuple[list[Sample], bool]:
        found: list[Sample] = []
        walk = samples.iterate(index, self.root, subset, self.download, NULL_REPORTER)
        while True:
            try:
                found.append(next(walk))
            except StopIteration as stop:
                return found, stop.value


def test_the_columns_cover_every_field_of_the_models() -> None:
    lazy = {"shapes", "additional_properties"}
    assert {f.name for f in dataclasses.fields(VersionAsset)} == {*samples.ASSET_COLUMNS, *lazy}
    shape_lazy = {*samples.SHAPE_LAZY_KEYS, "additional_properties"}
    assert {f.name for f in dataclasses.fields(VersionShape)} == {
        *samples.SHAPE_COLUMNS,
        *shape_lazy,
    }


def test_samples_from_rows_are_the_models_from_the_manifest(tmp_path: Path) -> None:
    manifest = _manifest()
    index = SampleIndex.of_manifest(manifest)
    where = samples.index_path(tmp_path, "a" * 64)
    index.write(where, "a" * 64)
    stored = SampleIndex.read(where, "a" * 64)
    assert stored is not None
    assert (stored.rows, stored.inodes, stored.ctimes) == (index.rows, [0] * 3, [0] * 3)
    found, _ = _Cache(tmp_path).run(stored)
    assert [s.asset.to_dict() for s in found] == manifest["assets"]
    for sample, item in zip(found, manifest["assets"], strict=True):
        model = VersionAsset.from_dict(item)
        for field in dataclasses.fields(VersionAsset):
            if field.name != "shapes":  # VersionShape there, SampleShape here: not equal
                assert getattr(sample.asset, field.name) == getattr(model, field.name)
        assert sample.asset.shapes is sample.shapes
        expected = [VersionShape.from_dict(shape).to_dict() for shape in item["shapes"]]
        assert [shape.to_dict() for shape in sample.shapes] == expected
        assert [s.class_index for s in sample.shapes] == [
            {7: 0, 3: 1}[s["label"]] for s in item["shapes"]
        ]
        assert sample.path.read_bytes() == _image(sample.asset.id - 10)
        where = tmp_path / item["sha256"][:2] / item["sha256"]
        assert (sample.path, str(sample.path), sample.path.parts) == (
            where,
            str(where),
            where.parts,
        )
        assert hash(sample.path) == hash(where)
        assert (sample.path.name, sample.path.parent) == (where.name, where.parent)
    attribute = found[0].shapes[0].attributes[0]
    assert (attribute.name, attribute.value, attribute.additional_properties) == (
        "color",
        "black",
        {"future": 1},
    )
    assert found[0].shapes[1].mask.area == 1  # type: ignore[union-attr]
    assert found[0].shapes[1].additional_properties == {"novel": "kept"}
    assert found[2].asset.additional_properties == {"from_the_future": {"a": [1, 2]}}
    assert found[2].shapes[0].kind.value == "hexagon"
    # A decoded field is the model's own: reading it twice gives the same object, and two
    # shapes that share their undecoded part never share a decoded list.
    assert found[1].shapes == []
    assert found[2].shapes[0].attributes is not found[2].shapes[1].attributes


def test_a_subset_keeps_only_its_samples(tmp_path: Path) -> None:
    found, _ = _Cache(tmp_path).run(SampleIndex.of_manifest(_manifest()), subset="val")
    assert [s.asset.name for s in found] == ["2.png"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit
        lambda data: data[:20],  # truncated
        lambda data: b"",
        lambda data: b"not an index",
    ],
)
def test_a_damaged_index_is_not_read(tmp_path: Path, damage: Any) -> None:
    where = samples.index_path(tmp_path, "b" * 64)
    SampleIndex.of_manifest(_manifest()).write(where, "b" * 64)
    assert SampleIndex.read(where, "b" * 64) is not None
    assert SampleIndex.read(where, "c" * 64) is None  # another manifest's
    where.write_bytes(damage(where.read_bytes()))
    assert SampleIndex.read(where, "b" * 64) is None
    assert SampleIndex.read(tmp_path / "missing.samples", "b" * 64) is None


def test_each_pass_checks_every_cached_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _Cache(tmp_path)
    index = SampleIndex.of_manifest(_manifest())
    found, changed = cache.run(index)
    assert (cache.downloads, changed) == (["0.png", "1.png", "2.png"], True)
    # The files are as old as the pass: their ctime may not move on a change within the same
    # clock tick, so they are recorded as racy and hashed next time.
    assert index.ctimes == [samples._RACY] * 3
    one = found[0].path
    one.write_bytes(b"X" * len(_image(0)))  # same size, other bytes, maybe the same ctime
    cache.downloads.clear()
    found, changed = cache.run(index)
    assert (cache.downloads, changed) == (["0.png"], True)
    assert one.read_bytes() == _image(0)

    # Files old enough that any change moves their ctime: an unchanged file is not hashed.
    monkeypatch.setattr(samples, "_TICK_NS", -(10**18))
    monkeypatch.setattr(samples, "_WHOLE_SECOND_TICK_NS", -(10**18))
    cache.run(index)
    assert all(ctime > 0 for ctime in index.ctimes)
    hashed: list[str] = []
    digest_of = samples._digest_of

    def counted(path: str) -> str:
        hashed.append(path)
        return digest_of(path)

    monkeypatch.setattr(samples, "_digest_of", counted)
    cache.downloads.clear()
    found, changed = cache.run(index)
    assert (cache.downloads, hashed, changed) == ([], [], False)

    # Removed, truncated, replaced by another file of the same size: each is noticed.
    found[0].path.unlink()
    with found[1].path.open("r+b") as out:
        out.truncate(3)
    other = tmp_path / "other"
    other.write_bytes(b"Y" * len(_image(2)))
    os.replace(other, found[2].path)
    found, changed = cache.run(index)
    assert (cache.downloads, changed) == (["0.png", "1.png", "2.png"], True)
    assert hashed == [str(found[2].path)]  # the missing and the short one need no hash
    assert [s.path.read_bytes() for s in found] == [_image(i) for i in range(3)]


def test_a_file_the_index_never_saw_is_hashed(tmp_path: Path) -> None:
    cache = _Cache(tmp_path)
    manifest = _manifest()
    for index, item in enumerate(manifest["assets"]):
        path = tmp_path / item["sha256"][:2] / item["sha256"]
        path.parent.mkdir(parents=True, exist_ok=True)
        # Another process's downloads, or files left when the index was lost: the first is
        # right, the second has the right size and other bytes, the third is short.
        path.write_bytes([_image(0), b"Z" * len(_image(1)), b"short"][index])
    found, _ = cache.run(SampleIndex.of_manifest(manifest))
    assert cache.downloads == ["1.png", "2.png"]
    assert [s.path.read_bytes() for s in found] == [_image(i) for i in range(3)]


def test_what_a_caller_changes_never_reaches_the_index(tmp_path: Path) -> None:
    manifest = _manifest()
    points = list(manifest["assets"][0]["shapes"][0]["points"])
    index = SampleIndex.of_manifest(manifest)
    manifest["assets"][0]["shapes"][0]["points"].append(-1.0)  # the document it was made from
    cache = _Cache(tmp_path)
    found, _ = cache.run(index)
    assert found[0].shapes[0].points == points
    found[0].shapes[0].points[:] = [0.0]  # and the objects of a pass
    found[2].asset.additional_properties.clear()
    where = samples.index_path(tmp_path, "d" * 64)
    index.write(where, "d" * 64)
    stored = SampleIndex.read(where, "d" * 64)
    assert stored is not None
    again, _ = cache.run(stored)
    assert [s.asset.to_dict() for s in again] == [
        {**item, "shapes": [{**item["shapes"][0], "points": points}, *item["shapes"][1:]]}
        if number == 0
        else item
        for number, item in enumerate(_manifest()["assets"])
    ]


def test_a_relative_cache_directory_gives_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for root in (Path("."), Path("cache")):
        found, _ = _Cache(root).run(SampleIndex.of_manifest(_manifest()))
        sha = found[0].asset.sha256
        assert found[0].path == root / sha[:2] / sha
        assert str(found[0].path) == str(root / sha[:2] / sha)
        assert found[0].path.read_bytes() == _image(0)
