from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset

__all__ = ["LabelStatistics"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "label",
        "name",
        "annotations",
        "predictions",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class LabelStatistics(LazyModel):
    """How many annotations one label of a project has.

    Attributes:
        label (int): The label's id.
        name (str): The label's name.
        annotations (int): How many annotations (not predictions) carry this label.
        predictions (int | Unset): How many predictions carry this label.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    label: int
    name: str
    annotations: int
    predictions: int | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this LabelStatistics, unknown fields included."""
        field_dict: dict[str, Any] = {
            "label": self.label,
            "name": self.name,
            "annotations": self.annotations,
        }
        if not isinstance(self.predictions, Unset):
            field_dict["predictions"] = self.predictions
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a LabelStatistics from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.label = src["label"]
        self.name = src["name"]
        self.annotations = src["annotations"]
        self.predictions = src.get("predictions", UNSET)
        return self
