"""The file where ``annota login`` keeps the host and token: ``~/.annota`` by default.

It is the dotfile that :mod:`annota.connect` reads, so scripts using ``annota.connect()``
find the same credentials. Lines other than ``ANNOTA_HOST`` and ``ANNOTA_TOKEN`` are kept.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from annota.connect import read_settings_file
from annota.errors import ConfigurationError

HOST_KEY, TOKEN_KEY = "ANNOTA_HOST", "ANNOTA_TOKEN"


def default_path() -> Path:
    """``~/.annota``."""
    return Path.home() / ".annota"


def _read(path: Path) -> str:
    if path.is_dir():
        raise ConfigurationError(f"{path} is a directory; name another file with --profile")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _write(path: Path, text: str) -> None:
    """Replace ``path`` atomically, readable by its owner only (it holds a secret)."""
    from annota.transfer import atomic_file  # tempfile, hashlib...: only when saving

    with atomic_file(path) as out:
        out.write(text.encode("utf-8"))
        os.fchmod(out.fileno(), 0o600)


def _update(path: Path, values: dict[str, str | None]) -> None:
    """Set (or, for None, remove) keys, keeping everything else in the file."""
    text = _read(path)
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        for key, value in values.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        _write(path, json.dumps(data, indent=2) + "\n")
        return
    kept = [
        line
        for line in text.splitlines()
        if line.strip().removeprefix("export ").partition("=")[0].strip() not in values
    ]
    added = [f"{key}={value}" for key, value in values.items() if value is not None]
    _write(path, "\n".join(kept + added) + "\n")


def save(path: Path, *, host: str, token: str) -> None:
    """Remember ``host`` and ``token`` in ``path``."""
    _update(path, {HOST_KEY: host, TOKEN_KEY: token})


def forget_token(path: Path, token: str) -> bool:
    """Remove the token from ``path`` if it is ``token``; True when it was there."""
    _read(path)  # refuses a directory in the way, as save() does
    if read_settings_file(path).get(TOKEN_KEY) != token:
        return False
    _update(path, {TOKEN_KEY: None})
    return True
