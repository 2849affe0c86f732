from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["PredictionsReplacement"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "model_name",
        "assets",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 2:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class PredictionsReplacement(LazyModel):
    """Delete one model's predictions on some assets before creating the new shapes, in the
    same transaction: re-running a model over these assets then replaces its earlier
    output instead of adding to it. Shapes of other sources and other models stay.

    Attributes:
        model_name (str): The model whose predictions are replaced.
        assets (list[int]): The ids of the assets (of this task or job) whose predictions by that
            model are deleted.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    model_name: str
    assets: list[int]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PredictionsReplacement, unknown fields included."""
        assets: list[int]
        assets = self.assets

        field_dict: dict[str, Any] = {
            "model_name": self.model_name,
            "assets": assets,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PredictionsReplacement from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.model_name = src["model_name"]
        self.assets = src["assets"]
        return self
