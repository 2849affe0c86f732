from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["YoloTask"]


class YoloTask(StrEnum):
    """The task of a `yolo` export (only with that format): `detect` keeps bboxes, `segment`
    bboxes (as four-corner polygons) and polygons, `pose` points (a line per points shape,
    with its bounding box). Left out, it is chosen by the shapes present: `pose` when
    there are points, else `segment` when there are polygons, else `detect`. Shapes the
    task cannot hold are left out and counted in the operation's `skipped`.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    DETECT = "detect"
    POSE = "pose"
    SEGMENT = "segment"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, YoloTask]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> YoloTask:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> YoloTask | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


YoloTask._by_value = {member.value: member for member in YoloTask}
