from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from ..models.issue_region_kind import IssueRegionKind

__all__ = ["IssueRegionRequest", "IssueRegionRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "kind",
        "points",
    }
)


@_dataclass(slots=True, kw_only=True)
class IssueRegionRequest:
    """Where on the asset to pin an issue, in the asset's pixels (inside the asset).

    Attributes:
        kind (IssueRegionKind): What an issue's region is: `point` (`points` is `[x, y]`) or `box`
            (`[x_min, y_min, x_max, y_max]`).
        points (list[float]): `[x, y]` for a point, `[x_min, y_min, x_max, y_max]` for a box; finite
            numbers.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    kind: IssueRegionKind
    points: list[float]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "kind",
        "points",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this IssueRegionRequest, unknown fields included."""
        kind = str(self.kind)

        points: list[float]
        points = self.points

        field_dict: dict[str, Any] = {
            "kind": kind,
            "points": points,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a IssueRegionRequest from its JSON form; unknown keys go to additional_properties."""
        kind = IssueRegionKind._by_value.get(src["kind"]) or IssueRegionKind(src["kind"])

        points = src["points"]

        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            kind=kind,
            points=points,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
IssueRegionRequestDict = TypedDict(
    "IssueRegionRequestDict",
    {
        "kind": Required[Literal["point", "box"]],
        "points": Required[list[float]],
    },
    total=False,
)
"""IssueRegionRequest as a plain dict (its JSON form), for type-checked dict arguments."""
