"""Where annota-server's sources are: the repository around this folder, or the sdist itself.

A checkout keeps the server in ``../src/annota_server`` and the contract in ``../openapi.yaml``
(shared with the SDK); the sdist holds copies of them at the same relative places under its own
root. The wheel gets the package with ``openapi.yaml`` inside it, where ``annota_server.app``
looks first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface

PACKAGE = "src/annota_server"
VERSION = "src/annota/_version.py"
SPEC = "openapi.yaml"
LEFTOVERS = ("__pycache__", ".pyc", ".orig", ".rej")


def _base(root: str) -> Path:
    """The folder that holds ``src/`` and ``openapi.yaml``: the sdist's root or the checkout's."""
    here = Path(root)
    return here if (here / PACKAGE).is_dir() else here.parent


def _files(folder: Path) -> list[Path]:
    """The package's files, without caches or merge leftovers."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(part.endswith(LEFTOVERS) for part in path.parts)
    )


class CustomMetadataHook(MetadataHookInterface):
    """The version is the SDK's: one release of annota and annota-server."""

    def update(self, metadata: dict[str, Any]) -> None:
        """Read ``__version__`` from the SDK's version module."""
        text = (_base(self.root) / VERSION).read_text(encoding="utf-8")
        match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
        if match is None:
            raise ValueError(f"no __version__ in {VERSION}")
        metadata["version"] = match.group(1)


class CustomBuildHook(BuildHookInterface):
    """Add the server package and the spec to the sdist and the wheel."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Map the sources into the archive being built."""
        if version == "editable":  # dev-mode-dirs puts ../src on the path instead
            return
        base = _base(self.root)
        package = base / PACKAGE
        include: dict[str, str] = build_data["force_include"]
        if self.target_name == "sdist":
            for path in _files(package):
                include[str(path)] = path.relative_to(base).as_posix()
            include[str(base / SPEC)] = SPEC
            include[str(base / VERSION)] = VERSION
        else:
            for path in _files(package):
                include[str(path)] = "annota_server/" + path.relative_to(package).as_posix()
            include[str(base / SPEC)] = "annota_server/openapi.yaml"
