"""The asyncio twins of ``annota.proxies.quality`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/quality.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.quality import (
    quality_retrieve_ground_truth_job,
)
from annota_api.models import GroundTruthJob as GroundTruthJobModel

from annota.proxies.base import (
    AsyncEntity,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _Fields = GroundTruthJobModel
else:
    _Fields = object


class AsyncGroundTruthJob(AsyncEntity[GroundTruthJobModel], _Fields):
    """The asyncio twin of :class:`annota.proxies.quality.GroundTruthJob`.

    Blocking only so far (use the :class:`~annota.Client`): ``remove``, ``get_shapes``,
    ``set_shapes``, ``quality``, ``agreement``.
    """

    __slots__ = ()
    _retrieve_op = quality_retrieve_ground_truth_job


class AsyncGroundTruthJobsRepo(
    AsyncRepo[AsyncGroundTruthJob], AsyncRetrievable[AsyncGroundTruthJob]
):
    """The asyncio twin of :class:`annota.proxies.quality.GroundTruthJobsRepo`.

    Blocking only so far (use the :class:`~annota.Client`): ``create``, ``list``.
    """

    __slots__ = ()
    _entity = AsyncGroundTruthJob
    _retrieve_op = quality_retrieve_ground_truth_job
