from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["IssueCreateRequest", "IssueCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "asset",
        "message",
        "region",
        "shape",
    }
)


@_dataclass(slots=True, kw_only=True)
class IssueCreateRequest:
    """An issue to raise on an asset of the job; a `region`, a `shape` or both.

    Attributes:
        asset (int): The id of an asset of the job.
        message (str): What is wrong.
        region (IssueRegionRequest | Unset): Where on the asset to pin an issue, in the asset's
            pixels (inside the asset).
        shape (int | Unset): The id of a shape on the asset.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    asset: int
    message: str
    region: IssueRegionRequest | Unset = UNSET
    shape: int | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "asset",
        "message",
        "region",
        "shape",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this IssueCreateRequest, unknown fields included."""
        region: dict[str, Any] | Unset = UNSET
        if not isinstance(self.region, Unset):
            region = self.region.to_dict()
        field_dict: dict[str, Any] = {
            "asset": self.asset,
            "message": self.message,
        }
        if not isinstance(region, Unset):
            field_dict["region"] = region
        if not isinstance(self.shape, Unset):
            field_dict["shape"] = self.shape
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a IssueCreateRequest from its JSON form; unknown keys go to additional_properties."""
        _region = src.get("region", UNSET)
        region: IssueRegionRequest | Unset
        if isinstance(_region, Unset):
            region = UNSET
        else:
            region = IssueRegionRequest.from_dict(_region)

        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            asset=src["asset"],
            message=src["message"],
            region=region,
            shape=src.get("shape", UNSET),
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.issue_region_request import IssueRegionRequest, IssueRegionRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
IssueCreateRequestDict = TypedDict(
    "IssueCreateRequestDict",
    {
        "asset": Required[int],
        "message": Required[str],
        "region": IssueRegionRequestDict,
        "shape": int,
    },
    total=False,
)
"""IssueCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
