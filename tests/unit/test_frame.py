"""The one rule for shapes inside their image (annota_server.frame), as pure logic."""

from __future__ import annotations

import pytest

from annota_server import frame


@pytest.mark.parametrize(
    ("kind", "points", "fitted"),
    [
        ("bbox", [-20, -5, 9999, 9999], [0, 0, 380, 512]),
        ("bbox", [0, 0, 380, 512], [0, 0, 380, 512]),
        ("polygon", [-50, 10, 100, -3, 500, 600], [0, 10, 100, 0, 380, 512]),
        ("polyline", [-3, 5, 200, 600], [0, 5, 200, 512]),
        ("points", [380.6, -0.9], [380, 0]),  # within the tolerance
        ("points", [10, 10, 20, 600], [10, 10, 20, 512]),  # the shape meets the image
        ("tag", [], []),
        ("bbox", [5, 5, 5, 5], [5, 5, 5, 5]),  # no extent to lose: left as sent
    ],
)
def test_clamped_into_the_image(kind: str, points: list[float], fitted: list[float]) -> None:
    assert frame.fit(kind, points, 380, 512) == fitted


@pytest.mark.parametrize(
    ("kind", "points"),
    [
        ("bbox", [400, 10, 500, 20]),
        ("bbox", [-30, -30, -2, 40]),
        ("points", [382, 10]),
        ("polygon", [390, 0, 395, 10, 400, 0]),
        ("bbox", [380.5, 10, 381, 20]),  # within the tolerance, no width once clamped
        ("polyline", [-0.8, 10, -0.5, 10]),
        ("polygon", [-0.5, 0, -0.2, 10, -0.9, 20]),
    ],
)
def test_outside_is_refused_with_the_image_size(kind: str, points: list[float]) -> None:
    problem = frame.fit(kind, points, 380, 512)
    assert isinstance(problem, str)
    assert "380x512 image" in problem


def test_an_image_of_unknown_size_leaves_shapes_as_they_are() -> None:
    assert frame.fit("bbox", [-20, -5, 9999, 9999], None, None) == [-20, -5, 9999, 9999]
    assert frame.inside("bbox", [-20, -5, 9999, 9999], None, 10) == [-20, -5, 9999, 9999]
    assert frame.inside("polygon", [-1, 2, 3, 900, 5, 6], 10, 20) == [0, 2, 3, 20, 5, 6]
