from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["AssetsFromStorageRequest", "AssetsFromStorageRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "storage",
        "prefix",
    }
)


@_dataclass(slots=True, kw_only=True)
class AssetsFromStorageRequest:
    """Which objects of a bucket storage become assets.

    Attributes:
        storage (int): The bucket storage (of the task's workspace).
        prefix (str | Unset): Only objects under this folder of the storage's prefix. Default: ''.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    storage: int
    prefix: str | Unset = ""
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "storage",
        "prefix",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AssetsFromStorageRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "storage": self.storage,
        }
        if not isinstance(self.prefix, Unset):
            field_dict["prefix"] = self.prefix
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AssetsFromStorageRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 1 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            storage=src["storage"],
            prefix=src.get("prefix", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
AssetsFromStorageRequestDict = TypedDict(
    "AssetsFromStorageRequestDict",
    {
        "storage": Required[int],
        "prefix": str,
    },
    total=False,
)
"""AssetsFromStorageRequest as a plain dict (its JSON form), for type-checked dict arguments."""
