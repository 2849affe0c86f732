"""Credential resolution: each source, and their order."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from annota.connect import resolve_credentials
from annota.errors import ConfigurationError

# `annota.connect` is also the name of the function: reach the module itself.
connect_module = importlib.import_module("annota.connect")


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    cwd, home, system = tmp_path / "cwd", tmp_path / "home", tmp_path / "etc" / "api.cfg"
    cwd.mkdir()
    home.mkdir()
    system.parent.mkdir()
    monkeypatch.setattr(connect_module, "SYSTEM_CONFIG", system)
    return cwd, home, system


def resolve(places: tuple[Path, Path, Path], environ: dict[str, str] | None = None, **kw: object):
    cwd, home, _ = places
    return resolve_credentials(environ=environ or {}, cwd=cwd, home=home, **kw)  # type: ignore[arg-type]


def test_arguments_win_over_everything(places: tuple[Path, Path, Path]) -> None:
    cwd, home, system = places
    (cwd / ".annota").write_text("ANNOTA_TOKEN=from-cwd\nANNOTA_HOST=cwd-host\n")
    found = resolve(places, {"ANNOTA_TOKEN": "from-env"}, token="from-args", host="args-host")
    assert (found.token, found.host) == ("from-args", "args-host")
    assert found.sources["token"] == "arguments"


def test_json_config_file_comes_before_environment(
    places: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    config = tmp_path / "annota.json"
    config.write_text(
        json.dumps({"ANNOTA_HOST": "json-host", "ANNOTA_TOKEN": "json-token", "WORKSPACE": "acme"})
    )
    found = resolve(places, {"ANNOTA_TOKEN": "env-token", "ANNOTA_PROJECT": "7"}, config=config)
    assert (found.host, found.token, found.workspace) == ("json-host", "json-token", "acme")
    assert found.project == "7"  # a key the file lacks still comes from the environment
    assert found.sources["project"] == "environment"


def test_missing_config_file_is_an_error(places: tuple[Path, Path, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        resolve(places, config=tmp_path / "nope.json")


def test_environment_before_dotfiles(places: tuple[Path, Path, Path]) -> None:
    cwd, _, _ = places
    (cwd / ".annota").write_text("ANNOTA_TOKEN=dotfile\nANNOTA_HOST=dot-host\n")
    found = resolve(places, {"ANNOTA_TOKEN": "env"})
    assert found.token == "env"
    assert found.host == "dot-host"


def test_cwd_before_home_and_annota_before_env_file(places: tuple[Path, Path, Path]) -> None:
    cwd, home, _ = places
    (cwd / ".env").write_text("ANNOTA_TOKEN=cwd-env\nANNOTA_HOST=cwd-env-host\n")
    (cwd / ".annota").write_text('export ANNOTA_TOKEN="cwd-annota"\n')
    (home / ".annota").write_text("ANNOTA_TOKEN=home\nWORKSPACE=home-ws\n")
    found = resolve(places)
    assert found.token == "cwd-annota"  # .annota before .env, quotes and export stripped
    assert found.host == "cwd-env-host"
    assert found.workspace == "home-ws"
    assert found.sources["workspace"].endswith("home/.annota")


def test_system_config_is_last(places: tuple[Path, Path, Path]) -> None:
    cwd, home, system = places
    system.write_text("ANNOTA_TOKEN=system\nANNOTA_HOST=system-host\n# a comment\n")
    assert resolve(places).token == "system"
    (home / ".env").write_text("ANNOTA_TOKEN=home\n")
    assert resolve(places).token == "home"


def test_dotfile_may_be_json(places: tuple[Path, Path, Path]) -> None:
    cwd, _, _ = places
    (cwd / ".annota").write_text('{"ANNOTA_TOKEN": "t", "ANNOTA_HOST": "h", "PROJECT": 3}')
    found = resolve(places)
    assert (found.token, found.host, found.project) == ("t", "h", "3")


def test_missing_token_lists_where_it_looked(places: tuple[Path, Path, Path]) -> None:
    cwd, home, system = places
    with pytest.raises(ConfigurationError) as info:
        resolve(places, {"ANNOTA_HOST": "h"})
    message = str(info.value)
    assert "no annota token" in message
    for place in (
        "arguments",
        "environment",
        str(cwd / ".annota"),
        str(home / ".env"),
        str(system),
    ):
        assert place in message


def test_token_is_not_in_repr(places: tuple[Path, Path, Path]) -> None:
    found = resolve(places, token="s3cret-token", host="h")
    assert "s3cret-token" not in repr(found)
