"""The GitHub workflow mirrors .ci/run: the same entry point, the same system packages."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_workflow_runs_ci_run_with_the_packages_it_installs() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    groups = re.findall(r"packages\+=\(([^)]*)\)", script)
    wanted = {name for group in groups for name in group.split()}
    assert {"postgresql", "chromium", "chromium-driver"} <= wanted
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    (job,) = workflow["jobs"].values()
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands[-1].strip() == ".ci/run"
    installed = {
        word
        for command in commands
        for line in command.splitlines()
        if "apt-get install" in line
        for word in line.split("apt-get install", 1)[1].split()
        if not word.startswith("-")
    }
    assert wanted <= installed
