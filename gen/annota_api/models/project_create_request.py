from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from ..models.project_type import ProjectType
from ..types import UNSET, Unset

__all__ = ["ProjectCreateRequest", "ProjectCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "type",
        "description",
        "labels",
    }
)


@_dataclass(slots=True, kw_only=True)
class ProjectCreateRequest:
    """A project to create.

    Attributes:
        name (str): The project's name.
        type_ (ProjectType): What kind of annotation the project collects.
        description (str | Unset): What the project is about.
        labels (list[LabelCreateRequest] | Unset): Labels to create with the project; names must be
            unique.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    type_: ProjectType
    description: str | Unset = UNSET
    labels: list[LabelCreateRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "type",
        "description",
        "labels",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ProjectCreateRequest, unknown fields included."""
        type_ = str(self.type_)

        labels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = []
            for labels_item_data in self.labels:
                labels_item = labels_item_data.to_dict()
                labels.append(labels_item)

        field_dict: dict[str, Any] = {
            "name": self.name,
            "type": type_,
        }
        if not isinstance(self.description, Unset):
            field_dict["description"] = self.description
        if not isinstance(labels, Unset):
            field_dict["labels"] = labels
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ProjectCreateRequest from its JSON form; unknown keys go to additional_properties."""
        type_ = ProjectType._by_value.get(src["type"]) or ProjectType(src["type"])

        _labels = src.get("labels", UNSET)
        labels: list[LabelCreateRequest] | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = [LabelCreateRequest.from_dict(item) for item in _labels]

        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src["name"],
            type_=type_,
            description=src.get("description", UNSET),
            labels=labels,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.label_create_request import LabelCreateRequest, LabelCreateRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
ProjectCreateRequestDict = TypedDict(
    "ProjectCreateRequestDict",
    {
        "name": Required[str],
        "type": Required[Literal["classification", "detection", "segmentation", "keypoints"]],
        "description": str,
        "labels": list[LabelCreateRequestDict],
    },
    total=False,
)
"""ProjectCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
