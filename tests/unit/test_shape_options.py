"""The shape builders refuse keyword options they do not know, before anything is sent."""

from __future__ import annotations

import pytest

from annota import shapes
from annota.errors import InvalidRequestError


@pytest.mark.parametrize(
    "build",
    [
        lambda: shapes.bbox(1, 2, 0, 0, 5, 5, colour="red"),  # type: ignore[call-arg]
        lambda: shapes.polygon(1, 2, [(0, 0), (1, 0), (0, 1)], zorder=3),  # type: ignore[call-arg]
        lambda: shapes.polyline(1, 2, [(0, 0), (1, 1)], occluder=True),  # type: ignore[call-arg]
        lambda: shapes.points(1, 2, [(0, 0)], attribute={"a": "b"}),  # type: ignore[call-arg]
    ],
)
def test_an_unknown_option_is_refused_naming_it(build: object) -> None:
    with pytest.raises(InvalidRequestError, match="unknown option") as refused:
        build()  # type: ignore[operator]
    assert "known options: attributes, model_name, model_version, occluded, score, z_order" in str(
        refused.value
    )


def test_known_options_still_pass() -> None:
    box = shapes.bbox(1, 2, 0, 0, 5, 5, occluded=True, z_order=4, attributes={"c": "red"})
    assert box.occluded is True
    assert box.z_order == 4
    assert [(a.name, a.value) for a in box.attributes] == [("c", "red")]
