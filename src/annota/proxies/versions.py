"""Frozen dataset versions: ``client.versions``, the Version entity and its training samples."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota_api.api.versions import (
    versions_create_export,
    versions_destroy,
    versions_retrieve,
    versions_retrieve_content,
    versions_retrieve_manifest,
)
from annota_api.client import HttpResponse
from annota_api.models import DatasetVersion as DatasetVersionModel
from annota_api.models import VersionAsset, VersionLabel, VersionManifest
from annota_api.types import UNSET

from annota.progress import ProgressReporter, reporter_or_null
from annota.proxies import samples
from annota.proxies.base import Entity, Repo, Retrievable
from annota.proxies.operations import Operation, export_request
from annota.proxies.samples import Sample, SampleShape
from annota.transfer import atomic_file, download_to, following_storage_redirects

if TYPE_CHECKING:
    _Fields = DatasetVersionModel
else:
    _Fields = object

__all__ = ["Sample", "SampleShape", "Version", "VersionsRepo"]


class Version(Entity[DatasetVersionModel], _Fields):
    """A frozen dataset version of a project: it never changes, whatever the project does."""

    __slots__ = ()
    _retrieve_op = versions_retrieve

    def remove(self) -> None:
        """Delete the version; images no other version holds are released on the server."""
        versions_destroy.sync_detailed(self._model.id, client=self._client.api)

    def manifest(self) -> VersionManifest:
        """Everything the version froze: labels, tasks, assets with their shapes."""
        return versions_retrieve_manifest.sync(self._model.id, client=self._client.api)

    def classes(self) -> list[VersionLabel]:
        """The version's labels in class-index order: ``classes()[i]`` is class ``i``.

        The order is the YOLO export's class ids (``names`` in its ``data.yaml``): the
        labels by id. Samples carry each shape's index as ``class_index``.
        """
        return list(self.manifest().labels)

    def start_export(
        self, format: str, *, include_images: bool = False, task: str | None = None
    ) -> Operation:
        """Queue an export of the version; returns at once (``task``: see ``Project``'s)."""
        body = export_request(format, include_images=include_images, task=task)
        model = versions_create_export.sync(self._model.id, client=self._client.api, body=body)
        return Operation(self._client, model)

    def export_dataset(
        self,
        format: str,
        path: str | os.PathLike[str],
        *,
        include_images: bool = False,
        task: str | None = None,
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
    ) -> Path:
        """Export the version as a dataset archive saved at ``path`` (see ``Project``'s).

        The same version exported twice in one format gives the same bytes.

        Raises:
            OperationFailedError: the export failed (the server's message says why).
            OperationTimeoutError: it took longer than ``timeout`` seconds (it goes on).

        """
        operation = self.start_export(format, include_images=include_images, task=task)
        return operation.save_export(path, pbar=pbar, timeout=timeout, stacklevel=2)

    def samples(
        self,
        cache_dir: str | os.PathLike[str],
        *,
        subset: str | None = None,
        pbar: ProgressReporter | None = None,
    ) -> Iterator[Sample]:
        """Iterate over the version's samples, tasks by id and assets by position.

        Each image is downloaded once into ``cache_dir``, named by its SHA-256 (checked on
        download), and so is the manifest (named by the version's ``manifest_sha256``), so a
        later pass sends no request at all. A whole pass also leaves a compact index of the
        samples beside the manifest (``<manifest_sha256>.samples``): the next pass reads that
        one file instead of the manifest's JSON, and checks each image with one ``stat``; an
        image that is missing or changed (size, inode or ctime) is hashed and, when its SHA-256
        is wrong, downloaded again (see :mod:`annota.proxies.samples`). A file appears in the
        cache only when complete (written beside it, then renamed), so processes and threads
        may share one cache. ``subset`` keeps only the assets of tasks of that subset.
        ``pbar`` counts the samples.
        """
        root = Path(cache_dir)
        sha256 = self._model.manifest_sha256 or ""
        # An empty manifest_sha256 (the column default) names no file: nothing is indexed.
        where = samples.index_path(root, sha256) if len(sha256) == 64 else None
        index = None if where is None else samples.SampleIndex.read(where, sha256)
        fresh = index is None
        if index is None:
            index = samples.SampleIndex.of_manifest(self._cached_manifest(root))
        rows = index.rows
        count = len(rows) if subset is None else sum(1 for row in rows if row[2] == subset)
        reporter = reporter_or_null(pbar)
        reporter.start(count, description=f"version {self._model.id}", unit="sample")
        try:
            changed = yield from samples.iterate(index, root, subset, self._download, reporter)
        finally:
            reporter.finish()
        # Only after a whole pass: a row is stored with its file's stat once it was checked.
        if where is not None and (fresh or changed):
            index.write(where, sha256)

    def _cached_manifest(self, root: Path) -> dict[str, Any]:
        """The manifest's JSON, from the cache or fetched (and kept when its SHA-256 checks out).

        The cached file is the canonical JSON the version's ``manifest_sha256`` is taken over
        (without the ``version`` id, which is put back on reading), so like an image it is
        named by the SHA-256 of its bytes and two versions of the same data share it.
        """
        sha256 = self._model.manifest_sha256 or ""
        # An empty manifest_sha256 (the column default) names no file: fetched, not cached.
        path = root / sha256[:2] / sha256 if len(sha256) == 64 else None
        if path is not None and path.is_file():
            document: dict[str, Any] = json.loads(path.read_bytes())
        else:
            answer = versions_retrieve_manifest.sync_detailed(
                self._model.id, client=self._client.api
            )
            document = json.loads(answer.content)
            canonical = {key: value for key, value in document.items() if key != "version"}
            data = json.dumps(
                canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode()
            if path is not None and hashlib.sha256(data).hexdigest() == sha256:
                with atomic_file(path) as out:
                    out.write(data)
            # Otherwise (a float written differently, say) it is simply fetched every pass.
        document["version"] = self._model.id
        return document

    def _download(self, asset: VersionAsset, path: Path) -> Path:
        """Download the image of ``asset`` to ``path`` (its SHA-256 checked)."""
        sha256 = asset.sha256
        api = self._client.api
        version_id = self._model.id

        def open_from(offset: int) -> HttpResponse:
            wanted = f"bytes={offset}-" if offset else UNSET
            return versions_retrieve_content.stream(version_id, sha256, client=api, range_=wanted)

        return download_to(
            following_storage_redirects(api, open_from),
            path,
            reporter_or_null(None),
            description=asset.name,
            expected_sha256=sha256,
            attempts=self._client.config.retries + 1,
        )


class VersionsRepo(Repo[Version], Retrievable[Version]):
    """``client.versions``: retrieve versions (make them with ``project.create_version``)."""

    __slots__ = ()
    _entity = Version
    _retrieve_op = versions_retrieve
