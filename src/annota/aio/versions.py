"""The asyncio twins of ``annota.proxies.versions`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/versions.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.versions import (
    versions_retrieve,
)
from annota_api.models import DatasetVersion as DatasetVersionModel

from annota.proxies.base import (
    AsyncEntity,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _Fields = DatasetVersionModel
else:
    _Fields = object


class AsyncVersion(AsyncEntity[DatasetVersionModel], _Fields):
    """The asyncio twin of :class:`annota.proxies.versions.Version`.

    Blocking only so far (use the :class:`~annota.Client`): ``remove``, ``manifest``,
    ``classes``, ``start_export``, ``export_dataset``, ``samples``.
    """

    __slots__ = ()
    _retrieve_op = versions_retrieve


class AsyncVersionsRepo(AsyncRepo[AsyncVersion], AsyncRetrievable[AsyncVersion]):
    """The asyncio twin of :class:`annota.proxies.versions.VersionsRepo`."""

    __slots__ = ()
    _entity = AsyncVersion
    _retrieve_op = versions_retrieve
