"""How the ``annota`` command shows things: tables for people, JSON lines for programs.

A table is drawn with rich when it is installed (the ``cli`` extra), as plain aligned
columns otherwise. ``--json`` prints one JSON object per line, as the items arrive, so a
long list streams into ``jq`` without being held in memory. Messages go to stderr, data to
stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from annota.progress import NULL_REPORTER, ProgressReporter


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its header and how to read it off an item.

    Without ``value``, the column is the item's attribute named like the header.
    """

    header: str
    value: Callable[[Any], object] | None = None

    def read(self, item: Any) -> object:
        """The column's value for ``item``."""
        return self.value(item) if self.value is not None else getattr(item, self.header)


def _has_rich() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


class Output:
    """Where a command writes: ``json_lines`` picks the format for data."""

    def __init__(
        self, *, json_lines: bool, stdout: TextIO | None = None, stderr: TextIO | None = None
    ) -> None:
        self.json_lines = json_lines
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr

    def items(self, items: Iterable[Any], columns: Sequence[Column]) -> int:
        """Show entities as a table (or JSON lines); returns how many there were."""
        if self.json_lines:
            count = 0
            for item in items:
                self._json(item)
                count += 1
            return count
        rows = [[_text(column.read(item)) for column in columns] for item in items]
        self._table([column.header for column in columns], rows)
        return len(rows)

    def item(self, item: Any, columns: Sequence[Column]) -> None:
        """Show one entity: all of it as JSON, or its columns as ``header: value`` lines."""
        if self.json_lines:
            self._json(item)
            return
        width = max(len(column.header) for column in columns)
        for column in columns:
            print(f"{column.header:<{width}}  {_text(column.read(item))}", file=self.stdout)

    def summary(self, data: dict[str, Any]) -> None:
        """With ``--json``, what a command did as one JSON object on stdout; nothing otherwise."""
        if self.json_lines:
            self._json(data)

    def message(self, text: str) -> None:
        """Tell the person at the terminal (stderr, so data on stdout stays clean)."""
        print(text, file=self.stderr)

    def progress(self) -> ProgressReporter:
        """A progress bar on stderr when it is a terminal and rich is there; else nothing."""
        if not (self.stderr.isatty() and _has_rich()):
            return NULL_REPORTER
        from rich.console import Console

        from annota.progress import RichProgressReporter

        return RichProgressReporter(Console(file=self.stderr), transient=True)

    def _json(self, item: Any) -> None:
        data = item.to_dict() if hasattr(item, "to_dict") else item
        print(json.dumps(data, default=str), file=self.stdout)

    def _table(self, headers: list[str], rows: list[list[str]]) -> None:
        if self.stdout.isatty() and _has_rich():
            from rich.console import Console
            from rich.table import Table

            table = Table(*headers)
            for row in rows:
                table.add_row(*row)
            Console(file=self.stdout).print(table)
            return
        widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
        for line in [headers, *rows]:
            print(
                "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip(),
                file=self.stdout,
            )


def _text(value: object) -> str:
    if value is None:
        return "-"
    if hasattr(value, "value"):  # a generated enum
        return str(value.value)
    return str(value)
