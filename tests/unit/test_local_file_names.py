"""A name the server chose never makes ``asset.download(directory)`` fail or leave the directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annota.transfer import destination, local_file_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cat.png", "cat.png"),
        ("..", "asset-7"),
        (".", "asset-7"),
        ("...", "asset-7"),
        ("", "asset-7"),
        ("sub/..", "asset-7"),
        ("a/b.png", "b.png"),
        ("a\\b.png", "b.png"),
        ("..\\..\\evil.png", "evil.png"),
        ("tab\there.png", "tab_here.png"),
        ("line\nbreak\r.png", "line_break_.png"),
        ("nul\x00.png", "nul_.png"),
        ("c1\x85.png", "c1_.png"),
        (".hidden.png", ".hidden.png"),
    ],
)
def test_server_names_become_plain_file_names(name: str, expected: str) -> None:
    assert local_file_name(name, "asset-7") == expected


def test_a_name_too_long_for_a_file_system_keeps_its_extension() -> None:
    name = local_file_name("猫" * 250 + ".png", "asset-7")
    assert name.endswith(".png")
    assert name.startswith("猫")
    assert len(os.fsencode(name)) <= 200


@pytest.mark.parametrize("name", ["..", ".", "a/..", "x" * 300 + ".png", "猫" * 256, "bell\x07"])
def test_a_download_into_a_directory_stays_in_it_and_can_be_written(
    tmp_path: Path, name: str
) -> None:
    target = destination(f"{tmp_path / 'out'}/", name, fallback="asset-7")
    assert target.parent == tmp_path / "out"
    target.write_bytes(b"content")  # no OSError: the name is usable here
    assert target.read_bytes() == b"content"
