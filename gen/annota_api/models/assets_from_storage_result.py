from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["AssetsFromStorageResult"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "assets",
        "jobs",
        "skipped",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "assets",
        "jobs",
        "skipped",
    }
)


def _decode_assets(src: Mapping[str, Any]) -> list[Asset]:
    assets = [Asset.from_dict(item) for item in src["assets"]]
    return assets


def _decode_jobs(src: Mapping[str, Any]) -> list[Job]:
    jobs = [Job.from_dict(item) for item in src["jobs"]]
    return jobs


def _decode_skipped(src: Mapping[str, Any]) -> list[SkippedObject]:
    skipped = [SkippedObject.from_dict(item) for item in src["skipped"]]
    return skipped


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class AssetsFromStorageResult(LazyModel):
    """What filling a task from a bucket created, and what it skipped.

    Attributes:
        assets (list[Asset]): The new assets, in the order of the objects' keys.
        jobs (list[Job]): The task's jobs afterwards.
        skipped (list[SkippedObject]): The objects that did not become assets.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    assets: list[Asset]
    jobs: list[Job]
    skipped: list[SkippedObject]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "assets": _decode_assets,
        "jobs": _decode_jobs,
        "skipped": _decode_skipped,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AssetsFromStorageResult, unknown fields included."""
        assets: list[dict[str, Any]]
        assets = []
        for assets_item_data in self.assets:
            assets_item = assets_item_data.to_dict()
            assets.append(assets_item)

        jobs: list[dict[str, Any]]
        jobs = []
        for jobs_item_data in self.jobs:
            jobs_item = jobs_item_data.to_dict()
            jobs.append(jobs_item)

        skipped: list[dict[str, Any]]
        skipped = []
        for skipped_item_data in self.skipped:
            skipped_item = skipped_item_data.to_dict()
            skipped.append(skipped_item)

        field_dict: dict[str, Any] = {
            "assets": assets,
            "jobs": jobs,
            "skipped": skipped,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AssetsFromStorageResult from its JSON form; unknown keys go to additional_properties.

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
from ..models.asset import Asset
from ..models.job import Job
from ..models.skipped_object import SkippedObject
