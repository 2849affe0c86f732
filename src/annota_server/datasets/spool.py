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

BATCH = 5000
"""Items per batch: the rows of one shape INSERT of an import."""


class Spool:
    """A list on disk: :meth:`add` items, then read them back with :meth:`batches`."""

    def __init__(self, batch: int | None = None) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._batch: list[Any] = []
        self._size = batch or BATCH
        self.count = 0
        """How many items were added."""

    def add(self, item: Any) -> None:
        """Append one item (written out when its batch is full)."""
        self._batch.append(item)
        self.count += 1
        if len(self._batch) >= self._size:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

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
