"""Where credentials come from: arguments, a config file, the environment, dotfiles.

Each setting (host, token, workspace, project) is taken from the first source that
has it, in this order:

1. the arguments of :func:`annota.connect`;
2. the JSON file named by its ``config`` argument (keys ``ANNOTA_HOST``, ``ANNOTA_TOKEN``,
   ``WORKSPACE``, ``PROJECT``);
3. the environment (``ANNOTA_HOST``, ``ANNOTA_TOKEN``, ``ANNOTA_WORKSPACE``, ``ANNOTA_PROJECT``);
4. ``.annota`` then ``.env`` in the working directory;
5. ``.annota`` then ``.env`` in the home directory;
6. ``/etc/annota/api.cfg``.

Files hold ``KEY=VALUE`` lines (``.annota`` may also be a JSON object).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annota.config import Config
from annota.errors import ConfigurationError

if TYPE_CHECKING:
    from annota.client import Client
    from annota.proxies.projects import Project
    from annota.proxies.workspaces import Workspace

__all__ = ["Credentials", "connect", "resolve_credentials"]

SYSTEM_CONFIG = Path("/etc/annota/api.cfg")

# Accepted spellings of each setting, in every source.
_KEYS: dict[str, tuple[str, ...]] = {
    "host": ("ANNOTA_HOST",),
    "token": ("ANNOTA_TOKEN",),
    "workspace": ("WORKSPACE", "ANNOTA_WORKSPACE"),
    "project": ("PROJECT", "ANNOTA_PROJECT"),
}


@dataclass(frozen=True, slots=True)
class Credentials:
    """The resolved settings, and which source each came from."""

    host: str | None = None
    token: str | None = field(default=None, repr=False)
    workspace: str | None = None
    project: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)


def _parse_key_values(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def read_settings_file(path: Path, *, json_only: bool = False) -> dict[str, str]:
    """The ``KEY=VALUE`` lines (or JSON object) of a settings file; ``{}`` when it is missing."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return {}
    if json_only or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigurationError(f"{path} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigurationError(f"{path} must hold a JSON object")
        return {str(k): str(v) for k, v in data.items() if v is not None}
    return _parse_key_values(text)


def _sources(
    config: str | os.PathLike[str] | None,
    environ: Mapping[str, str],
    cwd: Path,
    home: Path,
) -> list[tuple[str, dict[str, str]]]:
    """Every source after the arguments, in order, as (description, values)."""
    found: list[tuple[str, dict[str, str]]] = []
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigurationError(f"config file {path} does not exist")
        found.append((str(path), read_settings_file(path, json_only=True)))
    found.append(("environment", dict(environ)))
    for folder in (cwd, home):
        for name in (".annota", ".env"):
            found.append((str(folder / name), read_settings_file(folder / name)))
    found.append((str(SYSTEM_CONFIG), read_settings_file(SYSTEM_CONFIG)))
    return found


def resolve_credentials(
    *,
    host: str | None = None,
    token: str | None = None,
    workspace: str | None = None,
    project: str | int | None = None,
    config: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    home: Path | None = None,
) -> Credentials:
    """Resolve host, token, workspace and project from every source, first one wins.

    Raises:
        ConfigurationError: when no token (or no host) is found anywhere; the message
            lists every place that was looked at.

    """
    values: dict[str, str | None] = {
        "host": host,
        "token": token,
        "workspace": workspace,
        "project": None if project is None else str(project),
    }
    origin = {name: "arguments" for name, value in values.items() if value is not None}
    sources = _sources(
        config,
        os.environ if environ is None else environ,
        Path.cwd() if cwd is None else cwd,
        Path.home() if home is None else home,
    )
    for description, found in sources:
        for name, spellings in _KEYS.items():
            if values[name] is not None:
                continue
            for key in spellings:
                if found.get(key):
                    values[name], origin[name] = found[key], description
                    break
    where = ", ".join(["arguments"] + [description for description, _ in sources])
    for name in ("token", "host"):
        if not values[name]:
            raise ConfigurationError(
                f"no annota {name} found; set ANNOTA_{name.upper()} or pass {name}=. "
                f"Looked in: {where}"
            )
    return Credentials(
        host=values["host"],
        token=values["token"],
        workspace=values["workspace"],
        project=values["project"],
        sources=origin,
    )


def connect(
    token: str | None = None,
    host: str | None = None,
    config: str | os.PathLike[str] | None = None,
    workspace: str | int | None = None,
    project: str | int | None = None,
    *,
    settings: Config | None = None,
) -> Client | Workspace | Project:
    """Connect with credentials found in the usual places (see this module's docstring).

    ``workspace`` is a slug, an id or a name (see ``client.workspaces.find``); ``""`` is the
    personal workspace of the token's user.

    Returns:
        The :class:`~annota.Client`; or, when a workspace is named, that
        :class:`~annota.proxies.workspaces.Workspace`; or, when a project is named too,
        that :class:`~annota.proxies.projects.Project` (by id, or by its unique name).

    Raises:
        ConfigurationError: no token found (the message lists where it looked), or a
            project named without a workspace.

    """
    from annota.client import make_client

    found = resolve_credentials(
        host=host,
        token=token,
        workspace=None if workspace is None else str(workspace),
        project=project,
        config=config,
    )
    if found.project is not None and found.workspace is None:
        raise ConfigurationError(
            f"a project ({found.project!r}, from {found.sources['project']}) needs a workspace "
            "too: set WORKSPACE or pass workspace="
        )
    assert found.host is not None
    client = make_client(found.host, token=found.token, config=settings)
    if found.workspace is None:
        return client
    # A slug, an id or a name ("" the personal workspace), as client.workspace accepts.
    space = client.workspaces.find(found.workspace)
    scoped = client.with_workspace(space.model.slug)
    if found.project is None:
        return space
    if found.project.isdigit():
        return scoped.projects.retrieve(int(found.project))
    matches = scoped.projects.list(name=found.project, page_size=2).to_list()
    if len(matches) != 1:
        raise ConfigurationError(
            f"{len(matches)} projects named {found.project!r} in workspace {space.model.slug!r}; "
            "name it by id instead"
        )
    return matches[0]
