"""Progress reporting for uploads, downloads and waits on long-running operations.

Anything that takes a ``pbar=`` argument reports through :class:`ProgressReporter`: uploads
and downloads in bytes, waits in percent of the server's progress. The default reports
nothing; :class:`TqdmProgressReporter` draws a tqdm bar (``pip install 'annota[tqdm]'``) and
:class:`RichProgressReporter` a rich one (``pip install 'annota[cli]'``, what the ``annota``
command uses).
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "NullProgressReporter",
    "ProgressReporter",
    "RichProgressReporter",
    "TqdmProgressReporter",
]


@runtime_checkable
class ProgressReporter(Protocol):
    """Receives the progress of one piece of work at a time.

    ``start`` opens a piece of work (``total`` in ``unit``s, None when unknown), ``advance``
    adds to what is done, ``finish`` closes it. One reporter may be started again for the
    next piece (an export waits, then downloads).
    """

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        """Begin a piece of work."""
        ...

    def advance(self, amount: float) -> None:
        """Add ``amount`` units to what is done."""
        ...

    def finish(self) -> None:
        """End the piece of work (also called when it failed)."""
        ...


class NullProgressReporter:
    """Reports nothing: the default."""

    __slots__ = ()

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        """Do nothing."""

    def advance(self, amount: float) -> None:
        """Do nothing."""

    def finish(self) -> None:
        """Do nothing."""


class TqdmProgressReporter:
    """Draws a tqdm progress bar for each piece of work.

    Keyword arguments go to ``tqdm.tqdm`` (``leave=False``, ``file=sys.stderr``, ...).
    Needs the ``tqdm`` extra: ``pip install 'annota[tqdm]'``.
    """

    def __init__(self, **tqdm_options: Any) -> None:
        try:
            import tqdm  # noqa: F401
        except ImportError as exc:
            raise ImportError(
                "TqdmProgressReporter needs tqdm: pip install 'annota[tqdm]'"
            ) from exc
        self._options = tqdm_options
        self._bar: Any = None

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        """Open a new bar (closing one still open)."""
        from tqdm import tqdm

        self.finish()
        scaled = unit == "B"
        options: dict[str, Any] = {"unit_scale": scaled, "unit_divisor": 1024 if scaled else 1000}
        options.update(self._options)
        self._bar = tqdm(total=total, desc=description or None, unit=unit, **options)

    def advance(self, amount: float) -> None:
        """Move the bar on."""
        if self._bar is not None:
            self._bar.update(amount)

    def finish(self) -> None:
        """Close the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class RichProgressReporter:
    """Draws a rich progress bar for each piece of work, on stderr by default.

    ``console`` is a ``rich.console.Console`` to draw on. Bars of bytes show sizes and speed;
    others show the percentage. Needs the ``cli`` extra: ``pip install 'annota[cli]'``.
    """

    def __init__(self, console: Any = None, *, transient: bool = False) -> None:
        try:
            from rich.console import Console
        except ImportError as exc:
            raise ImportError("RichProgressReporter needs rich: pip install 'annota[cli]'") from exc
        self._console = console if console is not None else Console(stderr=True)
        self._transient = transient
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        """Open a new bar (closing one still open)."""
        from rich import progress as rp

        self.finish()
        counted: list[rp.ProgressColumn] = (
            [rp.DownloadColumn(), rp.TransferSpeedColumn()]
            if unit == "B"
            else [rp.TaskProgressColumn()]
        )
        self._progress = rp.Progress(
            rp.TextColumn("{task.description}"),
            rp.BarColumn(),
            *counted,
            rp.TimeRemainingColumn(),
            console=self._console,
            transient=self._transient,
        )
        self._progress.start()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, amount: float) -> None:
        """Move the bar on."""
        if self._progress is not None:
            self._progress.advance(self._task, amount)

    def finish(self) -> None:
        """Close the bar."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


NULL_REPORTER = NullProgressReporter()


def reporter_or_null(pbar: ProgressReporter | None) -> ProgressReporter:
    """The given reporter, or the one that reports nothing."""
    return NULL_REPORTER if pbar is None else pbar


class LockedReporter:
    """A reporter that several threads may advance at once (one lock around the inner one)."""

    def __init__(self, inner: ProgressReporter) -> None:
        self._inner = inner
        self._lock = threading.Lock()

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        """Start the inner reporter."""
        with self._lock:
            self._inner.start(total, description=description, unit=unit)

    def advance(self, amount: float) -> None:
        """Advance the inner reporter, one thread at a time."""
        with self._lock:
            self._inner.advance(amount)

    def finish(self) -> None:
        """Finish the inner reporter."""
        with self._lock:
            self._inner.finish()
