from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.shape_kind import ShapeKind
from ..models.shape_source import ShapeSource
from ..types import UNSET, LazyModel, Unset, parse_datetime

__all__ = ["Shape"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "asset",
        "job",
        "label",
        "kind",
        "points",
        "attributes",
        "occluded",
        "z_order",
        "source",
        "created_at",
        "updated_at",
        "mask",
        "score",
        "model_name",
        "model_version",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "attributes",
    }
)


def _decode_attributes(src: Mapping[str, Any]) -> list[Attribute]:
    attributes = [Attribute.from_dict(item) for item in src["attributes"]]
    return attributes


def _decode_mask(src: Mapping[str, Any]) -> Mask | None | Unset:
    _mask = src.get("mask", UNSET)
    mask: Mask | None | Unset
    if _mask is None:
        mask = None
    elif isinstance(_mask, Unset):
        mask = UNSET
    else:
        mask_type_1 = Mask.from_dict(_mask)

        mask = mask_type_1
    return mask


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Shape(LazyModel):
    """An annotation on an asset.

    Attributes:
        id (int): The shape's id.
        asset (int): The id of the asset it is drawn on.
        job (int): The id of the job that covers the asset.
        label (int): The id of its label (a label of the project).
        kind (ShapeKind): The geometry of a shape and what its `points` hold (pixels, as x, y
            pairs):
            `tag` none; `bbox` exactly `[x_min, y_min, x_max, y_max]`; `polygon` at least 3 points;
            `polyline` at least 2; `points` at least 1; `mask` none: its pixels are in `mask`.
        points (list[float]): Coordinates in pixels, as x, y pairs (see ShapeKind).
        attributes (list[Attribute]): The shape's attributes.
        occluded (bool): Whether the object is partly hidden.
        z_order (int): Drawing order; higher is on top.
        source (ShapeSource): Where the shape comes from: `manual` (a person drew or accepted it),
            `imported` (a
            dataset import) or `model` (a prediction, which may carry a `score` and a `model_name`).
        created_at (datetime.datetime): When it was created.
        updated_at (datetime.datetime): When it last changed.
        mask (Mask | None | Unset): A mask's pixels; null for other kinds. Servers before masks
            leave it out.
        score (float | None | Unset): A prediction's confidence, from 0 to 1; null when it has none
            (always for other sources). Servers before predictions leave it out.
        model_name (None | str | Unset): The model or function that made a prediction; null for
            other sources.
        model_version (int | None | Unset): The id of the model version that made a prediction; null
            when none was named (or it was deleted), and for other sources.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    asset: int
    job: int
    label: int
    kind: ShapeKind
    points: list[float]
    attributes: list[Attribute]
    occluded: bool
    z_order: int
    source: ShapeSource
    created_at: datetime.datetime
    updated_at: datetime.datetime
    mask: Mask | None | Unset = UNSET
    score: float | None | Unset = UNSET
    model_name: None | str | Unset = UNSET
    model_version: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "attributes": _decode_attributes,
        "mask": _decode_mask,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Shape, unknown fields included."""
        kind = str(self.kind)

        points: list[float]
        points = self.points

        attributes: list[dict[str, Any]]
        attributes = []
        for attributes_item_data in self.attributes:
            attributes_item = attributes_item_data.to_dict()
            attributes.append(attributes_item)

        source = str(self.source)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        mask: dict[str, Any] | None | Unset
        if isinstance(self.mask, Unset):
            mask = UNSET
        elif isinstance(self.mask, Mask):
            mask = self.mask.to_dict()
        else:
            mask = self.mask

        score: float | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        model_name: None | str | Unset
        if isinstance(self.model_name, Unset):
            model_name = UNSET
        else:
            model_name = self.model_name

        model_version: int | None | Unset
        if isinstance(self.model_version, Unset):
            model_version = UNSET
        else:
            model_version = self.model_version

        field_dict: dict[str, Any] = {
            "id": self.id,
            "asset": self.asset,
            "job": self.job,
            "label": self.label,
            "kind": kind,
            "points": points,
            "attributes": attributes,
            "occluded": self.occluded,
            "z_order": self.z_order,
            "source": source,
            "created_at": created_at,
            "updated_at": updated_at,
        }
        if not isinstance(mask, Unset):
            field_dict["mask"] = mask
        if not isinstance(score, Unset):
            field_dict["score"] = score
        if not isinstance(model_name, Unset):
            field_dict["model_name"] = model_name
        if not isinstance(model_version, Unset):
            field_dict["model_version"] = model_version
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Shape from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.asset = src["asset"]
        self.job = src["job"]
        self.label = src["label"]
        kind = ShapeKind._by_value.get(src["kind"]) or ShapeKind(src["kind"])
        self.kind = kind
        self.points = src["points"]
        self.occluded = src["occluded"]
        self.z_order = src["z_order"]
        source = ShapeSource._by_value.get(src["source"]) or ShapeSource(src["source"])
        self.source = source
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        self.score = src.get("score", UNSET)
        self.model_name = src.get("model_name", UNSET)
        self.model_version = src.get("model_version", UNSET)
        return self


# Imported last: models may refer to each other.
from ..models.attribute import Attribute
from ..models.mask import Mask
