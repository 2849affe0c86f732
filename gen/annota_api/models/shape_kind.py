from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["ShapeKind"]


class ShapeKind(StrEnum):
    """The geometry of a shape and what its `points` hold (pixels, as x, y pairs):
    `tag` none; `bbox` exactly `[x_min, y_min, x_max, y_max]`; `polygon` at least 3 points;
    `polyline` at least 2; `points` at least 1; `mask` none: its pixels are in `mask`.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    BBOX = "bbox"
    MASK = "mask"
    POINTS = "points"
    POLYGON = "polygon"
    POLYLINE = "polyline"
    TAG = "tag"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, ShapeKind]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> ShapeKind:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> ShapeKind | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


ShapeKind._by_value = {member.value: member for member in ShapeKind}
