"""The API reference documents every public name (issue 18).

mkdocstrings writes the site's inventory, ``site/objects.inv`` (Sphinx's format: four header
lines, then zlib-compressed lines ``name domain:role priority uri display-name``). Every name
of ``__all__`` of the public modules must be in it, on a page of the site that has the anchor.

``make test`` builds the site first (``test`` depends on ``docs``), so this reads that build.
Run alone, with no site or one older than the sources, it builds one into a temporary folder.
"""

from __future__ import annotations

import importlib
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The package, then the modules with a reference page of their own (each is documented too).
PUBLIC_MODULES = [
    "annota",
    "annota.errors",
    "annota.shapes",
    "annota.auto_annotation",
    "annota.render",
]
_LINE = re.compile(r"(?x)(.+?)\s+(\S+):(\S+)\s+(-?\d+)\s+(\S*)\s+(.*)")


@dataclass(frozen=True)
class Entry:
    """One object of the inventory: its role and where the site documents it."""

    role: str
    priority: int
    page: str
    anchor: str


def read_inventory(data: bytes) -> dict[str, Entry]:
    """The objects of a Sphinx version 2 inventory, by name (the first entry of a name wins)."""
    header = data.split(b"\n", 4)
    assert header[0] == b"# Sphinx inventory version 2", header[0]
    assert b"zlib" in header[3], header[3]
    entries: dict[str, Entry] = {}
    for line in zlib.decompress(header[4]).decode("utf-8").splitlines():
        found = _LINE.fullmatch(line)
        assert found, line
        name, _domain, role, priority, uri, _display = found.groups()
        page, _, anchor = uri.partition("#")
        entry = Entry(role, int(priority), page, anchor.replace("$", name))
        entries.setdefault(name, entry)
    return entries


@pytest.fixture(scope="session")
def inventory(site: Path) -> dict[str, Entry]:
    return read_inventory((site / "objects.inv").read_bytes())


def public_names() -> list[str]:
    names = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        if module_name != "annota":  # the package's page lists its names, not itself
            names.append(module_name)
        names += [f"{module_name}.{name}" for name in module.__all__]
    return names


def test_the_inventory_parser_reads_what_sphinx_writes() -> None:
    body = "annota.Client py:class 1 reference/annota.html#$ -\nannota.x py:data 2 a.html#b c d\n"
    data = b"# Sphinx inventory version 2\n# Project: p\n# Version: 1\n"
    data += b"# The remainder of this file is compressed using zlib.\n"
    parsed = read_inventory(data + zlib.compress(body.encode()))
    assert parsed == {
        "annota.Client": Entry("class", 1, "reference/annota.html", "annota.Client"),
        "annota.x": Entry("data", 2, "a.html", "b"),
    }


@pytest.mark.parametrize("name", public_names())
def test_every_public_name_is_in_the_api_reference(
    name: str, inventory: dict[str, Entry], site: Path
) -> None:
    entry = inventory.get(name)
    assert entry is not None, f"{name} is public but not in the API reference (docs/reference/)"
    page = site / entry.page
    assert page.is_file(), f"{name}: the inventory names {entry.page}, which was not built"
    assert f'id="{entry.anchor}"' in page.read_text(encoding="utf-8"), (name, entry)
