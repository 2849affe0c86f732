from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from ..models.shape_kind import ShapeKind
from ..models.shape_source import ShapeSource
from ..types import UNSET, Unset

__all__ = ["ShapeCreateRequest", "ShapeCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "asset",
        "label",
        "kind",
        "points",
        "mask",
        "attributes",
        "occluded",
        "z_order",
        "source",
        "score",
        "model_name",
        "model_version",
    }
)


@_dataclass(slots=True, kw_only=True)
class ShapeCreateRequest:
    """A shape to create.

    Attributes:
        asset (int): The id of the asset to draw it on.
        label (int): The id of a label of the project.
        kind (ShapeKind): The geometry of a shape and what its `points` hold (pixels, as x, y
            pairs):
            `tag` none; `bbox` exactly `[x_min, y_min, x_max, y_max]`; `polygon` at least 3 points;
            `polyline` at least 2; `points` at least 1; `mask` none: its pixels are in `mask`.
        points (list[float] | Unset): Coordinates in pixels, finite numbers (see ShapeKind); empty
            for a tag or a mask.
        mask (MaskRequest | Unset): A mask to store, as COCO RLE: `size` must be the asset's
            `[height, width]` and the
            counts must add up to height x width. Counts may be COCO's compressed string or a list
            of integers; the server keeps the compressed string.
        attributes (list[Attribute] | Unset): The shape's attributes.
        occluded (bool | Unset): Whether the object is partly hidden (default false).
        z_order (int | Unset): Drawing order (default 0).
        source (ShapeSource | Unset): Where the shape comes from: `manual` (a person drew or
            accepted it), `imported` (a
            dataset import) or `model` (a prediction, which may carry a `score` and a `model_name`).
        score (float | None | Unset): A prediction's confidence, from 0 to 1; only with source
            `model`.
        model_name (None | str | Unset): The model or function that made the prediction; only with
            source `model`.
        model_version (int | None | Unset): The id of the model version (of the project's workspace)
            that made the prediction; only with source `model`. Without `model_name`, the name becomes
            `<model>:<version>`.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    asset: int
    label: int
    kind: ShapeKind
    points: list[float] | Unset = UNSET
    mask: MaskRequest | Unset = UNSET
    attributes: list[Attribute] | Unset = UNSET
    occluded: bool | Unset = UNSET
    z_order: int | Unset = UNSET
    source: ShapeSource | Unset = UNSET
    score: float | None | Unset = UNSET
    model_name: None | str | Unset = UNSET
    model_version: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "asset",
        "label",
        "kind",
        "points",
        "mask",
        "attributes",
        "occluded",
        "z_order",
        "source",
        "score",
        "model_name",
        "model_version",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ShapeCreateRequest, unknown fields included."""
        kind = str(self.kind)

        points: list[float] | Unset = UNSET
        if not isinstance(self.points, Unset):
            points = self.points

        mask: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mask, Unset):
            mask = self.mask.to_dict()
        attributes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = str(self.source)

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
            "asset": self.asset,
            "label": self.label,
            "kind": kind,
        }
        if not isinstance(points, Unset):
            field_dict["points"] = points
        if not isinstance(mask, Unset):
            field_dict["mask"] = mask
        if not isinstance(attributes, Unset):
            field_dict["attributes"] = attributes
        if not isinstance(self.occluded, Unset):
            field_dict["occluded"] = self.occluded
        if not isinstance(self.z_order, Unset):
            field_dict["z_order"] = self.z_order
        if not isinstance(source, Unset):
            field_dict["source"] = source
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
        """Build a ShapeCreateRequest from its JSON form; unknown keys go to additional_properties."""
        kind = ShapeKind._by_value.get(src["kind"]) or ShapeKind(src["kind"])

        points = src.get("points", UNSET)

        _mask = src.get("mask", UNSET)
        mask: MaskRequest | Unset
        if isinstance(_mask, Unset):
            mask = UNSET
        else:
            mask = MaskRequest.from_dict(_mask)

        _attributes = src.get("attributes", UNSET)
        attributes: list[Attribute] | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = [Attribute.from_dict(item) for item in _attributes]

        _source = src.get("source", UNSET)
        source: ShapeSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ShapeSource._by_value.get(_source) or ShapeSource(_source)

        score = src.get("score", UNSET)

        model_name = src.get("model_name", UNSET)

        model_version = src.get("model_version", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 3 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            asset=src["asset"],
            label=src["label"],
            kind=kind,
            points=points,
            mask=mask,
            attributes=attributes,
            occluded=src.get("occluded", UNSET),
            z_order=src.get("z_order", UNSET),
            source=source,
            score=score,
            model_name=model_name,
            model_version=model_version,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.attribute import Attribute
from ..models.mask_request import MaskRequest, MaskRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
ShapeCreateRequestDict = TypedDict(
    "ShapeCreateRequestDict",
    {
        "asset": Required[int],
        "label": Required[int],
        "kind": Required[Literal["tag", "bbox", "polygon", "polyline", "points", "mask"]],
        "points": list[float],
        "mask": MaskRequestDict,
        "attributes": list[dict[str, Any]],
        "occluded": bool,
        "z_order": int,
        "source": Literal["manual", "imported", "model"],
        "score": float | None,
        "model_name": str | None,
        "model_version": int | None,
    },
    total=False,
)
"""ShapeCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
