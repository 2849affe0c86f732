"""Items kept on disk in batches while an import streams: memory holds one batch of them.

An import cannot write a shape as soon as it reads it (its image may not be measured yet,
COCO's categories may come after its annotations, and every write goes into one final
transaction), so what it has read and checked waits here, pickled a batch at a time to a
temporary file, and is read back in order, a batch at a time.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Any

from annota_server.datasets.model import Dataset, ImageSpec, ShapeSpec

BATCH = 5000
"""Items per batch: the rows of one shape INSERT of an import."""


class Spool:
    """A list on disk: :meth:`add` items, then read them back with :meth:`batches`."""

    def __init__(self, batch: int | None = None) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._batch: list[Any] = []
        self._size = batch or BATCH
        self._weight = 0
        self.count = 0
        """How many items were added."""
        self.flushes = 0
        """How many batches went to disk (what tests count to see that an import streams)."""

    def add(self, item: Any, weight: int = 1) -> None:
        """Append one item that counts as ``weight`` (its shapes) towards a full batch."""
        self._batch.append(item)
        self.count += 1
        self._weight += weight
        if self._weight >= self._size:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []
            self._weight = 0
            self.flushes += 1

    def batches(self) -> Iterator[list[Any]]:
        """The items in the order they were added, a batch at a time (again on each call)."""
        self._flush()
        end = self._file.tell()
        self._file.seek(0)
        try:
            while self._file.tell() < end:
                yield pickle.load(self._file)  # noqa: S301 (our own file, written just now)
        finally:
            self._file.seek(end)

    def __iter__(self) -> Iterator[Any]:
        """The items one by one."""
        for batch in self.batches():
            yield from batch

    def close(self) -> None:
        """Drop the file."""
        self._batch = []
        self._file.close()


class ImageShapes:
    """The shapes of a dataset's images, spooled as a format reads them, an image at a time.

    Each image is kept (a few fields), its shapes go to disk by the batch: memory holds one
    batch of shapes whatever the file's size. :meth:`attach` makes them the dataset's stream.
    """

    def __init__(self) -> None:
        self.spool = Spool()
        self._images: list[ImageSpec] = []
        self._numbers: dict[int, int] = {}

    def add(self, image: ImageSpec, shapes: list[ShapeSpec]) -> None:
        """Spool ``shapes`` of ``image`` (the same image may come again)."""
        if not shapes:
            return
        number = self._numbers.get(id(image))
        if number is None:
            number = self._numbers[id(image)] = len(self._images)
            self._images.append(image)
        self.spool.add((number, shapes), len(shapes))

    def stream(self) -> Iterator[tuple[ImageSpec, list[ShapeSpec]]]:
        """The spooled ``(image, shapes)`` in the order they were added."""
        for number, shapes in self.spool:
            yield self._images[number], shapes

    def attach(self, dataset: Dataset) -> None:
        """Make these shapes ``dataset``'s stream; closing the dataset drops the file."""
        dataset.stream = self.stream
        dataset.closers.append(self.spool.close)
