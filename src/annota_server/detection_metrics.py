"""Detection metrics as COCO's evaluation computes them, fed one asset at a time.

:class:`Evaluator` takes each asset's ground truth and predictions (:meth:`Evaluator.add`),
matches them as pycocotools' ``COCOeval.evaluateImg`` does (per label; predictions by score,
at most 100 per asset and label; each takes the unmatched ground truth it overlaps most, at
or above the threshold), and keeps per prediction only its score and which thresholds
matched it: geometry never outlives its asset, so memory grows with the number of
predictions (a few bytes each), not with their shapes. :meth:`Evaluator.results` then
accumulates as ``COCOeval.accumulate`` and ``summarize`` do: the same thresholds (the same
floats numpy's ``linspace`` makes), the same stable sort, the same interpolation, so AP equals
COCOeval's on the same data (tests/unit/test_detection_metrics.py checks it on random cases).

Geometry: boxes are compared as boxes (COCO's ``bbox``, in Python), polygons and masks as
pixels (``segm``): pycocotools' C rasterises polygons to RLE and computes one asset's whole IoU
matrix in one call, from the runs, never decoding pixels. Which pair matches, the confusion
matrix and the accumulation stay this module's own.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

IOU_THRESHOLDS: tuple[float, ...] = (*(i * ((0.95 - 0.5) / 9) + 0.5 for i in range(9)), 0.95)
"""COCO's ten IoU thresholds, as ``np.linspace(.5, .95, 10)`` computes them."""
RECALL_POINTS: tuple[float, ...] = (*(i * (1.0 / 100) for i in range(100)), 1.0)
"""COCO's 101 recall points, as ``np.linspace(0, 1, 101)`` computes them."""
MAX_DETECTIONS = 100
"""Predictions kept per asset and label, the best scored first (COCO's last ``maxDets``)."""
_EPS = 2.220446049250313e-16  # np.spacing(1), which COCOeval adds to precision's denominator
_AP50 = IOU_THRESHOLDS.index(0.5)
_AP75 = min(range(len(IOU_THRESHOLDS)), key=lambda i: abs(IOU_THRESHOLDS[i] - 0.75))


def _coco() -> Any:
    """The mask module of pycocotools, imported when first needed (it brings numpy: slow)."""
    from pycocotools import mask

    return mask


# -- geometry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A box as COCO keeps it: its corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @classmethod
    def from_corners(cls, points: Sequence[float]) -> Box:
        """A box from annota's ``[x_min, y_min, x_max, y_max]``."""
        x0, y0, x1, y1 = points[:4]
        return cls(x0, y0, x1 - x0, y1 - y0)


@dataclass(frozen=True, eq=False)
class Region:
    """Pixels as a COCO RLE (``{size, counts}``, counts compressed), compared by pycocotools' C."""

    rle: dict[str, Any]

    @classmethod
    def from_mask(cls, mask: Mapping[str, Any]) -> Region:
        """The region of a mask as stored (``size`` and compressed ``counts`` text)."""
        counts = mask["counts"]
        return cls(
            {
                "size": list(mask["size"]),
                "counts": counts.encode() if isinstance(counts, str) else counts,
            }
        )

    @classmethod
    def from_polygon(cls, points: Sequence[float], height: int, width: int) -> Region:
        """The pixels of a polygon on a ``height`` x ``width`` image, as COCO rasterises it."""
        if len(points) < 2 or height <= 0 or width <= 0:
            # pycocotools reads past a polygon without points; nothing is inside anyway.
            return cls(
                _coco().frPyObjects(
                    {"size": [height, width], "counts": [height * width]}, height, width
                )
            )
        return cls(_coco().frPyObjects([[float(v) for v in points]], height, width)[0])


Geometry = Box | Region


def iou(a: Geometry, b: Geometry) -> float:
    """Intersection over union of two boxes or two regions (COCO's, without crowds)."""
    if isinstance(a, Box) and isinstance(b, Box):
        w = min(a.w + a.x, b.w + b.x) - max(a.x, b.x)
        if w <= 0:
            return 0.0
        h = min(a.h + a.y, b.h + b.y) - max(a.y, b.y)
        if h <= 0:
            return 0.0
        inter = w * h
        return inter / (a.w * a.h + b.w * b.h - inter)
    if isinstance(a, Region) and isinstance(b, Region):
        # pycocotools answers -1 for regions of different sizes: they share no pixel.
        return max(0.0, float(_coco().iou([a.rle], [b.rle], [0])[0][0]))
    raise TypeError("boxes are compared with boxes, regions with regions")


# -- one asset -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """A ground-truth shape of an asset."""

    id: int
    label: int
    geometry: Geometry


@dataclass(frozen=True)
class Prediction:
    """A predicted shape of an asset, with its score."""

    id: int
    label: int
    score: float
    geometry: Geometry


class _Overlaps:
    """IoU of an asset's prediction and truth pairs, each computed once (matching and matrix).

    Regions: the whole matrix in one call of pycocotools' C (each pair is needed anyway: the
    confusion matrix compares every prediction with every truth). Boxes: pair by pair.
    """

    def __init__(self, predictions: Sequence[Prediction], truths: Sequence[Truth]) -> None:
        self._known: dict[tuple[int, int], float] = {}
        self._rows: dict[int, int] = {}
        self._columns: dict[int, int] = {}
        self._matrix: list[list[float]] = []
        geometries = [p.geometry for p in predictions] + [t.geometry for t in truths]
        if predictions and truths and all(isinstance(g, Region) for g in geometries):
            self._rows = {p.id: i for i, p in enumerate(predictions)}
            self._columns = {t.id: j for j, t in enumerate(truths)}
            self._matrix = (
                _coco()
                .iou(
                    [p.geometry.rle for p in predictions],  # type: ignore[union-attr]
                    [t.geometry.rle for t in truths],  # type: ignore[union-attr]
                    [0] * len(truths),
                )
                .tolist()
            )

    def __call__(self, prediction: Prediction, truth: Truth) -> float:
        row = self._rows.get(prediction.id)
        if row is not None:
            column = self._columns.get(truth.id)
            if column is not None:
                return self._matrix[row][column]
        key = (prediction.id, truth.id)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = iou(prediction.geometry, truth.geometry)
        return found


def _match(
    truths: Sequence[Truth],
    ordered: Sequence[Prediction],
    thresholds: Sequence[float],
    overlap: Callable[[Prediction, Truth], float],
) -> list[list[int]]:
    """For each threshold, the index of the truth each prediction matched (-1: none).

    COCOeval's greedy matching: predictions best scored first; each takes, among the truths
    not matched yet at that threshold, the one it overlaps most (ties: the later one), if
    that overlap is at least the threshold.
    """
    ious = [[overlap(p, t) for t in truths] for p in ordered]
    found: list[list[int]] = []
    for threshold in thresholds:
        taken = [False] * len(truths)
        matched = []
        for row in ious:
            best, chosen = min(threshold, 1 - 1e-10), -1
            for index, value in enumerate(row):
                if taken[index] or value < best:
                    continue
                best, chosen = value, index
            if chosen >= 0:
                taken[chosen] = True
            matched.append(chosen)
        found.append(matched)
    return found


# -- the whole evaluation ------------------------------------------------------------------------


@dataclass
class _Label:
    """What is kept per label: the count of its truths, its predictions' scores and matches."""

    truths: int = 0
    scores: array[float] = field(default_factory=lambda: array("d"))
    hits: array[int] = field(default_factory=lambda: array("H"))
    """One bit per threshold (COCO's ten, then the chosen ``iou``): matched there."""


@dataclass(frozen=True)
class AssetOutcome:
    """One asset's counts at the chosen IoU, and which shapes were which."""

    true_positives: int
    false_positives: int
    misses: int
    matched: list[int]
    unmatched: list[int]
    missed: list[int]
    pairs: list[tuple[int, int]] = field(default_factory=list)
    """``(prediction id, truth id)`` of each match at the chosen IoU, by prediction id."""


class Evaluator:
    """Accumulates assets one at a time; :meth:`results` gives the figures."""

    def __init__(self, labels: Sequence[tuple[int, str]], threshold: float = 0.5) -> None:
        self.labels = list(labels)
        self.threshold = threshold
        self.thresholds = (*IOU_THRESHOLDS, threshold)
        self._per_label = {label_id: _Label() for label_id, _ in self.labels}
        self._index = {label_id: index for index, (label_id, _) in enumerate(self.labels)}
        size = len(self.labels) + 1
        self._confusion = [[0] * size for _ in range(size)]
        self.asset_count = 0

    def add(self, truths: Sequence[Truth], predictions: Sequence[Prediction]) -> AssetOutcome:
        """Evaluate one asset (in asset order: ties in score keep that order, as COCO's do).

        ``truths`` and ``predictions`` come in shape-id order; predictions of labels the
        evaluation does not know are ignored.
        """
        self.asset_count += 1
        by_label: dict[int, tuple[list[Truth], list[Prediction]]] = {}
        for truth in truths:
            by_label.setdefault(truth.label, ([], []))[0].append(truth)
        for prediction in predictions:
            if prediction.label in self._per_label:
                by_label.setdefault(prediction.label, ([], []))[1].append(prediction)
        chosen = len(self.thresholds) - 1
        matched: list[int] = []
        unmatched: list[int] = []
        missed: list[int] = []
        pairs: list[tuple[int, int]] = []
        groups = [
            (self._per_label[label_id], label_truths, ordered)
            for label_id, (label_truths, label_predictions) in by_label.items()
            if label_id in self._per_label
            for ordered in [sorted(label_predictions, key=lambda p: -p.score)[:MAX_DETECTIONS]]
        ]
        kept = [prediction for _, _, ordered in groups for prediction in ordered]
        known = [truth for truth in truths if truth.label in self._index]
        overlaps = _Overlaps(kept, known)
        for store, label_truths, ordered in groups:
            store.truths += len(label_truths)
            matches = _match(label_truths, ordered, self.thresholds, overlaps)
            for position, prediction in enumerate(ordered):
                bits = 0
                for t, per_threshold in enumerate(matches):
                    if per_threshold[position] >= 0:
                        bits |= 1 << t
                store.scores.append(prediction.score)
                store.hits.append(bits)
            at_iou = matches[chosen]
            hit = set(at_iou)
            for position, prediction in enumerate(ordered):
                if at_iou[position] >= 0:
                    matched.append(prediction.id)
                    pairs.append((prediction.id, label_truths[at_iou[position]].id))
                else:
                    unmatched.append(prediction.id)
            missed.extend(t.id for index, t in enumerate(label_truths) if index not in hit)
        self._confuse(known, kept, overlaps)
        return AssetOutcome(
            len(matched),
            len(unmatched),
            len(missed),
            sorted(matched),
            sorted(unmatched),
            missed,
            sorted(pairs),
        )

    def _confuse(
        self,
        truths: Sequence[Truth],
        predictions: Sequence[Prediction],
        overlap: Callable[[Prediction, Truth], float],
    ) -> None:
        """Count one asset in the confusion matrix (same label first, then any label).

        ``truths``: those of the evaluation's labels.
        """
        background = len(self.labels)
        taken = [False] * len(truths)
        for prediction in sorted(predictions, key=lambda p: -p.score):
            overlaps = [overlap(prediction, truth) for truth in truths]
            best = -1
            for same_label_only in (True, False):
                best_value = self.threshold
                for index, truth in enumerate(truths):
                    if taken[index] or overlaps[index] < best_value:
                        continue
                    if same_label_only and truth.label != prediction.label:
                        continue
                    best, best_value = index, overlaps[index]
                if best >= 0:
                    break
            column = self._index[prediction.label]
            if best < 0:
                self._confusion[background][column] += 1
            else:
                taken[best] = True
                self._confusion[self._index[truths[best].label]][column] += 1
        for index, truth in enumerate(truths):
            if not taken[index]:
                self._confusion[self._index[truth.label]][background] += 1

    def results(self) -> dict[str, Any]:
        """The figures: AP, AP50, AP75, precision and recall, per label, and the matrix."""
        chosen = len(self.thresholds) - 1
        every: list[float] = []
        at50: list[float] = []
        at75: list[float] = []
        rows = []
        total_tp = total_predictions = total_truths = 0
        for label_id, name in self.labels:
            store = self._per_label[label_id]
            curves = _precision_curves(store, len(self.thresholds))
            n = len(store.scores)
            tp = sum(1 for bits in store.hits if bits >> chosen & 1)
            total_tp, total_predictions, total_truths = (
                total_tp + tp,
                total_predictions + n,
                total_truths + store.truths,
            )
            row: dict[str, Any] = {
                "label": label_id,
                "name": name,
                "ground_truth": store.truths,
                "predictions": n,
                "true_positives": tp,
                "false_positives": n - tp,
                "misses": store.truths - tp,
                "precision": tp / n if n else None,
                "recall": tp / store.truths if store.truths else None,
                "ap": None,
                "ap50": None,
                "ap75": None,
                "pr_curve": [],
            }
            if curves is not None:
                coco = [value for curve in curves[: len(IOU_THRESHOLDS)] for value in curve]
                every.extend(coco)
                at50.extend(curves[_AP50])
                at75.extend(curves[_AP75])
                row |= {
                    "ap": _mean(coco),
                    "ap50": _mean(curves[_AP50]),
                    "ap75": _mean(curves[_AP75]),
                    "pr_curve": curves[chosen],
                }
            rows.append(row)
        return {
            "ap": _mean(every),
            "ap50": _mean(at50),
            "ap75": _mean(at75),
            "precision": total_tp / total_predictions if total_predictions else None,
            "recall": total_tp / total_truths if total_truths else None,
            "labels": rows,
            "confusion": {
                "labels": [name for _, name in self.labels] + ["background"],
                "matrix": [list(row) for row in self._confusion],
            },
        }


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _precision_curves(store: _Label, thresholds: int) -> list[list[float]] | None:
    """Interpolated precision at the 101 recall points, per threshold (COCO's ``accumulate``).

    None for a label without ground truth (COCOeval leaves it out of every mean).
    """
    if store.truths == 0:
        return None
    order = sorted(range(len(store.scores)), key=lambda i: -store.scores[i])  # stable
    hits = [store.hits[i] for i in order]
    curves = []
    for t in range(thresholds):
        tp = fp = 0
        recall: list[float] = []
        precision: list[float] = []
        for bits in hits:
            if bits >> t & 1:
                tp += 1
            else:
                fp += 1
            recall.append(tp / store.truths)
            precision.append(tp / (fp + tp + _EPS))
        for i in range(len(precision) - 1, 0, -1):
            if precision[i] > precision[i - 1]:
                precision[i - 1] = precision[i]
        curve = [0.0] * len(RECALL_POINTS)
        for r, point in enumerate(RECALL_POINTS):
            at = bisect_left(recall, point)
            if at >= len(precision):
                break
            curve[r] = precision[at]
        curves.append(curve)
    return curves


# -- agreement between two people ----------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """A person's shape in an agreement: ``geometry`` None for a tag (matched by label)."""

    id: int
    label: int
    geometry: Geometry | None


def _family(item: Drawn) -> str:
    if item.geometry is None:
        return "tag"
    return "box" if isinstance(item.geometry, Box) else "region"


class Agreement:
    """How well one person's shapes (``other``) match another's (``reference``), per label.

    Per asset, label and geometry family (boxes with boxes, polygons and masks as pixels,
    tags by label), each of ``other``'s shapes in id order takes the unmatched reference
    shape it overlaps most, at or above ``threshold``. Precision is matched / ``other``'s
    shapes, recall matched / the reference's, mean IoU over the matched pairs.
    """

    def __init__(self, labels: Sequence[tuple[int, str]], threshold: float = 0.5) -> None:
        self.labels = list(labels)
        self.threshold = threshold
        # Per label: reference shapes, other shapes, matched pairs, the matched pairs' IoU sum.
        self._counts: dict[int, list[float]] = {label_id: [0, 0, 0, 0.0] for label_id, _ in labels}
        self.asset_count = 0

    def add(self, reference: Sequence[Drawn], other: Sequence[Drawn]) -> None:
        """Compare one asset's shapes."""
        self.asset_count += 1
        groups: dict[tuple[int, str], tuple[list[Drawn], list[Drawn]]] = {}
        for item in reference:
            groups.setdefault((item.label, _family(item)), ([], []))[0].append(item)
        for item in other:
            groups.setdefault((item.label, _family(item)), ([], []))[1].append(item)
        for (label_id, family), (theirs, ours) in groups.items():
            counts = self._counts.get(label_id)
            if counts is None:
                continue
            counts[0] += len(theirs)
            counts[1] += len(ours)
            taken = [False] * len(theirs)
            for item in sorted(ours, key=lambda d: d.id):
                best, chosen = self.threshold, -1
                for index, truth in enumerate(theirs):
                    if taken[index]:
                        continue
                    value = (
                        1.0 if family == "tag" else iou(item.geometry, truth.geometry)  # type: ignore[arg-type]
                    )
                    if value >= best:
                        best, chosen = value, index
                if chosen >= 0:
                    taken[chosen] = True
                    counts[2] += 1
                    counts[3] += best

    def results(self) -> dict[str, Any]:
        """Per label and in all: shapes on each side, matched, precision, recall, F1, IoU."""
        rows = [
            _agreement_row({"label": label_id, "name": name}, *self._counts[label_id])
            for label_id, name in self.labels
            if any(self._counts[label_id][:2])
        ]
        totals = [sum(self._counts[label_id][i] for label_id, _ in self.labels) for i in range(4)]
        return _agreement_row(
            {"iou": self.threshold, "asset_count": self.asset_count, "labels": rows},
            *totals,
        )


def _agreement_row(
    base: dict[str, Any], reference: float, other: float, matched: float, iou_sum: float
) -> dict[str, Any]:
    reference, other, matched = int(reference), int(other), int(matched)
    return base | {
        "reference": reference,
        "annotated": other,
        "matched": matched,
        "precision": matched / other if other else None,
        "recall": matched / reference if reference else None,
        "f1": 2 * matched / (reference + other) if reference + other else None,
        "mean_iou": iou_sum / matched if matched else None,
    }
