"""What the dataset formats share: errors, the outcome, and what they see of their operation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from annota_server.context import Runtime


class DatasetError(Exception):
    """A dataset that cannot be exported or imported; the message is shown to the user as is."""


class Interrupted(Exception):
    """The operation must stop at this step (cancelled, taken away or shutting down)."""


@dataclass(frozen=True)
class Outcome:
    """How an operation finished: its message and, for an export, the stored result."""

    message: str = ""
    result_key: str | None = None
    result_size: int | None = None
    skipped: list[dict[str, Any]] = field(default_factory=list)
    """What an export left out: ``{kind, label, count}`` (see :class:`Skipped`)."""
    options: dict[str, Any] = field(default_factory=dict)
    """What to keep beside the request's options (a version operation's ``version`` id)."""


class Skipped:
    """Shapes an export's format cannot hold, counted per kind and label (the honest part)."""

    def __init__(self, label_names: dict[int, str]) -> None:
        self._names = label_names
        self._counts: Counter[tuple[str, int]] = Counter()

    def add(self, kind: str, label_id: int) -> None:
        """Count one shape left out."""
        self._counts[kind, label_id] += 1

    def as_list(self) -> list[dict[str, Any]]:
        """The counts as the API's ``SkippedShapes`` items, by kind then label."""
        return [
            {"kind": kind, "label": self._names.get(label_id, str(label_id)), "count": count}
            for (kind, label_id), count in sorted(
                self._counts.items(), key=lambda item: (item[0][0], self._names.get(item[0][1], ""))
            )
        ]

    def message(self, format_name: str) -> str:
        """The operation's message: what was left out, or empty when nothing was."""
        if not self._counts:
            return ""
        by_kind: Counter[str] = Counter()
        for (kind, _), count in self._counts.items():
            by_kind[kind] += count
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(by_kind.items()))
        total = sum(by_kind.values())
        return f"Skipped {total} shapes that {format_name} cannot hold ({kinds})."


class OperationRun(Protocol):
    """A claimed operation, as the format code sees it (implemented by the workers)."""

    runtime: Runtime
    id: int
    format: str
    options: dict[str, Any]
    project_id: int
    input_key: str | None

    def step(self, fraction: float, message: str | None = None) -> None:
        """Report progress (0..1); raises :class:`Interrupted` when the operation must stop."""
        ...

    def finish(self, db: Session, outcome: Outcome) -> None:
        """Mark the operation finished inside ``db``'s transaction (raises Interrupted if not)."""
        ...


class Steps:
    """Progress from ``start`` to ``end`` over ``total`` units, a step every ``every`` units."""

    def __init__(
        self, run: OperationRun, start: float, end: float, total: int, every: int = 1
    ) -> None:
        self._run, self._start, self._span = run, start, end - start
        self._total, self._every = max(1, total), every
        self._done = self._since = 0

    def advance(self) -> None:
        """Count one unit; report progress (and stop when cancelled) every ``every`` units."""
        self._done += 1
        self._since += 1
        if self._since >= self._every:
            self._since = 0
            self._run.step(self._start + self._span * min(1.0, self._done / self._total))
