from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self, cast

from typing_extensions import Required, TypedDict

from ..models.evaluation_kind import EvaluationKind
from ..models.evaluation_request_ground_truth_type_1 import EvaluationRequestGroundTruthType1
from ..types import UNSET, Unset

__all__ = ["EvaluationRequest", "EvaluationRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "predictions",
        "ground_truth",
        "iou",
        "kinds",
    }
)


@_dataclass(slots=True, kw_only=True)
class EvaluationRequest:
    """What to evaluate against what.

    Attributes:
        predictions (int): The id of the model version whose predictions are evaluated.
        ground_truth (EvaluationRequestGroundTruthType1 | int | Unset): The id of a dataset version
            of the project, or `reviewed`: people's shapes on the assets of accepted jobs (the default).
        iou (float | Unset): The IoU threshold of precision, recall, the confusion matrix and the
            per-asset counts. Default: 0.5.
        kinds (list[EvaluationKind] | Unset): The shape kinds compared (default `[bbox]`): `bbox`
            alone, or `polygon` and/or `mask` (compared as pixels).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    predictions: int
    ground_truth: EvaluationRequestGroundTruthType1 | int | Unset = UNSET
    iou: float | Unset = 0.5
    kinds: list[EvaluationKind] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "predictions",
        "ground_truth",
        "iou",
        "kinds",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this EvaluationRequest, unknown fields included."""
        ground_truth: int | str | Unset
        if isinstance(self.ground_truth, Unset):
            ground_truth = UNSET
        elif isinstance(self.ground_truth, EvaluationRequestGroundTruthType1):
            ground_truth = str(self.ground_truth)

        else:
            ground_truth = self.ground_truth

        kinds: list[str] | Unset = UNSET
        if not isinstance(self.kinds, Unset):
            kinds = []
            for kinds_item_data in self.kinds:
                kinds_item = str(kinds_item_data)

                kinds.append(kinds_item)

        field_dict: dict[str, Any] = {
            "predictions": self.predictions,
        }
        if not isinstance(ground_truth, Unset):
            field_dict["ground_truth"] = ground_truth
        if not isinstance(self.iou, Unset):
            field_dict["iou"] = self.iou
        if not isinstance(kinds, Unset):
            field_dict["kinds"] = kinds
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a EvaluationRequest from its JSON form; unknown keys go to additional_properties."""

        def _parse_ground_truth(data: Any) -> EvaluationRequestGroundTruthType1 | int | Unset:
            if isinstance(data, Unset):
                return data
            if isinstance(data, str):
                try:
                    ground_truth_type_1 = EvaluationRequestGroundTruthType1._by_value.get(
                        data
                    ) or EvaluationRequestGroundTruthType1(data)

                    return ground_truth_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            return cast(EvaluationRequestGroundTruthType1 | int | Unset, data)

        ground_truth = _parse_ground_truth(src.get("ground_truth", UNSET))

        _kinds = src.get("kinds", UNSET)
        kinds: list[EvaluationKind] | Unset
        if isinstance(_kinds, Unset):
            kinds = UNSET
        else:
            kinds = [EvaluationKind._by_value.get(item) or EvaluationKind(item) for item in _kinds]

        additional_properties: dict[str, Any]
        if len(src) > 1 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            predictions=src["predictions"],
            ground_truth=ground_truth,
            iou=src.get("iou", UNSET),
            kinds=kinds,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
EvaluationRequestDict = TypedDict(
    "EvaluationRequestDict",
    {
        "predictions": Required[int],
        "ground_truth": int | Literal["reviewed"],
        "iou": float,
        "kinds": list[Literal["bbox", "polygon", "mask"]],
    },
    total=False,
)
"""EvaluationRequest as a plain dict (its JSON form), for type-checked dict arguments."""
