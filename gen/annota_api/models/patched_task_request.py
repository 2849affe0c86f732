from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import TypedDict

from ..models.task_status import TaskStatus
from ..types import UNSET, Unset

__all__ = ["PatchedTaskRequest", "PatchedTaskRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "status",
        "subset",
        "assignee",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedTaskRequest:
    """Changes to a task.

    Attributes:
        name (str | Unset): The task's name.
        status (TaskStatus | Unset): Where a task stands.
        subset (str | Unset): The dataset subset.
        assignee (int | None | Unset): The id of the user to assign; null to unassign.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str | Unset = UNSET
    status: TaskStatus | Unset = UNSET
    subset: str | Unset = UNSET
    assignee: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "status",
        "subset",
        "assignee",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedTaskRequest, unknown fields included."""
        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = str(self.status)

        assignee: int | None | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee

        field_dict: dict[str, Any] = {}
        if not isinstance(self.name, Unset):
            field_dict["name"] = self.name
        if not isinstance(status, Unset):
            field_dict["status"] = status
        if not isinstance(self.subset, Unset):
            field_dict["subset"] = self.subset
        if not isinstance(assignee, Unset):
            field_dict["assignee"] = assignee
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedTaskRequest from its JSON form; unknown keys go to additional_properties."""
        _status = src.get("status", UNSET)
        status: TaskStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TaskStatus._by_value.get(_status) or TaskStatus(_status)

        assignee = src.get("assignee", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src.get("name", UNSET),
            status=status,
            subset=src.get("subset", UNSET),
            assignee=assignee,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedTaskRequestDict = TypedDict(
    "PatchedTaskRequestDict",
    {
        "name": str,
        "status": Literal["pending", "in_progress", "completed", "failed", "cancelled"],
        "subset": str,
        "assignee": int | None,
    },
    total=False,
)
"""PatchedTaskRequest as a plain dict (its JSON form), for type-checked dict arguments."""
