"""The datasets guide's table of formats x directions x tools names tests that exist (issue 23).

Each row of "Tested against other tools" names ``<file under tests/integration>::<test>``; a
renamed or deleted test would leave a cell that no test proves.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide" / "datasets.md"
_CELL = re.compile(r"`([\w/]+\.py)::(test_\w+)`")


def _table() -> list[str]:
    """The lines of the table of "Tested against other tools"."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Tested against other tools", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ")]


def _rows() -> list[tuple[str, str]]:
    return [match.groups() for line in _table() for match in _CELL.finditer(line)]


def test_every_cell_of_the_tools_table_names_a_test_that_exists() -> None:
    rows = _rows()
    assert len(rows) >= 15, rows
    for path, name in rows:
        source = ROOT / "tests" / "integration" / path
        assert source.is_file(), f"{path} (named in {GUIDE.name}) does not exist"
        assert re.search(rf"^def {name}\(", source.read_text(encoding="utf-8"), re.M), (
            f"{path} has no {name} (named in {GUIDE.name})"
        )


def test_the_table_covers_both_directions_of_each_format() -> None:
    cells = {
        tuple(cell.strip() for cell in line.strip("|").split("|")[:2])
        for line in _table()
        if "::" in line
    }
    for fmt in ("COCO", "YOLO", "Pascal VOC"):
        assert {(fmt, "import"), (fmt, "export")} <= cells, fmt
