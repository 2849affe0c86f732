from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

__all__ = ["GroundTruthShapesRequest", "GroundTruthShapesRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "shapes",
    }
)


@_dataclass(slots=True, kw_only=True)
class GroundTruthShapesRequest:
    """The complete new set of shapes of a ground-truth job.

    Attributes:
        shapes (list[GroundTruthShapeRequest]): The shapes; every existing one not among them is
            deleted.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    shapes: list[GroundTruthShapeRequest]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("shapes",)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this GroundTruthShapesRequest, unknown fields included."""
        shapes: list[dict[str, Any]]
        shapes = []
        for shapes_item_data in self.shapes:
            shapes_item = shapes_item_data.to_dict()
            shapes.append(shapes_item)

        field_dict: dict[str, Any] = {
            "shapes": shapes,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a GroundTruthShapesRequest from its JSON form; unknown keys go to additional_properties."""
        shapes = [GroundTruthShapeRequest.from_dict(item) for item in src["shapes"]]

        additional_properties: dict[str, Any]
        if len(src) > 1:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            shapes=shapes,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.ground_truth_shape_request import GroundTruthShapeRequest, GroundTruthShapeRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
GroundTruthShapesRequestDict = TypedDict(
    "GroundTruthShapesRequestDict",
    {
        "shapes": Required[list[GroundTruthShapeRequestDict]],
    },
    total=False,
)
"""GroundTruthShapesRequest as a plain dict (its JSON form), for type-checked dict arguments."""
