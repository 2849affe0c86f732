"""examples/quickstart.py (what `make demo` runs) works against the real server.

It runs as a user would run it against their own server: a subprocess with ANNOTA_HOST,
ANNOTA_USER and ANNOTA_PASSWORD set. On both databases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import ServerProcess

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "quickstart.py"


def test_the_quickstart_runs_and_shows_the_ml_loop(server: ServerProcess, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ANNOTA_HOST": server.url,
        "ANNOTA_USER": server.admin_username,
        "ANNOTA_PASSWORD": server.admin_password,
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(QUICKSTART)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "a second run replaced 2: still 2" in out  # re-running a model never duplicates
    assert "identical bytes: True" in out  # a version exported before and after a change
    assert "reads them as they are: True" in out  # the sample cache is reused
    assert "make serve" in out  # it ends by saying where to look in the browser
    assert "Traceback" not in done.stderr
