from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset

__all__ = ["ProjectStatistics"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "tasks",
        "jobs",
        "assets",
        "annotated_assets",
        "annotations",
        "predictions",
        "by_label",
    }
)


def _decode_by_label(src: Mapping[str, Any]) -> list[LabelStatistics] | Unset:
    _by_label = src.get("by_label", UNSET)
    by_label: list[LabelStatistics] | Unset
    if isinstance(_by_label, Unset):
        by_label = UNSET
    else:
        by_label = [LabelStatistics.from_dict(item) for item in _by_label]
    return by_label


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class ProjectStatistics(LazyModel):
    """Counts of what a project holds.

    Attributes:
        tasks (int): How many tasks.
        jobs (int): How many jobs.
        assets (int): How many assets.
        annotated_assets (int): How many assets carry at least one annotation (predictions not
            counted).
        annotations (int): How many annotations (shapes that are not predictions).
        predictions (int | Unset): How many model predictions (shapes with source `model`); servers
            before predictions leave it out.
        by_label (list[LabelStatistics] | Unset): How many annotations and predictions each label
            has, in label order (labels without any included).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    tasks: int
    jobs: int
    assets: int
    annotated_assets: int
    annotations: int
    predictions: int | Unset = UNSET
    by_label: list[LabelStatistics] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "by_label": _decode_by_label,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ProjectStatistics, unknown fields included."""
        by_label: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.by_label, Unset):
            by_label = []
            for by_label_item_data in self.by_label:
                by_label_item = by_label_item_data.to_dict()
                by_label.append(by_label_item)

        field_dict: dict[str, Any] = {
            "tasks": self.tasks,
            "jobs": self.jobs,
            "assets": self.assets,
            "annotated_assets": self.annotated_assets,
            "annotations": self.annotations,
        }
        if not isinstance(self.predictions, Unset):
            field_dict["predictions"] = self.predictions
        if not isinstance(by_label, Unset):
            field_dict["by_label"] = by_label
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ProjectStatistics from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.tasks = src["tasks"]
        self.jobs = src["jobs"]
        self.assets = src["assets"]
        self.annotated_assets = src["annotated_assets"]
        self.annotations = src["annotations"]
        self.predictions = src.get("predictions", UNSET)
        return self


# Imported last: models may refer to each other.
from ..models.label_statistics import LabelStatistics
