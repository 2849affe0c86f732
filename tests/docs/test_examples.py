"""Every Python example of the documentation site and of README.md runs (issue 16).

One test per page: its ```python blocks run in order, in one namespace, in a fresh Python
process, against the live test server on SQLite, so the docs cannot rot. What the examples get
(docs/examples.md says the same to readers):

- ``ANNOTA_HOST`` (the server's URL), ``ANNOTA_USER`` and ``ANNOTA_PASSWORD`` (an
  administrator) and ``ANNOTA_TOKEN`` (a session of that administrator) in the environment;
- a working directory of their own holding ``images/`` (three small JPEGs) and, for the
  README, ``.annota/admin-password`` as ``make serve`` leaves it;
- ``port=8080`` (``make serve``'s port, which the README names) turned into the server's port.

A failure's traceback names the page and its line. A block that truly cannot run starts with
``# docs: not run`` and is listed in OPT_OUTS, so opting out is a visible decision.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import ServerProcess
from support.examples import Block, python_blocks

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
EXAMPLE_PAGES = [page for page in PAGES if python_blocks(page)]

# (page, line) of every block allowed to opt out, with why; keep it short.
OPT_OUTS: dict[tuple[str, int], str] = {}

RUNNER = """
import json, sys
namespace = {"__name__": "__main__"}
for block in json.load(sys.stdin):
    # Blank lines first, so that a traceback's line numbers are the page's.
    code = compile("\\n" * (block["line"] - 1) + block["source"], block["page"], "exec")
    exec(code, namespace)
"""


def _images(directory: Path) -> None:
    from PIL import Image

    directory.mkdir()
    for number, color in enumerate(["red", "green", "blue"], start=1):
        Image.new("RGB", (64, 48), color).save(directory / f"{number:04}.jpg", quality=90)


def _example_env(server: ServerProcess, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTA_")}
    token = server.http().login(server.admin_username, server.admin_password)
    env.update(
        ANNOTA_HOST=server.url,
        ANNOTA_USER=server.admin_username,
        ANNOTA_PASSWORD=server.admin_password,
        ANNOTA_TOKEN=token,
        HOME=str(home),  # never the tester's ~/.annota
        PYTHONWARNINGS="default",
    )
    return env


def _runnable(block: Block, server: ServerProcess) -> dict[str, object]:
    return {
        "page": str(block.page),
        "line": block.line,
        "source": block.source.replace("port=8080", f"port={server.port}"),
    }


@pytest.mark.parametrize(
    "page", EXAMPLE_PAGES, ids=[str(p.relative_to(ROOT)) for p in EXAMPLE_PAGES]
)
def test_the_examples_of_the_page_run(page: Path, server: ServerProcess, tmp_path: Path) -> None:
    blocks = python_blocks(page)
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    _images(work / "images")
    (work / ".annota").mkdir()
    (work / ".annota" / "admin-password").write_text(server.admin_password + "\n")
    runnable = [_runnable(block, server) for block in blocks if not block.opted_out]
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(runnable),
        cwd=work,
        env=_example_env(server, home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{page.relative_to(ROOT)}:\n{done.stdout}\n{done.stderr}"


def test_opt_outs_are_the_listed_ones() -> None:
    opted = {
        (str(block.page.relative_to(ROOT)), block.line)
        for page in PAGES
        for block in python_blocks(page)
        if block.opted_out
    }
    assert opted == set(OPT_OUTS)


def test_every_page_with_python_is_collected() -> None:
    # The collector must see the fences the site shows: a ```python block it missed (say,
    # indented in a list) would never run.
    for page in PAGES:
        fences = sum(1 for line in page.read_text().splitlines() if line.strip() == "```python")
        assert fences == len(python_blocks(page)), page
    assert (ROOT / "docs" / "getting-started.md") in EXAMPLE_PAGES
    assert ROOT / "README.md" in EXAMPLE_PAGES
