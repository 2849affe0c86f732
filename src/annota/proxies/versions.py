"""Frozen dataset versions: ``client.versions``, the Version entity and its training samples."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from annota_api.api.versions import (
    versions_create_export,
    versions_destroy,
    versions_retrieve,
    versions_retrieve_content,
    versions_retrieve_manifest,
)
from annota_api.client import HttpResponse
from annota_api.models import DatasetVersion as DatasetVersionModel
from annota_api.models import (
    VersionAsset,
    VersionLabel,
    VersionManifest,
    VersionShape,
)
from annota_api.types import UNSET

from annota.progress import ProgressReporter, reporter_or_null
from annota.proxies.base import Entity, Repo, Retrievable
from annota.proxies.operations import Operation, export_request
from annota.transfer import atomic_file, download_to, following_storage_redirects

if TYPE_CHECKING:
    from PIL.Image import Image

    _Fields = DatasetVersionModel
else:
    _Fields = object


class SampleShape(VersionShape):
    """A shape of a training sample: a :class:`VersionShape` with its ``class_index``."""

    __slots__ = ("class_index",)
    class_index: int
    """The label's class index, 0 to n-1: its place in :meth:`Version.classes`, the YOLO
    export's class id."""


class Sample(NamedTuple):
    """One training sample of a version: the cached image, its shapes and its metadata."""

    path: Path
    """The image in the local cache: the asset's original bytes, named by their SHA-256
    (never changes once there). They may carry an EXIF orientation: open it with
    :meth:`open_image` to get the upright picture the shapes are drawn on."""
    shapes: list[SampleShape]
    """Its shapes in drawing order (``label`` is a label id of the manifest, ``class_index``
    its class index)."""
    asset: VersionAsset
    """The frozen asset: name, size, sha256, width, height (upright), task, subset, position."""

    def open_image(self) -> Image:
        """The image decoded and upright (EXIF orientation applied; needs Pillow).

        Its size is ``asset.width`` x ``asset.height`` and the shapes' coordinates are in
        its frame, whatever orientation the stored file has.
        """
        from annota.auto_annotation import open_upright

        return open_upright(self.path)


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
        later pass sends no request at all. A file appears in the cache only when complete
        (written beside it, then renamed), so processes and threads may share one cache.
        ``subset`` keeps only the assets of tasks of that subset. ``pbar`` counts the samples.
        """
        root = Path(cache_dir)
        document = self._cached_manifest(root)
        class_of = {label["id"]: index for index, label in enumerate(document["labels"])}
        raw = [item for item in document["assets"] if subset is None or item["subset"] == subset]
        reporter = reporter_or_null(pbar)
        reporter.start(len(raw), description=f"version {self._model.id}", unit="sample")
        try:
            for item in raw:
                asset = VersionAsset.from_dict(item)
                shapes = [_sample_shape(shape, class_of) for shape in item["shapes"]]
                yield Sample(self._cached(root, asset), shapes, asset)
                reporter.advance(1)
        finally:
            reporter.finish()

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

    def _cached(self, root: Path, asset: VersionAsset) -> Path:
        """The cached image of ``asset``, downloaded first when the cache lacks it."""
        sha256 = asset.sha256
        # joinpath and os.path.isfile: half the cost of `/` twice and is_file() (per sample).
        path = root.joinpath(sha256[:2], sha256)
        if os.path.isfile(path):
            return path
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


def _sample_shape(src: dict[str, Any], class_of: dict[int, int]) -> SampleShape:
    shape = SampleShape.from_dict(src)
    shape.class_index = class_of[shape.label]
    return shape


class VersionsRepo(Repo[Version], Retrievable[Version]):
    """``client.versions``: retrieve versions (make them with ``project.create_version``)."""

    __slots__ = ()
    _entity = Version
    _retrieve_op = versions_retrieve
