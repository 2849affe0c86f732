"""The CVAT and Label Studio formats against their parse and serialise floor, 10,000 shapes.

In this process, without a server: an export is the format's ``write`` over rows held in
memory (what the database would hand it) into a zip, against the standard library writing
the same document into the same zip (``ElementTree.tostring`` of the exported XML for
``cvat``, ``json.dumps`` of the exported JSON for ``labelstudio``). An import is the format's
``parse`` of that archive (checks, limits and all: everything an import does before it stores
files and rows) against ``ElementTree.fromstring`` / ``json.loads`` of the same member. CPU
time, median of rounds taken in turn.
"""

from __future__ import annotations

import gc
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

from bench.harness import Context, Section, logger, median, num

NEEDS: set[str] = set()
SHAPES_PER_IMAGE = 20


class _Reader:
    """The rows an export reads, from memory (a ProjectReader's interface)."""

    def __init__(self, shapes: int) -> None:
        images = shapes // SHAPES_PER_IMAGE
        self.project = SimpleNamespace(id=1, name="bench")
        self.labels = [
            SimpleNamespace(id=1, name="cat", color="#e6194b", kind="any"),
            SimpleNamespace(id=2, name="dog", color="#3cb44b", kind="any"),
        ]
        self.tasks = [SimpleNamespace(id=1, name="t", subset="train")]
        self._assets = [
            SimpleNamespace(
                id=i + 1, name=f"img{i}.jpg", width=640, height=480, position=i, storage_key=""
            )
            for i in range(images)
        ]
        self._shapes = [
            SimpleNamespace(
                asset_id=i // SHAPES_PER_IMAGE + 1,
                position=i // SHAPES_PER_IMAGE,
                label_id=1 + i % 2,
                kind="bbox" if i % 2 else "polygon",
                points=[10.5, 20.25, 110.0, 220.75]
                if i % 2
                else [10.0, 10.0, 50.5, 10.0, 30.0, 40.25, 12.0, 33.0],
                attributes=[{"name": "pose", "value": "sitting"}],
                occluded=bool(i % 3 == 0),
                z_order=0,
                source="manual",
                score=None,
                model_name=None,
            )
            for i in range(shapes)
        ]
        self.asset_count, self.shape_count = images, shapes

    def assets(self, task: Any) -> Iterator[Any]:
        return iter(self._assets)

    def shapes(self, task: Any) -> Iterator[Any]:
        return iter(self._shapes)


def _cpu(fn: Callable[[], Any]) -> float:
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def run(ctx: Context) -> Section:
    from annota_server.datasets import cvat, labelstudio
    from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput

    log = logger("foreign_formats")
    rounds = 3 if ctx.scale.name == "quick" else 7
    shapes = 10_000
    reader = _Reader(shapes)
    names = ArchiveNames()
    for asset in reader.assets(None):
        names.assign(asset.id, asset.name)
    names.seal()
    formats = {"cvat": (cvat, cvat.MEMBER), "labelstudio": (labelstudio, labelstudio.MEMBER)}

    def export(module: Any) -> bytes:
        out = ZipOutput()
        try:
            module.write(reader, out, names, lambda: None)
            return out.finish().read()
        finally:
            out.close()

    def floor_export(member: str, payload: Callable[[], bytes]) -> None:
        out = ZipOutput()
        try:
            out.add_stream(member, [payload()])
            out.finish()
        finally:
            out.close()

    rows = []
    for fmt, (module, member) in formats.items():
        archive = export(module)
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            text = zf.read(member)
        if fmt == "cvat":
            tree = ElementTree.fromstring(text)

            def serialise(tree: Any = tree) -> bytes:
                return bytes(ElementTree.tostring(tree, encoding="utf-8"))

            def load(text: bytes = text) -> Any:
                return ElementTree.fromstring(text)
        else:
            document = json.loads(text)

            def serialise(document: Any = document) -> bytes:
                return json.dumps(document, ensure_ascii=False).encode()

            def load(text: bytes = text) -> Any:
                return json.loads(text)

        variants: dict[str, Callable[[], Any]] = {
            "export": lambda module=module: export(module),
            "export floor": lambda member=member, serialise=serialise: floor_export(
                member, serialise
            ),
            "import": lambda archive=archive, module=module: module.parse(
                Archive(io.BytesIO(archive))
            ),
            "import floor": load,
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for index in range(rounds):
            order = list(variants)
            order = order[index % len(order) :] + order[: index % len(order)]
            for name in order:
                times[name].append(_cpu(variants[name]))
        log(f"{fmt}: {times}")
        got = {name: median(values) for name, values in times.items()}
        floor = "ElementTree" if fmt == "cvat" else "json"
        rows.append(
            [
                fmt,
                num(len(text) / 1e6, 1),
                num(got["export"] * 1e3),
                f"{num(got['export floor'] * 1e3)} ({floor})",
                f"{got['export'] / got['export floor']:.2f}x",
                num(got["import"] * 1e3),
                f"{num(got['import floor'] * 1e3)} ({floor})",
                f"{got['import'] / got['import floor']:.2f}x",
            ]
        )
    section = Section("CVAT and Label Studio: export and import of 10,000 shapes")
    section.para(
        f"{shapes:,} shapes (boxes and polygons, an attribute each) on "
        f"{shapes // SHAPES_PER_IMAGE} images; CPU ms in this process, median of {rounds} "
        "rounds taken in turn. Export: the format's writer into a zip against the standard "
        "library serialising the same document into the same zip. Import: the format's parse "
        "(every check and limit, before files and rows are stored) against the standard "
        "library parsing the same member."
    )
    section.table(
        ["format", "MB", "export ms", "floor ms", "ratio", "import ms", "floor ms", "ratio"],
        rows,
    )
    return section
