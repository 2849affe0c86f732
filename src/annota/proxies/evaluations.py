"""Evaluations: ``project.evaluate(...)``, ``client.evaluations`` and the Evaluation entity.

The figures are plain data (``evaluation.ap``, ``evaluation.labels``, ``evaluation.confusion``);
:meth:`Evaluation.table` writes them as text and :meth:`Evaluation.plot` draws them with
matplotlib when it is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annota_api.api.evaluations import (
    evaluations_destroy,
    evaluations_list_assets,
    evaluations_retrieve,
    evaluations_retrieve_asset,
)
from annota_api.models import Evaluation as EvaluationModel
from annota_api.models import EvaluationAsset, EvaluationAssetDetail
from annota_api.types import UNSET

from annota.paging import Page, PagedList, cursor_of
from annota.proxies.base import Entity, Repo, Retrievable
from annota.refs import Ref, id_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    _Fields = EvaluationModel
else:
    _Fields = object


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


class Evaluation(Entity[EvaluationModel], _Fields):
    """A model version's predictions compared with ground truth (COCO's AP and more)."""

    __slots__ = ()
    _retrieve_op = evaluations_retrieve

    def remove(self) -> None:
        """Delete the evaluation."""
        evaluations_destroy.sync_detailed(self._model.id, client=self._client.api)

    def assets(self) -> PagedList[EvaluationAsset]:
        """The evaluated assets, worst first (most false positives and misses), lazily paged."""
        client = self._client
        evaluation_id = self._model.id

        def fetch(page: int, size: int, cursor: str | None) -> Page[EvaluationAsset]:
            parsed = evaluations_list_assets.sync(
                evaluation_id, client=client.api, page=page, page_size=size, cursor=cursor or UNSET
            )
            return Page(
                list(parsed.results),
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)

    def asset(self, asset: Ref) -> EvaluationAssetDetail:
        """One evaluated asset (an asset or its id) with its shapes and the part each played.

        ``detail.shapes`` holds its predictions (role ``matched`` or ``false_positive``) and
        its ground truth (``truth`` or ``missed``), each with the id of its match;
        ``detail.asset.pairs`` the ``[prediction, truth]`` id pairs.

        Raises:
            NotFoundError: the asset was not evaluated.

        """
        return evaluations_retrieve_asset.sync(
            self._model.id, id_of(asset, "asset"), client=self._client.api
        )

    def table(self) -> str:
        """The figures as a text table: one line per label, then the totals."""
        model = self._model
        header = f"{'label':<20} {'gt':>6} {'pred':>6} {'TP':>6} {'FP':>6} {'miss':>6} "
        header += f"{'prec':>6} {'recall':>6} {'AP':>6} {'AP50':>6} {'AP75':>6}"
        lines = [header]
        for row in model.labels:
            lines.append(
                f"{row.name[:20]:<20} {row.ground_truth:>6} {row.predictions:>6} "
                f"{row.true_positives:>6} {row.false_positives:>6} {row.misses:>6} "
                f"{_figure(row.precision):>6} {_figure(row.recall):>6} {_figure(row.ap):>6} "
                f"{_figure(row.ap50):>6} {_figure(row.ap75):>6}"
            )
        lines.append(
            f"{'all':<20} {'':>6} {'':>6} {'':>6} {'':>6} {'':>6} "
            f"{_figure(model.precision):>6} {_figure(model.recall):>6} {_figure(model.ap):>6} "
            f"{_figure(model.ap50):>6} {_figure(model.ap75):>6}"
        )
        return "\n".join(lines)

    def plot(self) -> Figure:
        """Draw the PR curves (at the evaluation's ``iou``) and the confusion matrix.

        Needs matplotlib (``pip install matplotlib``); returns the figure, to show or save.

        Raises:
            ImportError: matplotlib is not installed.

        """
        try:
            from matplotlib.figure import Figure
        except ImportError as exc:  # an optional extra
            raise ImportError("evaluation.plot() needs matplotlib: pip install matplotlib") from exc
        model = self._model
        figure = Figure(figsize=(12, 5))
        curves, matrix = figure.subplots(1, 2)
        recalls = [i / 100 for i in range(101)]
        for row in model.labels:
            if row.pr_curve:
                curves.plot(recalls, row.pr_curve, label=f"{row.name} (AP50 {_figure(row.ap50)})")
        curves.set_xlabel("recall")
        curves.set_ylabel("precision")
        curves.set_xlim(0, 1)
        curves.set_ylim(0, 1.05)
        curves.set_title(f"PR curves at IoU {model.iou:g}")
        if model.labels:
            curves.legend(loc="lower left", fontsize="small")
        names: list[str] = list(model.confusion.labels)
        cells: list[list[int]] = [list(row) for row in model.confusion.matrix]
        matrix.imshow(cells, cmap="Blues")
        matrix.set_xticks(range(len(names)), names, rotation=45, ha="right")
        matrix.set_yticks(range(len(names)), names)
        matrix.set_xlabel("predicted")
        matrix.set_ylabel("ground truth")
        matrix.set_title("confusion matrix")
        for i, row_cells in enumerate(cells):
            for j, count in enumerate(row_cells):
                if count:
                    matrix.text(j, i, str(count), ha="center", va="center", fontsize="small")
        figure.tight_layout()
        return figure

    def summary(self) -> dict[str, Any]:
        """The headline figures as a plain dict."""
        model = self._model
        return {
            "ap": model.ap,
            "ap50": model.ap50,
            "ap75": model.ap75,
            "precision": model.precision,
            "recall": model.recall,
            "asset_count": model.asset_count,
        }


class EvaluationsRepo(Repo[Evaluation], Retrievable[Evaluation]):
    """``client.evaluations``: retrieve evaluations (run them with ``project.evaluate``)."""

    __slots__ = ()
    _entity = Evaluation
    _retrieve_op = evaluations_retrieve
