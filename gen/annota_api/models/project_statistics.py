from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["ProjectStatistics"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "tasks",
        "jobs",
        "assets",
        "annotated_assets",
        "annotations",
    }
)


@_dataclass(slots=True, kw_only=True)
class ProjectStatistics:
    """Counts of what a project holds.

    Attributes:
        tasks (int): How many tasks.
        jobs (int): How many jobs.
        assets (int): How many assets.
        annotated_assets (int): How many assets carry at least one annotation.
        annotations (int): How many annotations.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    tasks: int
    jobs: int
    assets: int
    annotated_assets: int
    annotations: int
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ProjectStatistics, unknown fields included."""
        field_dict: dict[str, Any] = {
            "tasks": self.tasks,
            "jobs": self.jobs,
            "assets": self.assets,
            "annotated_assets": self.annotated_assets,
            "annotations": self.annotations,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ProjectStatistics from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 5:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            tasks=src["tasks"],
            jobs=src["jobs"],
            assets=src["assets"],
            annotated_assets=src["annotated_assets"],
            annotations=src["annotations"],
            additional_properties=additional_properties,
        )
