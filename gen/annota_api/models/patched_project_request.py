from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import TypedDict

from ..models.project_status import ProjectStatus
from ..types import UNSET, Unset

__all__ = ["PatchedProjectRequest", "PatchedProjectRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "description",
        "status",
        "labels",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedProjectRequest:
    """Changes to a project.

    Attributes:
        name (str | Unset): The project's name.
        description (str | Unset): What the project is about.
        status (ProjectStatus | Unset): Where the project stands.
        labels (list[LabelCreateRequest] | Unset): Labels to add to the project; existing labels
            stay.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    status: ProjectStatus | Unset = UNSET
    labels: list[LabelCreateRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "description",
        "status",
        "labels",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedProjectRequest, unknown fields included."""
        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = str(self.status)

        labels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = []
            for labels_item_data in self.labels:
                labels_item = labels_item_data.to_dict()
                labels.append(labels_item)

        field_dict: dict[str, Any] = {}
        if not isinstance(self.name, Unset):
            field_dict["name"] = self.name
        if not isinstance(self.description, Unset):
            field_dict["description"] = self.description
        if not isinstance(status, Unset):
            field_dict["status"] = status
        if not isinstance(labels, Unset):
            field_dict["labels"] = labels
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedProjectRequest from its JSON form; unknown keys go to additional_properties."""
        _status = src.get("status", UNSET)
        status: ProjectStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ProjectStatus._by_value.get(_status) or ProjectStatus(_status)

        _labels = src.get("labels", UNSET)
        labels: list[LabelCreateRequest] | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = [LabelCreateRequest.from_dict(item) for item in _labels]

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src.get("name", UNSET),
            description=src.get("description", UNSET),
            status=status,
            labels=labels,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.label_create_request import LabelCreateRequest, LabelCreateRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedProjectRequestDict = TypedDict(
    "PatchedProjectRequestDict",
    {
        "name": str,
        "description": str,
        "status": Literal["active", "completed", "archived"],
        "labels": list[LabelCreateRequestDict],
    },
    total=False,
)
"""PatchedProjectRequest as a plain dict (its JSON form), for type-checked dict arguments."""
