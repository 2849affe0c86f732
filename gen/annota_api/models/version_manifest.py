from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["VersionManifest"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "version",
        "project_name",
        "labels",
        "tasks",
        "assets",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "labels",
        "tasks",
        "assets",
    }
)


def _decode_labels(src: Mapping[str, Any]) -> list[VersionLabel]:
    labels = [VersionLabel.from_dict(item) for item in src["labels"]]
    return labels


def _decode_tasks(src: Mapping[str, Any]) -> list[VersionTask]:
    tasks = [VersionTask.from_dict(item) for item in src["tasks"]]
    return tasks


def _decode_assets(src: Mapping[str, Any]) -> list[VersionAsset]:
    assets = [VersionAsset.from_dict(item) for item in src["assets"]]
    return assets


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 5:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class VersionManifest(LazyModel):
    """Everything a dataset version froze.

    Attributes:
        version (int): The version's id.
        project_name (str): The project's name when it was frozen.
        labels (list[VersionLabel]): The labels, by id: their class order. The i-th label is class
            index i, the YOLO export's class id (and the COCO export's category id i + 1).
        tasks (list[VersionTask]): The tasks, by id.
        assets (list[VersionAsset]): The assets, tasks by id and then by position.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    version: int
    project_name: str
    labels: list[VersionLabel]
    tasks: list[VersionTask]
    assets: list[VersionAsset]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "labels": _decode_labels,
        "tasks": _decode_tasks,
        "assets": _decode_assets,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this VersionManifest, unknown fields included."""
        labels: list[dict[str, Any]]
        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)

        tasks: list[dict[str, Any]]
        tasks = []
        for tasks_item_data in self.tasks:
            tasks_item = tasks_item_data.to_dict()
            tasks.append(tasks_item)

        assets: list[dict[str, Any]]
        assets = []
        for assets_item_data in self.assets:
            assets_item = assets_item_data.to_dict()
            assets.append(assets_item)

        field_dict: dict[str, Any] = {
            "version": self.version,
            "project_name": self.project_name,
            "labels": labels,
            "tasks": tasks,
            "assets": assets,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a VersionManifest from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.version = src["version"]
        self.project_name = src["project_name"]
        return self


# Imported last: models may refer to each other.
from ..models.version_asset import VersionAsset
from ..models.version_label import VersionLabel
from ..models.version_task import VersionTask
