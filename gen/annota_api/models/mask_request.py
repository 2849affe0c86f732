from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self, cast

from typing_extensions import Required, TypedDict

__all__ = ["MaskRequest", "MaskRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "size",
        "counts",
    }
)


@_dataclass(slots=True, kw_only=True)
class MaskRequest:
    """A mask to store, as COCO RLE: `size` must be the asset's `[height, width]` and the
    counts must add up to height x width. Counts may be COCO's compressed string or a list
    of integers; the server keeps the compressed string.

    Attributes:
        size (list[int]): `[height, width]`: the asset's size in pixels.
        counts (list[int] | str): The run lengths, background first: a compressed string or a list
            of integers.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    size: list[int]
    counts: list[int] | str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "size",
        "counts",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this MaskRequest, unknown fields included."""
        size: list[int]
        size = self.size

        counts: list[int] | str
        if isinstance(self.counts, list):
            counts = self.counts

        else:
            counts = self.counts

        field_dict: dict[str, Any] = {
            "size": size,
            "counts": counts,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a MaskRequest from its JSON form; unknown keys go to additional_properties."""
        size = src["size"]

        def _parse_counts(data: Any) -> list[int] | str:
            if isinstance(data, list):
                try:
                    counts_type_1 = data

                    return counts_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            return cast(list[int] | str, data)

        counts = _parse_counts(src["counts"])

        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            size=size,
            counts=counts,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
MaskRequestDict = TypedDict(
    "MaskRequestDict",
    {
        "size": Required[list[int]],
        "counts": Required[str | list[int]],
    },
    total=False,
)
"""MaskRequest as a plain dict (its JSON form), for type-checked dict arguments."""
