from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["AssetUploadResult"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "assets",
        "jobs",
    }
)


@_dataclass(slots=True, kw_only=True)
class AssetUploadResult:
    """What an upload created.

    Attributes:
        assets (list[Asset]): The new assets, in upload order.
        jobs (list[Job]): The task's jobs after the upload.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    assets: list[Asset]
    jobs: list[Job]
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AssetUploadResult, unknown fields included."""
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

        field_dict: dict[str, Any] = {
            "assets": assets,
            "jobs": jobs,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AssetUploadResult from its JSON form; unknown keys go to additional_properties."""
        assets = [Asset.from_dict(item) for item in src["assets"]]

        jobs = [Job.from_dict(item) for item in src["jobs"]]

        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            assets=assets,
            jobs=jobs,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.asset import Asset
from ..models.job import Job
