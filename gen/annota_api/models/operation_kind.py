from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["OperationKind"]


class OperationKind(StrEnum):
    """What a long-running operation does: a dataset `export` or `import`, freezing a dataset
    `version`, or an `evaluation` of a model version.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    EVALUATION = "evaluation"
    EXPORT = "export"
    IMPORT = "import"
    VERSION = "version"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, OperationKind]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> OperationKind:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> OperationKind | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


OperationKind._by_value = {member.value: member for member in OperationKind}
