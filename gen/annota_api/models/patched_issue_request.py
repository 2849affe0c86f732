from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import TypedDict

from ..types import UNSET, Unset

__all__ = ["PatchedIssueRequest", "PatchedIssueRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "resolved",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedIssueRequest:
    """Resolve or reopen an issue.

    Attributes:
        resolved (bool | Unset): `true` resolves the issue, `false` reopens it.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    resolved: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("resolved",)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedIssueRequest, unknown fields included."""
        field_dict: dict[str, Any] = {}
        if not isinstance(self.resolved, Unset):
            field_dict["resolved"] = self.resolved
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedIssueRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            resolved=src.get("resolved", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedIssueRequestDict = TypedDict(
    "PatchedIssueRequestDict",
    {
        "resolved": bool,
    },
    total=False,
)
"""PatchedIssueRequest as a plain dict (its JSON form), for type-checked dict arguments."""
