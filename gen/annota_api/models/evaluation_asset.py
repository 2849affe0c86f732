from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset

__all__ = ["EvaluationAsset"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "asset",
        "name",
        "true_positives",
        "false_positives",
        "misses",
        "matched",
        "unmatched",
        "missed",
        "pairs",
        "job",
        "position",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class EvaluationAsset(LazyModel):
    """One asset's counts in an evaluation, at its `iou`.

    Attributes:
        id (int): The row's id.
        asset (int): The asset's id in the project.
        name (str): The asset's name.
        true_positives (int): Its matched predictions.
        false_positives (int): Its unmatched predictions.
        misses (int): Its unmatched ground truth.
        matched (list[int]): The ids of its matched predictions (shapes).
        unmatched (list[int]): The ids of its unmatched predictions (shapes).
        missed (list[int]): The ids of its missed ground-truth shapes (a dataset version's own shape
            ids for one).
        pairs (list[list[int]]): `[prediction, ground truth]` shape ids of each match at `iou`
            (empty for evaluations stored before pairs were kept).
        job (int | None | Unset): The job that covers the asset now (null when the asset is gone):
            open it there.
        position (int | None | Unset): The asset's position in its task now (null when it is gone).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    asset: int
    name: str
    true_positives: int
    false_positives: int
    misses: int
    matched: list[int]
    unmatched: list[int]
    missed: list[int]
    pairs: list[list[int]]
    job: int | None | Unset = UNSET
    position: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this EvaluationAsset, unknown fields included."""
        matched: list[int]
        matched = self.matched

        unmatched: list[int]
        unmatched = self.unmatched

        missed: list[int]
        missed = self.missed

        pairs: list[list[int]]
        pairs = []
        for pairs_item_data in self.pairs:
            pairs_item: list[int]
            pairs_item = pairs_item_data

            pairs.append(pairs_item)

        job: int | None | Unset
        if isinstance(self.job, Unset):
            job = UNSET
        else:
            job = self.job

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        field_dict: dict[str, Any] = {
            "id": self.id,
            "asset": self.asset,
            "name": self.name,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "misses": self.misses,
            "matched": matched,
            "unmatched": unmatched,
            "missed": missed,
            "pairs": pairs,
        }
        if not isinstance(job, Unset):
            field_dict["job"] = job
        if not isinstance(position, Unset):
            field_dict["position"] = position
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a EvaluationAsset from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.asset = src["asset"]
        self.name = src["name"]
        self.true_positives = src["true_positives"]
        self.false_positives = src["false_positives"]
        self.misses = src["misses"]
        self.matched = src["matched"]
        self.unmatched = src["unmatched"]
        self.missed = src["missed"]
        pairs: list[list[int]]
        pairs = []
        for pairs_item_data in src["pairs"]:
            pairs_item = pairs_item_data

            pairs.append(pairs_item)
        self.pairs = pairs
        self.job = src.get("job", UNSET)
        self.position = src.get("position", UNSET)
        return self
