from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["PaginatedGroundTruthJobList"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "count",
        "next",
        "previous",
        "results",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "results",
    }
)


def _decode_results(src: Mapping[str, Any]) -> list[GroundTruthJob]:
    results = [GroundTruthJob.from_dict(item) for item in src["results"]]
    return results


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 4:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class PaginatedGroundTruthJobList(LazyModel):
    """A page of ground-truth jobs.

    Attributes:
        count (int): How many ground-truth jobs match, on all pages.
        next_ (None | str): The next page's URL (with a `cursor`).
        previous (None | str): The previous page's URL.
        results (list[GroundTruthJob]): This page's ground-truth jobs.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    count: int
    next_: None | str
    previous: None | str
    results: list[GroundTruthJob]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "results": _decode_results,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PaginatedGroundTruthJobList, unknown fields included."""
        next_: None | str
        next_ = self.next_

        previous: None | str
        previous = self.previous

        results: list[dict[str, Any]]
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {
            "count": self.count,
            "next": next_,
            "previous": previous,
            "results": results,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PaginatedGroundTruthJobList from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.count = src["count"]
        self.next_ = src["next"]
        self.previous = src["previous"]
        return self


# Imported last: models may refer to each other.
from ..models.ground_truth_job import GroundTruthJob
