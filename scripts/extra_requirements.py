"""Print the requirements an extra adds on top of another, one per line (for the Makefile).

``python scripts/extra_requirements.py dev demo`` lists what ``pip install -e '.[dev]'``
installs beyond ``.[demo]``: `make test` after `make demo` adds only those to the demo's
environment instead of setting it up again. ``annota[...]`` self-references are expanded.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirements(extra: str, extras: dict[str, list[str]], name: str = "annota") -> set[str]:
    """Every requirement of ``extra``, with the project's own extras expanded."""
    found: set[str] = set()
    for requirement in extras[extra]:
        if requirement.startswith(f"{name}["):
            for inner in requirement[len(name) + 1 : requirement.index("]")].split(","):
                found |= requirements(inner.strip(), extras, name)
        else:
            found.add(requirement)
    return found


def main(argv: list[str]) -> int:
    """Print ``argv[0]``'s requirements that ``argv[1:]`` do not already bring."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = requirements(argv[0], extras, project["name"])
    for base in argv[1:]:
        wanted -= requirements(base, extras, project["name"])
    print("\n".join(sorted(wanted)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
