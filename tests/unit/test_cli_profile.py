"""The CLI's profile file: what login writes and logout removes, and what it keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annota.cli import profile
from annota.connect import resolve_credentials
from annota.errors import ConfigurationError


def test_save_writes_what_connect_reads(tmp_path: Path) -> None:
    path = tmp_path / ".annota"
    profile.save(path, host="http://h:1", token="anp_secret")
    found = resolve_credentials(environ={}, cwd=tmp_path / "elsewhere", home=tmp_path)
    assert (found.host, found.token) == ("http://h:1", "anp_secret")
    assert path.stat().st_mode & 0o777 == 0o600


def test_save_replaces_only_its_own_keys(tmp_path: Path) -> None:
    path = tmp_path / ".annota"
    path.write_text("# comment\nexport ANNOTA_TOKEN=old\nWORKSPACE=team\n")
    profile.save(path, host="http://h", token="new")
    assert path.read_text().splitlines() == [
        "# comment",
        "WORKSPACE=team",
        "ANNOTA_HOST=http://h",
        "ANNOTA_TOKEN=new",
    ]


def test_a_json_profile_stays_json(tmp_path: Path) -> None:
    path = tmp_path / ".annota"
    path.write_text(json.dumps({"WORKSPACE": "team", "ANNOTA_TOKEN": "old"}))
    profile.save(path, host="http://h", token="new")
    assert json.loads(path.read_text()) == {
        "WORKSPACE": "team",
        "ANNOTA_TOKEN": "new",
        "ANNOTA_HOST": "http://h",
    }
    assert profile.forget_token(path, "new") is True
    assert json.loads(path.read_text()) == {"WORKSPACE": "team", "ANNOTA_HOST": "http://h"}


def test_forget_leaves_another_token_alone(tmp_path: Path) -> None:
    path = tmp_path / ".annota"
    profile.save(path, host="http://h", token="mine")
    assert profile.forget_token(path, "someone-elses") is False
    assert "ANNOTA_TOKEN=mine" in path.read_text()
    assert profile.forget_token(tmp_path / "missing", "mine") is False


def test_a_directory_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / ".annota").mkdir()  # `make serve` keeps its data in a .annota directory
    with pytest.raises(ConfigurationError, match="is a directory"):
        profile.save(tmp_path / ".annota", host="http://h", token="t")
