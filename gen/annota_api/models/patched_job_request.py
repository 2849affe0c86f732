from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import TypedDict

from ..models.job_stage import JobStage
from ..models.job_state import JobState
from ..types import UNSET, Unset

__all__ = ["PatchedJobRequest", "PatchedJobRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "assignee",
        "reviewer",
        "stage",
        "state",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedJobRequest:
    """Changes to a job.

    Attributes:
        assignee (int | None | Unset): The id of the user to assign (a workspace member who may
            write); null to unassign.
        reviewer (int | None | Unset): The id of the user who reviews the job (a workspace member
            who may write); null for none.
        stage (JobStage | Unset): Which step of the review a job is in.
        state (JobState | Unset): How far the job is within its stage.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    assignee: int | None | Unset = UNSET
    reviewer: int | None | Unset = UNSET
    stage: JobStage | Unset = UNSET
    state: JobState | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "assignee",
        "reviewer",
        "stage",
        "state",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedJobRequest, unknown fields included."""
        assignee: int | None | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee

        reviewer: int | None | Unset
        if isinstance(self.reviewer, Unset):
            reviewer = UNSET
        else:
            reviewer = self.reviewer

        stage: str | Unset = UNSET
        if not isinstance(self.stage, Unset):
            stage = str(self.stage)

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = str(self.state)

        field_dict: dict[str, Any] = {}
        if not isinstance(assignee, Unset):
            field_dict["assignee"] = assignee
        if not isinstance(reviewer, Unset):
            field_dict["reviewer"] = reviewer
        if not isinstance(stage, Unset):
            field_dict["stage"] = stage
        if not isinstance(state, Unset):
            field_dict["state"] = state
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedJobRequest from its JSON form; unknown keys go to additional_properties."""
        assignee = src.get("assignee", UNSET)

        reviewer = src.get("reviewer", UNSET)

        _stage = src.get("stage", UNSET)
        stage: JobStage | Unset
        if isinstance(_stage, Unset):
            stage = UNSET
        else:
            stage = JobStage._by_value.get(_stage) or JobStage(_stage)

        _state = src.get("state", UNSET)
        state: JobState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = JobState._by_value.get(_state) or JobState(_state)

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            assignee=assignee,
            reviewer=reviewer,
            stage=stage,
            state=state,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedJobRequestDict = TypedDict(
    "PatchedJobRequestDict",
    {
        "assignee": int | None,
        "reviewer": int | None,
        "stage": Literal["annotation", "validation", "acceptance"],
        "state": Literal["new", "in_progress", "completed", "rejected"],
    },
    total=False,
)
"""PatchedJobRequest as a plain dict (its JSON form), for type-checked dict arguments."""
