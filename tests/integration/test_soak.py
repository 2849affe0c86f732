"""A short `make soak`: mixed SDK traffic while the worker is killed, then every check holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "soak.py"


def test_a_short_soak_with_worker_kills_passes_every_check() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "10", "--threads", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "answers 5xx: 0 (seen by clients: 0)" in report, report
    # The done-when: writers on one shared task (uploads, annotation saves, renames).
    assert "concurrent writers on one task: 8; their answers 5xx: 0" in report, report
    assert "operations stuck: 0" in report, report
    assert "orphaned stored objects: 0; missing files: 0" in report, report
    killed = int(report.split("worker killed ")[1].split()[0])
    assert killed >= 2, report
