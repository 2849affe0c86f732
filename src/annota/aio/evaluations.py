"""The asyncio twins of ``annota.proxies.evaluations`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/evaluations.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.evaluations import (
    evaluations_retrieve,
)
from annota_api.models import Evaluation as EvaluationModel

from annota.proxies.base import (
    AsyncEntity,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _Fields = EvaluationModel
else:
    _Fields = object


class AsyncEvaluation(AsyncEntity[EvaluationModel], _Fields):
    """The asyncio twin of :class:`annota.proxies.evaluations.Evaluation`.

    Blocking only so far (use the :class:`~annota.Client`): ``remove``, ``assets``,
    ``asset``, ``table``, ``plot``, ``summary``.
    """

    __slots__ = ()
    _retrieve_op = evaluations_retrieve


class AsyncEvaluationsRepo(AsyncRepo[AsyncEvaluation], AsyncRetrievable[AsyncEvaluation]):
    """The asyncio twin of :class:`annota.proxies.evaluations.EvaluationsRepo`."""

    __slots__ = ()
    _entity = AsyncEvaluation
    _retrieve_op = evaluations_retrieve
