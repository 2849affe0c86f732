"""Detection metrics as COCO's evaluation computes them, in pure Python, fed one asset at a time.

:class:`Evaluator` takes each asset's ground truth and predictions (:meth:`Evaluator.add`),
matches them as pycocotools' ``COCOeval.evaluateImg`` does (per label; predictions by score,
at most 100 per asset and label; each takes the unmatched ground truth it overlaps most, at
or above the threshold), and keeps per prediction only its score and which thresholds
matched it: geometry never outlives its asset, so memory grows with the number of
predictions (a few bytes each), not with their shapes. :meth:`Evaluator.results` then
accumulates as ``COCOeval.accumulate`` and ``summarize`` do: the same thresholds (the same
floats numpy's ``linspace`` makes), the same stable sort, the same interpolation, so AP equals
COCOeval's on the same data (tests/unit/test_detection_metrics.py checks it on random cases).

Geometry: boxes are compared as boxes (COCO's ``bbox``), polygons and masks as pixels
(``segm``): a polygon is rasterised exactly as pycocotools' ``frPoly`` does it, then compared
run by run with the other RLE, never decoded into pixels.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
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


@dataclass(frozen=True)
class Region:
    """Pixels as the intervals ``[start, stop)`` they cover, column by column (RLE order)."""

    runs: tuple[tuple[int, int], ...]
    area: int

    @classmethod
    def from_counts(cls, counts: Sequence[int]) -> Region:
        """The region of an RLE's counts (background first)."""
        runs: list[tuple[int, int]] = []
        position, area = 0, 0
        for index, count in enumerate(counts):
            if index % 2 and count:
                runs.append((position, position + count))
                area += count
            position += count
        return cls(tuple(runs), area)

    @classmethod
    def from_polygon(cls, points: Sequence[float], height: int, width: int) -> Region:
        """The pixels of a polygon, rasterised as pycocotools' ``rleFrPoly``."""
        return cls.from_counts(polygon_counts(points, height, width))


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
        inter = _overlap(a.runs, b.runs)
        union = a.area + b.area - inter
        return inter / union if union > 0 else 0.0
    raise TypeError("boxes are compared with boxes, regions with regions")


def _overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """How many positions two sorted interval lists share."""
    if not a or not b or a[-1][1] <= b[0][0] or b[-1][1] <= a[0][0]:
        return 0  # apart (in column-major order, objects in other columns are)
    i = j = total = 0
    count_a, count_b = len(a), len(b)
    a_start, a_stop = a[0]
    b_start, b_stop = b[0]
    while True:
        start = a_start if a_start > b_start else b_start
        stop = a_stop if a_stop < b_stop else b_stop
        if stop > start:
            total += stop - start
        if a_stop < b_stop:
            i += 1
            if i == count_a:
                return total
            a_start, a_stop = a[i]
        else:
            j += 1
            if j == count_b:
                return total
            b_start, b_stop = b[j]


def polygon_counts(xy: Sequence[float], h: int, w: int) -> list[int]:
    """The RLE counts of a polygon (``x, y`` pairs) on an ``h`` x ``w`` image.

    The algorithm of pycocotools' ``rleFrPoly`` (its C integer casts truncate toward zero, as
    ``int()`` does): the outline is walked on a 5x finer grid, and where the walk crosses a
    pixel column's centre a run starts or ends. Only those crossings are computed here: on an
    edge that is mostly horizontal they are every fifth step, found by arithmetic.
    """
    k = len(xy) // 2
    if k == 0:
        return [h * w]
    x = [int(5.0 * xy[2 * j] + 0.5) for j in range(k)]
    y = [int(5.0 * xy[2 * j + 1] + 0.5) for j in range(k)]
    x.append(x[0])
    y.append(y[0])
    starts: list[int] = []
    last = w - 1

    def keep(u_low: int, v_now: int, v_before: int) -> None:
        # A crossing at column (u_low + 0.5) / 5 - 0.5, exact in floating point when whole.
        if (u_low - 2) % 5 or u_low < 2 or (u_low - 2) // 5 > last:
            return
        yd = (min(v_now, v_before) + 0.5) / 5.0 - 0.5
        yd = 0.0 if yd < 0 else float(h) if yd > h else yd
        starts.append((u_low - 2) // 5 * h + math.ceil(yd))

    for j in range(k):
        xs, xe, ys, ye = x[j], x[j + 1], y[j], y[j + 1]
        dx, dy = abs(xe - xs), abs(ys - ye)
        flip = (dx >= dy and xs > xe) or (dx < dy and ys > ye)
        if flip:
            xs, xe, ys, ye = xe, xs, ye, ys
        if dx >= dy:
            if dx == 0:
                continue  # one point, the previous edge's last: no crossing
            s = (ye - ys) / dx
            # Walking d = 1..dx, u moves by one each step; the crossing's column needs
            # min(u, u before) = 2 (mod 5): every fifth step from the first that has it.
            for d in range(1, dx + 1):
                t = dx - d if flip else d
                before = t + 1 if flip else t - 1
                if (min(t, before) + xs - 2) % 5 == 0:
                    break
            else:
                continue
            # keep() inlined: this loop is most of a polygon's cost.
            ceil, append, height = math.ceil, starts.append, float(h)
            for step in range(d, dx + 1, 5):
                if flip:
                    t = dx - step
                    before, low = t + 1, t + xs
                else:
                    t = step
                    before = low = t - 1
                    low += xs
                column = (low - 2) // 5
                if low < 2 or column > last:
                    continue
                v_now, v_before = int(ys + s * t + 0.5), int(ys + s * before + 0.5)
                yd = ((v_now if v_now < v_before else v_before) + 0.5) / 5.0 - 0.5
                yd = 0.0 if yd < 0 else height if yd > height else yd
                append(column * h + ceil(yd))
        else:
            s = (xe - xs) / dy

            def u_at(d: int, xs: int = xs, s: float = s, dy: int = dy, flip: bool = flip) -> int:
                return int(xs + s * (dy - d if flip else d) + 0.5)

            # Walking d = 1..dy, u moves by at most one per step and only one way (int() is
            # monotone): each change is found by bisection instead of walking every step.
            d, u_before = 0, u_at(0)
            while d < dy and u_at(dy) != u_before:
                low, high = d + 1, dy
                while low < high:
                    middle = (low + high) // 2
                    if u_at(middle) != u_before:
                        high = middle
                    else:
                        low = middle + 1
                d, u = low, u_at(low)
                t, before = (dy - d, dy - d + 1) if flip else (d, d - 1)
                keep(min(u, u_before), t + ys, before + ys)
                u_before = u
    starts.append(h * w)
    starts.sort()
    counts = [starts[0]]
    previous = starts[0]
    index, total = 1, len(starts)
    while index < total:
        gap = starts[index] - previous
        previous = starts[index]
        index += 1
        if gap > 0:
            counts.append(gap)
        elif index < total:  # a zero run: the next run joins the one before
            counts[-1] += starts[index] - previous
            previous = starts[index]
            index += 1
    return counts


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
    """IoU of an asset's prediction and truth pairs, each computed once (matching and matrix)."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], float] = {}

    def __call__(self, prediction: Prediction, truth: Truth) -> float:
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
        overlaps = _Overlaps()
        matched: list[int] = []
        unmatched: list[int] = []
        missed: list[int] = []
        pairs: list[tuple[int, int]] = []
        kept: list[Prediction] = []
        for label_id, (label_truths, label_predictions) in by_label.items():
            store = self._per_label.get(label_id)
            if store is None:
                continue
            ordered = sorted(label_predictions, key=lambda p: -p.score)[:MAX_DETECTIONS]
            kept.extend(ordered)
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
        self._confuse(truths, kept, overlaps)
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
        """Count one asset in the confusion matrix (same label first, then any label)."""
        truths = [t for t in truths if t.label in self._index]
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
