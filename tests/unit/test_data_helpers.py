"""Pure logic of the data path: upload batching, progress, shape builders, atomic downloads."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from annota_api.models import Attribute, Shape, ShapeKind, ShapeSource
from annota_api.types import parse_datetime

from annota import shapes
from annota.errors import IntegrityError, InvalidRequestError
from annota.progress import (
    NullProgressReporter,
    ProgressReporter,
    RichProgressReporter,
    TqdmProgressReporter,
)
from annota.proxies import tasks
from annota.transfer import ProgressReader, destination, download_to


class Recorder:
    """A ProgressReporter that remembers what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        self.events.append(("start", (total, unit)))

    def advance(self, amount: float) -> None:
        self.events.append(("advance", amount))

    def finish(self) -> None:
        self.events.append(("finish", None))

    @property
    def advanced(self) -> float:
        return sum(value for kind, value in self.events if kind == "advance")


def test_reporters_satisfy_the_protocol() -> None:
    assert isinstance(Recorder(), ProgressReporter)
    assert isinstance(NullProgressReporter(), ProgressReporter)
    assert isinstance(TqdmProgressReporter(), ProgressReporter)
    assert isinstance(RichProgressReporter(), ProgressReporter)


def test_tqdm_reporter_draws_a_bar_per_piece_of_work() -> None:
    out = io.StringIO()
    reporter = TqdmProgressReporter(file=out, mininterval=0)
    reporter.start(2048, description="upload")
    reporter.advance(1024)
    reporter.advance(1024)
    reporter.finish()
    reporter.start(100, description="export", unit="%")
    reporter.advance(100)
    reporter.finish()
    text = out.getvalue()
    assert "upload" in text
    assert "2.00k" in text.lower()
    assert "export" in text
    assert "100/100" in text


def test_rich_reporter_draws_a_bar_per_piece_of_work() -> None:
    from rich.console import Console

    out = io.StringIO()
    reporter = RichProgressReporter(Console(file=out, force_terminal=True, width=120))
    reporter.start(2048, description="upload frames")
    reporter.advance(2048)
    reporter.finish()
    reporter.start(100, description="export 7", unit="%")
    reporter.advance(50)
    reporter.finish()
    reporter.finish()  # closing twice is harmless
    text = out.getvalue()
    assert "upload frames" in text
    assert "2.0/2.0 kB" in text
    assert "export 7" in text
    assert "50%" in text


def test_upload_batches_respect_count_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "UPLOAD_BATCH_FILES", 3)
    monkeypatch.setattr(tasks, "UPLOAD_BATCH_BYTES", 100)
    assert list(tasks._batches([10] * 7)) == [[0, 1, 2], [3, 4, 5], [6]]
    # A file larger than the byte budget goes alone, and never makes an empty batch.
    assert list(tasks._batches([60, 60, 500, 10])) == [[0], [1], [2], [3]]
    assert list(tasks._batches([])) == []


def test_progress_reader_reports_every_byte_and_keeps_seeking() -> None:
    recorder = Recorder()
    reader = ProgressReader(io.BytesIO(b"x" * 1000), recorder)
    assert reader.seek(0, 2) == 1000
    assert reader.seek(0) == 0
    assert reader.read(300) == b"x" * 300
    assert len(reader.read()) == 700
    assert reader.read() == b""
    assert recorder.advanced == 1000


def test_shape_builders() -> None:
    box = shapes.bbox(3, 7, 1, 2, 30.5, 40, attributes={"color": "black"}, occluded=True)
    assert box.to_dict() == {
        "asset": 3,
        "label": 7,
        "kind": "bbox",
        "points": [1.0, 2.0, 30.5, 40.0],
        "attributes": [{"name": "color", "value": "black"}],
        "occluded": True,
        "z_order": 0,
    }
    assert shapes.polygon(3, 7, [(0, 0), (5, 0), (2, 4)]).points == [0, 0, 5, 0, 2, 4]
    assert shapes.polyline(3, 7, [0, 0, 9, 9]).kind == ShapeKind.POLYLINE
    assert shapes.points(3, 7, [(1, 1)]).points == [1.0, 1.0]
    tag = shapes.tag(3, 7)
    assert tag.kind == ShapeKind.TAG
    assert tag.points == []


class _WithId:
    id = 42


def test_shapes_take_objects_with_an_id_and_copy_read_shapes() -> None:
    assert shapes.bbox(_WithId(), _WithId(), 0, 0, 1, 1).asset == 42
    now = parse_datetime("2026-12-01T00:00:00Z")
    read = Shape(
        id=5, asset=1, job=2, label=3, kind=ShapeKind.POLYGON, points=[0, 0, 1, 0, 1, 1],
        attributes=[Attribute(name="a", value="b")], occluded=False, z_order=2,
        source=ShapeSource.IMPORTED, created_at=now, updated_at=now,
    )  # fmt: skip
    copy = shapes.to_create(read)
    assert (copy.asset, copy.label, copy.kind, copy.points, copy.z_order) == (
        1, 3, ShapeKind.POLYGON, [0, 0, 1, 0, 1, 1], 2,
    )  # fmt: skip
    assert copy.source == ShapeSource.IMPORTED
    change = shapes.to_update(read)
    assert change.id == 5
    assert change.points == [0, 0, 1, 0, 1, 1]
    assert shapes.to_id(read) == 5
    assert shapes.to_id(9) == 9


def test_shape_dicts_are_checked_before_sending() -> None:
    with pytest.raises(InvalidRequestError, match="colour"):
        shapes.to_create({"asset": 1, "label": 2, "kind": "bbox", "colour": "red"})
    with pytest.raises(InvalidRequestError, match="id"):
        shapes.to_update({"points": [1, 2, 3, 4]})


class FakeResponse:
    """Just what download_to reads of a streamed HttpResponse."""

    status_code = 200

    def __init__(self, chunks: list[bytes], length: int) -> None:
        self.headers = {"Content-Length": str(length)}
        self._chunks = chunks

    def iter_content(self, chunk_size: int) -> Iterator[bytes]:
        yield from self._chunks

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def test_download_is_atomic_and_verified(tmp_path: Path) -> None:
    data = [b"a" * 1000, b"b" * 24]
    digest = hashlib.sha256(b"".join(data)).hexdigest()
    target = tmp_path / "out.bin"
    recorder = Recorder()
    result = download_to(
        lambda _offset: FakeResponse(data, 1024),  # type: ignore[arg-type, return-value]
        target,
        recorder,
        description="x",
        expected_sha256=digest,
    )
    assert result == target
    assert target.read_bytes() == b"".join(data)
    assert recorder.events[0] == ("start", (1024, "B"))
    assert recorder.advanced == 1024

    truncated = tmp_path / "short.bin"
    with pytest.raises(IntegrityError, match="received 1000 of 1024"):
        download_to(
            lambda _offset: FakeResponse(data[:1], 1024), truncated, recorder, description="x"
        )  # type: ignore[arg-type, return-value]
    with pytest.raises(IntegrityError, match="SHA-256"):
        download_to(
            lambda _offset: FakeResponse(data, 1024),  # type: ignore[arg-type, return-value]
            truncated,
            recorder,
            description="x",
            expected_sha256="0" * 64,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]  # no partial files left


def test_download_without_a_digest_skips_the_hash_but_not_the_size(tmp_path: Path) -> None:
    data = [b"c" * 512]
    threads_seen: set[str] = set()

    class Watched(FakeResponse):
        def iter_content(self, chunk_size: int) -> Iterator[bytes]:
            threads_seen.update(t.name for t in threading.enumerate())
            yield from super().iter_content(chunk_size)

    target = download_to(
        lambda _offset: Watched(data, 512),  # type: ignore[arg-type, return-value]
        tmp_path / "unverified.bin",
        Recorder(),
        description="x",
    )
    assert target.read_bytes() == data[0]
    assert "annota-sha256" not in threads_seen, "no hashing thread without a digest to check"
    with pytest.raises(IntegrityError, match="received 512 of 600"):
        download_to(
            lambda _offset: Watched(data, 600),  # type: ignore[arg-type, return-value]
            tmp_path / "short.bin",
            Recorder(),
            description="x",
        )


def test_destination_keeps_server_names_inside_the_directory(tmp_path: Path) -> None:
    assert destination(tmp_path, "../../etc/passwd") == tmp_path / "passwd"
    assert destination(tmp_path / "given.png", "other.png") == tmp_path / "given.png"
    assert destination(f"{tmp_path / 'new'}/", "a.png") == tmp_path / "new" / "a.png"
    assert (tmp_path / "new").is_dir(), "a trailing separator names a directory, made if missing"
