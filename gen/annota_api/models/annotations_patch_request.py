from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import TypedDict

from ..types import UNSET, Unset

__all__ = ["AnnotationsPatchRequest", "AnnotationsPatchRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "create",
        "update",
        "delete",
        "replace_predictions",
    }
)


@_dataclass(slots=True, kw_only=True)
class AnnotationsPatchRequest:
    """Shapes to create, update and delete, applied all or nothing.

    Attributes:
        create (list[ShapeCreateRequest] | Unset): New shapes.
        update (list[ShapeUpdateRequest] | Unset): Changes to existing shapes, by id.
        delete (list[int] | Unset): Ids of shapes to delete.
        replace_predictions (PredictionsReplacement | Unset): Delete one model's predictions on some
            assets before creating the new shapes, in the
            same transaction: re-running a model over these assets then replaces its earlier
            output instead of adding to it. Shapes of other sources and other models stay.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    create: list[ShapeCreateRequest] | Unset = UNSET
    update: list[ShapeUpdateRequest] | Unset = UNSET
    delete: list[int] | Unset = UNSET
    replace_predictions: PredictionsReplacement | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "create",
        "update",
        "delete",
        "replace_predictions",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AnnotationsPatchRequest, unknown fields included."""
        create: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.create, Unset):
            create = []
            for create_item_data in self.create:
                create_item = create_item_data.to_dict()
                create.append(create_item)

        update: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.update, Unset):
            update = []
            for update_item_data in self.update:
                update_item = update_item_data.to_dict()
                update.append(update_item)

        delete: list[int] | Unset = UNSET
        if not isinstance(self.delete, Unset):
            delete = self.delete

        replace_predictions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.replace_predictions, Unset):
            replace_predictions = self.replace_predictions.to_dict()
        field_dict: dict[str, Any] = {}
        if not isinstance(create, Unset):
            field_dict["create"] = create
        if not isinstance(update, Unset):
            field_dict["update"] = update
        if not isinstance(delete, Unset):
            field_dict["delete"] = delete
        if not isinstance(replace_predictions, Unset):
            field_dict["replace_predictions"] = replace_predictions
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AnnotationsPatchRequest from its JSON form; unknown keys go to additional_properties."""
        _create = src.get("create", UNSET)
        create: list[ShapeCreateRequest] | Unset
        if isinstance(_create, Unset):
            create = UNSET
        else:
            create = [ShapeCreateRequest.from_dict(item) for item in _create]

        _update = src.get("update", UNSET)
        update: list[ShapeUpdateRequest] | Unset
        if isinstance(_update, Unset):
            update = UNSET
        else:
            update = [ShapeUpdateRequest.from_dict(item) for item in _update]

        delete = src.get("delete", UNSET)

        _replace_predictions = src.get("replace_predictions", UNSET)
        replace_predictions: PredictionsReplacement | Unset
        if isinstance(_replace_predictions, Unset):
            replace_predictions = UNSET
        else:
            replace_predictions = PredictionsReplacement.from_dict(_replace_predictions)

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            create=create,
            update=update,
            delete=delete,
            replace_predictions=replace_predictions,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.predictions_replacement import PredictionsReplacement
from ..models.shape_create_request import ShapeCreateRequest, ShapeCreateRequestDict
from ..models.shape_update_request import ShapeUpdateRequest, ShapeUpdateRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
AnnotationsPatchRequestDict = TypedDict(
    "AnnotationsPatchRequestDict",
    {
        "create": list[ShapeCreateRequestDict],
        "update": list[ShapeUpdateRequestDict],
        "delete": list[int],
        "replace_predictions": dict[str, Any],
    },
    total=False,
)
"""AnnotationsPatchRequest as a plain dict (its JSON form), for type-checked dict arguments."""
