from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["ModelVersionCreateRequest", "ModelVersionCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "metadata",
        "dataset_version",
    }
)


@_dataclass(slots=True, kw_only=True)
class ModelVersionCreateRequest:
    """A model version to add.

    Attributes:
        name (str): The version's name, unique among its model's versions.
        metadata (ModelVersionCreateRequestMetadata | Unset): Free JSON about it (framework,
            parameters, metrics); at most 64 KiB.
        dataset_version (int | None | Unset): The id of the dataset version it was trained on.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    metadata: ModelVersionCreateRequestMetadata | Unset = UNSET
    dataset_version: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "metadata",
        "dataset_version",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ModelVersionCreateRequest, unknown fields included."""
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()
        dataset_version: int | None | Unset
        if isinstance(self.dataset_version, Unset):
            dataset_version = UNSET
        else:
            dataset_version = self.dataset_version

        field_dict: dict[str, Any] = {
            "name": self.name,
        }
        if not isinstance(metadata, Unset):
            field_dict["metadata"] = metadata
        if not isinstance(dataset_version, Unset):
            field_dict["dataset_version"] = dataset_version
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ModelVersionCreateRequest from its JSON form; unknown keys go to additional_properties."""
        _metadata = src.get("metadata", UNSET)
        metadata: ModelVersionCreateRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ModelVersionCreateRequestMetadata.from_dict(_metadata)

        dataset_version = src.get("dataset_version", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 1 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src["name"],
            metadata=metadata,
            dataset_version=dataset_version,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.model_version_create_request_metadata import ModelVersionCreateRequestMetadata

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
ModelVersionCreateRequestDict = TypedDict(
    "ModelVersionCreateRequestDict",
    {
        "name": Required[str],
        "metadata": dict[str, Any],
        "dataset_version": int | None,
    },
    total=False,
)
"""ModelVersionCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
