"""The Python examples of the documentation: the fenced ```python blocks of a Markdown page.

A block whose first line is ``# docs: not run`` (followed by the reason) is an opt-out: it is
shown but never executed. tests/docs/test_examples.py keeps the list of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

OPT_OUT = "# docs: not run"
_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    """One example: its code and the line of the page where that code starts (1-based)."""

    page: Path
    line: int
    source: str

    @property
    def opted_out(self) -> bool:
        """Whether the block says it cannot run."""
        return self.source.startswith(OPT_OUT)


def python_blocks(page: Path) -> list[Block]:
    """The ```python blocks of ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    return [
        Block(page, text.count("\n", 0, found.start(1)) + 1, found[1])
        for found in _FENCE.finditer(text)
    ]
