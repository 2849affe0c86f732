from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["AnnotatorQuality"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "annotator",
        "figures",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "annotator",
        "figures",
    }
)


def _decode_annotator(src: Mapping[str, Any]) -> BasicUser | None:
    _annotator = src["annotator"]
    annotator: BasicUser | None
    if _annotator is None:
        annotator = None
    else:
        annotator_type_1 = BasicUser.from_dict(_annotator)

        annotator = annotator_type_1
    return annotator


def _decode_figures(src: Mapping[str, Any]) -> Agreement:
    figures = Agreement.from_dict(src["figures"])
    return figures


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 2:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class AnnotatorQuality(LazyModel):
    """One annotator's quality against a ground-truth job (over their jobs).

    Attributes:
        annotator (BasicUser | None): The annotator (jobs' assignee); null for unassigned jobs.
        figures (Agreement): How well one person's shapes match a reference, in all and per label.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    annotator: BasicUser | None
    figures: Agreement
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "annotator": _decode_annotator,
        "figures": _decode_figures,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AnnotatorQuality, unknown fields included."""
        annotator: dict[str, Any] | None
        if isinstance(self.annotator, BasicUser):
            annotator = self.annotator.to_dict()
        else:
            annotator = self.annotator

        figures = self.figures.to_dict()
        field_dict: dict[str, Any] = {
            "annotator": annotator,
            "figures": figures,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AnnotatorQuality from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        return self


# Imported last: models may refer to each other.
from ..models.agreement import Agreement
from ..models.basic_user import BasicUser
