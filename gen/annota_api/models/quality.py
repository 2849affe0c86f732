from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["Quality"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "ground_truth_job",
        "iou",
        "jobs",
        "annotators",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "jobs",
        "annotators",
    }
)


def _decode_jobs(src: Mapping[str, Any]) -> list[JobQuality]:
    jobs = [JobQuality.from_dict(item) for item in src["jobs"]]
    return jobs


def _decode_annotators(src: Mapping[str, Any]) -> list[AnnotatorQuality]:
    annotators = [AnnotatorQuality.from_dict(item) for item in src["annotators"]]
    return annotators


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 4:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Quality(LazyModel):
    """The task's jobs and annotators measured against a ground-truth job.

    Attributes:
        ground_truth_job (int): The ground-truth job's id.
        iou (float): The IoU from which two shapes match.
        jobs (list[JobQuality]): Each job covering sampled assets, by id.
        annotators (list[AnnotatorQuality]): Each annotator, by user id (unassigned last).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    ground_truth_job: int
    iou: float
    jobs: list[JobQuality]
    annotators: list[AnnotatorQuality]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "jobs": _decode_jobs,
        "annotators": _decode_annotators,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Quality, unknown fields included."""
        jobs: list[dict[str, Any]]
        jobs = []
        for jobs_item_data in self.jobs:
            jobs_item = jobs_item_data.to_dict()
            jobs.append(jobs_item)

        annotators: list[dict[str, Any]]
        annotators = []
        for annotators_item_data in self.annotators:
            annotators_item = annotators_item_data.to_dict()
            annotators.append(annotators_item)

        field_dict: dict[str, Any] = {
            "ground_truth_job": self.ground_truth_job,
            "iou": self.iou,
            "jobs": jobs,
            "annotators": annotators,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Quality from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.ground_truth_job = src["ground_truth_job"]
        self.iou = src["iou"]
        return self


# Imported last: models may refer to each other.
from ..models.annotator_quality import AnnotatorQuality
from ..models.job_quality import JobQuality
