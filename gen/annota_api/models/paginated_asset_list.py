from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["PaginatedAssetList"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "count",
        "next",
        "previous",
        "results",
    }
)


@_dataclass(slots=True, kw_only=True)
class PaginatedAssetList:
    """A page of assets.

    Attributes:
        count (int): How many assets match, on all pages.
        next_ (None | str): The next page's URL.
        previous (None | str): The previous page's URL.
        results (list[Asset]): This page's assets.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    count: int
    next_: None | str
    previous: None | str
    results: list[Asset]
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PaginatedAssetList, unknown fields included."""
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
        """Build a PaginatedAssetList from its JSON form; unknown keys go to additional_properties."""
        next_ = src["next"]

        previous = src["previous"]

        results = [Asset.from_dict(item) for item in src["results"]]

        additional_properties: dict[str, Any]
        if len(src) > 4:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            count=src["count"],
            next_=next_,
            previous=previous,
            results=results,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.asset import Asset
