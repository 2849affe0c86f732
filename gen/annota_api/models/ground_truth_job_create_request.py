from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import TypedDict

from ..types import UNSET, Unset

__all__ = ["GroundTruthJobCreateRequest", "GroundTruthJobCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "size",
        "assets",
        "seed",
        "assignee",
    }
)


@_dataclass(slots=True, kw_only=True)
class GroundTruthJobCreateRequest:
    """A ground-truth job to create: `size` random assets, or the `assets` named.

    Attributes:
        size (int | Unset): How many assets to draw at random (at most the task's).
        assets (list[int] | Unset): The ids of the task's assets to sample (instead of `size`).
        seed (int | Unset): Repeats a random draw.
        assignee (int | None | Unset): The trusted person's user id (a member of the workspace).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    size: int | Unset = UNSET
    assets: list[int] | Unset = UNSET
    seed: int | Unset = UNSET
    assignee: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "size",
        "assets",
        "seed",
        "assignee",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this GroundTruthJobCreateRequest, unknown fields included."""
        assets: list[int] | Unset = UNSET
        if not isinstance(self.assets, Unset):
            assets = self.assets

        assignee: int | None | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee

        field_dict: dict[str, Any] = {}
        if not isinstance(self.size, Unset):
            field_dict["size"] = self.size
        if not isinstance(assets, Unset):
            field_dict["assets"] = assets
        if not isinstance(self.seed, Unset):
            field_dict["seed"] = self.seed
        if not isinstance(assignee, Unset):
            field_dict["assignee"] = assignee
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a GroundTruthJobCreateRequest from its JSON form; unknown keys go to additional_properties."""
        assets = src.get("assets", UNSET)

        assignee = src.get("assignee", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            size=src.get("size", UNSET),
            assets=assets,
            seed=src.get("seed", UNSET),
            assignee=assignee,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
GroundTruthJobCreateRequestDict = TypedDict(
    "GroundTruthJobCreateRequestDict",
    {
        "size": int,
        "assets": list[int],
        "seed": int,
        "assignee": int | None,
    },
    total=False,
)
"""GroundTruthJobCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
