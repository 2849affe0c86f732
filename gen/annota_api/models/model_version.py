from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["ModelVersion"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "model_id",
        "model_name",
        "workspace",
        "name",
        "metadata",
        "dataset_version",
        "artifact",
        "created_by",
        "created_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "metadata",
        "artifact",
        "created_by",
    }
)


def _decode_metadata(src: Mapping[str, Any]) -> ModelVersionMetadata:
    metadata = ModelVersionMetadata.from_dict(src["metadata"])
    return metadata


def _decode_artifact(src: Mapping[str, Any]) -> ModelArtifact | None:
    _artifact = src["artifact"]
    artifact: ModelArtifact | None
    if _artifact is None:
        artifact = None
    else:
        artifact_type_1 = ModelArtifact.from_dict(_artifact)

        artifact = artifact_type_1
    return artifact


def _decode_created_by(src: Mapping[str, Any]) -> BasicUser | None:
    _created_by = src["created_by"]
    created_by: BasicUser | None
    if _created_by is None:
        created_by = None
    else:
        created_by_type_1 = BasicUser.from_dict(_created_by)

        created_by = created_by_type_1
    return created_by


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 11:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class ModelVersion(LazyModel):
    """A version (one trained state) of a model.

    Attributes:
        id (int): The model version's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`.
        model_id (int): The id of its model (`model_id`, not `model`: SDK entities keep their data
            in `model`).
        model_name (str): The name of its model.
        workspace (int): The id of its model's workspace.
        name (str): The version's name, unique among its model's versions.
        metadata (ModelVersionMetadata): Free JSON about it (framework, parameters, metrics).
        dataset_version (int | None): The id of the dataset version it was trained on; null when not
            given (or deleted).
        artifact (ModelArtifact | None): Its stored file; null when none was uploaded.
        created_by (BasicUser | None): Who added it; null when that user is gone.
        created_at (datetime.datetime): When it was added.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    model_id: int
    model_name: str
    workspace: int
    name: str
    metadata: ModelVersionMetadata
    dataset_version: int | None
    artifact: ModelArtifact | None
    created_by: BasicUser | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "metadata": _decode_metadata,
        "artifact": _decode_artifact,
        "created_by": _decode_created_by,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ModelVersion, unknown fields included."""
        metadata = self.metadata.to_dict()
        dataset_version: int | None
        dataset_version = self.dataset_version

        artifact: dict[str, Any] | None
        if isinstance(self.artifact, ModelArtifact):
            artifact = self.artifact.to_dict()
        else:
            artifact = self.artifact

        created_by: dict[str, Any] | None
        if isinstance(self.created_by, BasicUser):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "model_id": self.model_id,
            "model_name": self.model_name,
            "workspace": self.workspace,
            "name": self.name,
            "metadata": metadata,
            "dataset_version": dataset_version,
            "artifact": artifact,
            "created_by": created_by,
            "created_at": created_at,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ModelVersion from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.version = src["version"]
        self.model_id = src["model_id"]
        self.model_name = src["model_name"]
        self.workspace = src["workspace"]
        self.name = src["name"]
        self.dataset_version = src["dataset_version"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.model_artifact import ModelArtifact
from ..models.model_version_metadata import ModelVersionMetadata
