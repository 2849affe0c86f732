from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["JobQuality"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "job",
        "assignee",
        "figures",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "assignee",
        "figures",
    }
)


def _decode_assignee(src: Mapping[str, Any]) -> BasicUser | None:
    _assignee = src["assignee"]
    assignee: BasicUser | None
    if _assignee is None:
        assignee = None
    else:
        assignee_type_1 = BasicUser.from_dict(_assignee)

        assignee = assignee_type_1
    return assignee


def _decode_figures(src: Mapping[str, Any]) -> Agreement:
    figures = Agreement.from_dict(src["figures"])
    return figures


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class JobQuality(LazyModel):
    """One job's quality against a ground-truth job.

    Attributes:
        job (int): The job's id.
        assignee (BasicUser | None): Its assignee; null when none.
        figures (Agreement): How well one person's shapes match a reference, in all and per label.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    job: int
    assignee: BasicUser | None
    figures: Agreement
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "assignee": _decode_assignee,
        "figures": _decode_figures,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this JobQuality, unknown fields included."""
        assignee: dict[str, Any] | None
        if isinstance(self.assignee, BasicUser):
            assignee = self.assignee.to_dict()
        else:
            assignee = self.assignee

        figures = self.figures.to_dict()
        field_dict: dict[str, Any] = {
            "job": self.job,
            "assignee": assignee,
            "figures": figures,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a JobQuality from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.job = src["job"]
        return self


# Imported last: models may refer to each other.
from ..models.agreement import Agreement
from ..models.basic_user import BasicUser
