from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.evaluation_kind import EvaluationKind
from ..models.evaluation_shape_role import EvaluationShapeRole
from ..types import LazyModel

__all__ = ["EvaluationShape"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "role",
        "label",
        "kind",
        "points",
        "mask",
        "score",
        "match",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "mask",
    }
)


def _decode_mask(src: Mapping[str, Any]) -> Mask | None:
    _mask = src["mask"]
    mask: Mask | None
    if _mask is None:
        mask = None
    else:
        mask_type_1 = Mask.from_dict(_mask)

        mask = mask_type_1
    return mask


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 8:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class EvaluationShape(LazyModel):
    """A prediction or ground-truth shape of an evaluated asset, as it is now.

    Attributes:
        id (int): The shape's id (a dataset version's own shape id for its ground truth).
        role (EvaluationShapeRole): The part a shape played on its asset: a `matched` or
            `false_positive` prediction, `truth` (matched ground truth) or `missed` ground truth.
        label (int): The label's id.
        kind (EvaluationKind): A shape kind an evaluation compares; boxes cannot be mixed with
            polygons and masks.
        points (list[float]): Its points, as a shape's: `[x_min, y_min, x_max, y_max]` for a box,
            `x, y` pairs for a polygon, empty for a mask.
        mask (Mask | None): A mask's RLE, as a shape's; null for other kinds.
        score (float | None): A prediction's score; null for ground truth.
        match (int | None): The id of the shape it was matched with at `iou` (a prediction's ground
            truth or the reverse); null when unmatched.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    role: EvaluationShapeRole
    label: int
    kind: EvaluationKind
    points: list[float]
    mask: Mask | None
    score: float | None
    match: int | None
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "mask": _decode_mask,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this EvaluationShape, unknown fields included."""
        role = str(self.role)

        kind = str(self.kind)

        points: list[float]
        points = self.points

        mask: dict[str, Any] | None
        if isinstance(self.mask, Mask):
            mask = self.mask.to_dict()
        else:
            mask = self.mask

        score: float | None
        score = self.score

        match: int | None
        match = self.match

        field_dict: dict[str, Any] = {
            "id": self.id,
            "role": role,
            "label": self.label,
            "kind": kind,
            "points": points,
            "mask": mask,
            "score": score,
            "match": match,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a EvaluationShape from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        role = EvaluationShapeRole._by_value.get(src["role"]) or EvaluationShapeRole(src["role"])
        self.role = role
        self.label = src["label"]
        kind = EvaluationKind._by_value.get(src["kind"]) or EvaluationKind(src["kind"])
        self.kind = kind
        self.points = src["points"]
        self.score = src["score"]
        self.match = src["match"]
        return self


# Imported last: models may refer to each other.
from ..models.mask import Mask
