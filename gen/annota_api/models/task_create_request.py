from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["TaskCreateRequest", "TaskCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "project",
        "name",
        "subset",
        "assignee",
        "segment_size",
    }
)


@_dataclass(slots=True, kw_only=True)
class TaskCreateRequest:
    """A task to create.

    Attributes:
        project (int): The id of the project to create it in.
        name (str): The task's name.
        subset (str | Unset): The dataset subset, for example `train`.
        assignee (int | None | Unset): The id of the user to assign.
        segment_size (int | Unset): How many consecutive assets each job covers. Default: 50.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    project: int
    name: str
    subset: str | Unset = UNSET
    assignee: int | None | Unset = UNSET
    segment_size: int | Unset = 50
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "project",
        "name",
        "subset",
        "assignee",
        "segment_size",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this TaskCreateRequest, unknown fields included."""
        assignee: int | None | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee

        field_dict: dict[str, Any] = {
            "project": self.project,
            "name": self.name,
        }
        if not isinstance(self.subset, Unset):
            field_dict["subset"] = self.subset
        if not isinstance(assignee, Unset):
            field_dict["assignee"] = assignee
        if not isinstance(self.segment_size, Unset):
            field_dict["segment_size"] = self.segment_size
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a TaskCreateRequest from its JSON form; unknown keys go to additional_properties."""
        assignee = src.get("assignee", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            project=src["project"],
            name=src["name"],
            subset=src.get("subset", UNSET),
            assignee=assignee,
            segment_size=src.get("segment_size", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
TaskCreateRequestDict = TypedDict(
    "TaskCreateRequestDict",
    {
        "project": Required[int],
        "name": Required[str],
        "subset": str,
        "assignee": int | None,
        "segment_size": int,
    },
    total=False,
)
"""TaskCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
