"""Typed shapes: builders for the shapes you send, conversions from the shapes you read.

    from annota import shapes

    task.set_annotations([
        shapes.bbox(asset, cat, 10, 20, 110, 80, attributes={"color": "black"}),
        shapes.polygon(asset.id, cat.id, [(0, 0), (50, 0), (25, 40)]),
        shapes.tag(asset, cat),
        shapes.mask(asset, cat, pixels),   # a COCO RLE dict, a 2-D numpy array, a Pillow image
    ])

A model's output is a prediction: give ``score=`` (0 to 1) and/or ``model_name=`` and the
shape is sent with source ``model``. ``shapes.accept(shape)`` is the change that makes a
prediction a person's shape (as the web app's accept button does).

A mask's pixels come back with ``shapes.to_array(shape)`` (numpy) or ``shapes.to_image(shape)``
(Pillow); ``shapes.to_rle(shape)`` gives its COCO RLE without either.

``asset`` and ``label`` are ids or anything with an ``id`` (entities, models). Coordinates
are pixels. Shapes read from the server (``annota_api.models.Shape``) are accepted wherever a
shape to send is, so annotations can be copied between tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union

from annota_api.models import (
    Attribute,
    Mask,
    MaskRequest,
    Shape,
    ShapeCreateRequest,
    ShapeKind,
    ShapeSource,
    ShapeUpdateRequest,
)
from annota_api.models.shape_create_request import ShapeCreateRequestDict
from annota_api.models.shape_update_request import ShapeUpdateRequestDict
from annota_api.models.version_shape import VersionShape
from annota_api.types import UNSET, Unset
from typing_extensions import TypedDict, Unpack

from annota import rle
from annota.attributes import TypedValue, value_text
from annota.errors import InvalidRequestError
from annota.proxies.base import to_request_model
from annota.refs import Ref, id_of

__all__ = [
    "ShapeOptions",
    "ShapeSpec",
    "ShapeUpdate",
    "accept",
    "bbox",
    "mask",
    "points",
    "polygon",
    "polyline",
    "tag",
    "to_array",
    "to_image",
    "to_rle",
]

if TYPE_CHECKING:  # optional extras: only for annotations
    import numpy as np
    from PIL.Image import Image


Point = tuple[float, float]
Attributes = Mapping[str, TypedValue] | Iterable[Attribute]
ShapeSpec = ShapeCreateRequest | ShapeCreateRequestDict | Shape | Mapping[str, Any]
"""What may be sent as a new shape."""
ShapeUpdate = ShapeUpdateRequest | ShapeUpdateRequestDict | Shape | Mapping[str, Any]
"""What may be sent as a change to a shape (a read ``Shape`` sends all of its fields)."""


def _attributes(values: Attributes | None) -> list[Attribute]:
    if values is None:
        return []
    if isinstance(values, Mapping):
        # True as "true", 4.0 as "4": the text a typed attribute takes (annota.attributes).
        return [Attribute(name=str(k), value=value_text(v)) for k, v in values.items()]
    return list(values)


def _flat(coordinates: Sequence[Point] | Sequence[float]) -> list[float]:
    flat: list[float] = []
    for item in coordinates:
        if isinstance(item, tuple | list):
            flat.extend(float(v) for v in item)
        else:
            flat.append(float(item))
    return flat


class ShapeOptions(TypedDict, total=False):
    """What every builder also takes (tags take only ``attributes``)."""

    attributes: Attributes
    """``{"color": "black", "parked": True, "doors": 4}`` (typed values are sent as the text
    their type takes: ``true``, ``4``), or a list of ``Attribute``."""
    occluded: bool
    """Whether the object is partly hidden (default False)."""
    z_order: int
    """Drawing order; higher is on top (default 0)."""
    score: float | None
    """A prediction's confidence, 0 to 1: makes the shape a ``model`` shape."""
    model_name: str | None
    """The model that made the prediction: makes the shape a ``model`` shape."""
    model_version: Any
    """The registered model version (entity or id) that made it: a ``model`` shape too."""


_OPTION_NAMES = frozenset(ShapeOptions.__annotations__)


def _shape(
    kind: ShapeKind,
    asset: Ref,
    label: Ref,
    coordinates: list[float],
    options: ShapeOptions,
    mask: MaskRequest | None = None,
) -> ShapeCreateRequest:
    # **options swallows any keyword: a typo (colour=) would be dropped silently otherwise.
    unknown = sorted(set(options) - _OPTION_NAMES)
    if unknown:
        raise InvalidRequestError(
            f"shapes.{kind.value}: unknown option(s) {', '.join(map(repr, unknown))}; "
            f"known options: {', '.join(sorted(_OPTION_NAMES))}"
        )
    shape = ShapeCreateRequest(
        asset=id_of(asset),
        label=id_of(label),
        kind=kind,
        points=coordinates,
        attributes=_attributes(options.get("attributes")),
        occluded=options.get("occluded", False),
        z_order=options.get("z_order", 0),
    )
    if mask is not None:
        shape.mask = mask
    score, model_name = options.get("score"), options.get("model_name")
    version = options.get("model_version")
    if score is not None or model_name is not None or version is not None:
        shape.source = ShapeSource.MODEL
        shape.score = None if score is None else float(score)
        shape.model_name = model_name
        if version is not None:
            shape.model_version = id_of(version, "model_version")
    return shape


def bbox(
    asset: Ref,
    label: Ref,
    x_min: float,
    y_min: float,
    x_max: float,
    y_max: float,
    **options: Unpack[ShapeOptions],
) -> ShapeCreateRequest:
    """A bounding box, by its corners in pixels."""
    corners = [float(x_min), float(y_min), float(x_max), float(y_max)]
    return _shape(ShapeKind.BBOX, asset, label, corners, options)


def polygon(
    asset: Ref,
    label: Ref,
    vertices: Sequence[Point] | Sequence[float],
    **options: Unpack[ShapeOptions],
) -> ShapeCreateRequest:
    """A closed polygon: at least three ``(x, y)`` vertices (or a flat list of coordinates)."""
    return _shape(ShapeKind.POLYGON, asset, label, _flat(vertices), options)


def polyline(
    asset: Ref,
    label: Ref,
    vertices: Sequence[Point] | Sequence[float],
    **options: Unpack[ShapeOptions],
) -> ShapeCreateRequest:
    """An open line through at least two ``(x, y)`` points."""
    return _shape(ShapeKind.POLYLINE, asset, label, _flat(vertices), options)


def points(
    asset: Ref,
    label: Ref,
    coordinates: Sequence[Point] | Sequence[float],
    **options: Unpack[ShapeOptions],
) -> ShapeCreateRequest:
    """One or more separate ``(x, y)`` points."""
    return _shape(ShapeKind.POINTS, asset, label, _flat(coordinates), options)


MaskSource = Union[Mapping[str, Any], MaskRequest, Mask, "np.ndarray[Any, Any]", "Image"]  # noqa: UP007 (quoted parts)
"""A mask's pixels: a COCO RLE ``{"size": [h, w], "counts": ...}``, a numpy array, an image."""


def _rle_of(source: Any) -> dict[str, Any]:
    if isinstance(source, Mask | MaskRequest):
        return {"size": list(source.size), "counts": source.counts}
    if isinstance(source, Mapping):
        return dict(source)
    if hasattr(source, "ndim"):  # numpy, without importing it
        return rle.from_array(source)
    if hasattr(source, "getbands"):  # Pillow
        return rle.from_image(source)
    raise InvalidRequestError(
        f"shapes.mask: expected a COCO RLE dict, a 2-D numpy array or a Pillow image, "
        f"not {type(source).__name__}"
    )


def mask(
    asset: Ref,
    label: Ref,
    pixels: MaskSource,
    **options: Unpack[ShapeOptions],
) -> ShapeCreateRequest:
    """A mask: a COCO RLE dict, a 2-D numpy array or a Pillow image (nonzero: in the mask).

    Its size must be the asset's (``[height, width]``). An RLE is checked here and sent in
    COCO's compressed form; numpy and Pillow are used only when you hand them in.
    """
    try:
        checked = rle.canonical(_rle_of(pixels))
    except rle.RLEError as error:
        raise InvalidRequestError(f"shapes.mask: {error}") from None
    request = MaskRequest(size=checked["size"], counts=checked["counts"])
    return _shape(ShapeKind.MASK, asset, label, [], options, request)


def _mask_of(shape: Shape | VersionShape | Mapping[str, Any]) -> dict[str, Any]:
    found: Any = shape.get("mask", shape) if isinstance(shape, Mapping) else shape.mask
    if found is None or isinstance(found, Unset):
        raise InvalidRequestError("this shape has no mask (it is not a mask shape)")
    return _rle_of(found)


def to_rle(shape: Shape | VersionShape | Mapping[str, Any]) -> dict[str, Any]:
    """A mask shape's COCO RLE, ``{"size": [h, w], "counts": "<compressed>"}``."""
    source = _mask_of(shape)
    return {"size": list(source["size"]), "counts": source["counts"]}


def to_array(shape: Shape | VersionShape | Mapping[str, Any]) -> np.ndarray[Any, Any]:
    """A mask shape's pixels as a ``(height, width)`` numpy bool array (needs numpy)."""
    return rle.to_array(_mask_of(shape))


def to_image(shape: Shape | VersionShape | Mapping[str, Any]) -> Image:
    """A mask shape's pixels as a Pillow ``L`` image, 255 in the mask (needs Pillow)."""
    return rle.to_image(_mask_of(shape))


def tag(
    asset: Ref,
    label: Ref,
    *,
    attributes: Attributes | None = None,
    score: float | None = None,
    model_name: str | None = None,
) -> ShapeCreateRequest:
    """A label for the whole asset, without geometry (a prediction with ``score=``)."""
    options: ShapeOptions = {"attributes": attributes or [], "score": score}
    options["model_name"] = model_name
    return _shape(ShapeKind.TAG, asset, label, [], options)


def accept(shape: Ref) -> ShapeUpdateRequest:
    """The change that accepts a prediction: it becomes a ``manual`` shape, score cleared."""
    return ShapeUpdateRequest(id=id_of(shape), source=ShapeSource.MANUAL)


def to_create(spec: ShapeSpec) -> ShapeCreateRequest:
    """A shape to send: builders' results pass, dicts are checked, read shapes are copied."""
    if isinstance(spec, Shape):
        return ShapeCreateRequest(
            asset=spec.asset,
            label=spec.label,
            kind=spec.kind,
            points=list(spec.points),
            attributes=list(spec.attributes),
            occluded=spec.occluded,
            z_order=spec.z_order,
            source=spec.source,
            mask=_mask_request(spec),
            score=spec.score,
            model_name=spec.model_name,
        )
    return to_request_model(ShapeCreateRequest, spec)


def _mask_request(shape: Shape) -> MaskRequest | Unset:
    # A read mask carries its computed bbox and area; only size and counts are sent back.
    if isinstance(shape.mask, Mask):
        return MaskRequest(size=list(shape.mask.size), counts=shape.mask.counts)
    return UNSET


def to_update(change: ShapeUpdate) -> ShapeUpdateRequest:
    """A change to send: a read (and locally edited) ``Shape`` sends all its fields."""
    if isinstance(change, Shape):
        return ShapeUpdateRequest(
            id=change.id,
            label=change.label,
            kind=change.kind,
            points=list(change.points),
            attributes=list(change.attributes),
            occluded=change.occluded,
            z_order=change.z_order,
            mask=_mask_request(change),
        )
    return to_request_model(ShapeUpdateRequest, change)


def to_id(shape: Ref) -> int:
    """The id of a shape to delete."""
    return id_of(shape)
