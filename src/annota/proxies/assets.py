"""Assets: ``client.assets`` and the Asset entity (upload them with ``task.upload_assets``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from annota_api.api.assets import (
    assets_destroy,
    assets_list,
    assets_retrieve,
    assets_retrieve_content,
    assets_retrieve_thumbnail,
)
from annota_api.client import HttpResponse
from annota_api.models import Asset as AssetModel
from annota_api.types import UNSET
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.progress import ProgressReporter, reporter_or_null
from annota.proxies.base import Entity, Listable, Removable, Repo, Retrievable
from annota.transfer import (
    destination,
    download_to,
    following_storage_redirects,
    local_file_name,
)

THUMBNAIL_SIZE = 256
"""The longest side of a thumbnail when none is asked for (the server's default)."""

if TYPE_CHECKING:
    _Fields = AssetModel
else:
    _Fields = object


def _in_bucket(model: AssetModel) -> bool:
    return isinstance(getattr(model, "storage", None), int)


class Asset(Entity[AssetModel], Removable, _Fields):
    """A file of a task, with what the server measured of it (size, sha256, width, height)."""

    __slots__ = ()
    _retrieve_op = assets_retrieve
    _destroy_op = assets_destroy

    def download(
        self,
        path: str | os.PathLike[str],
        *,
        pbar: ProgressReporter | None = None,
        verify: bool = True,
    ) -> Path:
        """Save the content to ``path`` (a file, or a directory to save it in under its name).

        The bytes are streamed to disk, checked against the asset's size and (unless
        ``verify=False``) its SHA-256, and renamed into place only when complete; a
        connection lost mid-way is resumed where it broke (up to ``Config.retries`` times).
        Returns the file's path.

        ``verify=False`` skips the hash, which on a link faster than SHA-256 (over 1 GB/s, so
        loopback) is what a download spends most on; the size is still checked. An asset of a
        bucket storage (``storage`` set) has no content hash to check (the server never read
        its bytes): its size is checked, and the server refuses an object changed since.

        Raises:
            IntegrityError: the download does not match the asset; nothing is kept.

        """
        model = self._model
        api = self._client.api

        def open_from(offset: int) -> HttpResponse:
            wanted = f"bytes={offset}-" if offset else UNSET
            return assets_retrieve_content.stream(model.id, client=api, range_=wanted)

        return download_to(
            following_storage_redirects(api, open_from),
            destination(path, model.name, fallback=f"asset-{model.id}"),
            reporter_or_null(pbar),
            description=model.name,
            # A bucket object's sha256 names its reference, not its bytes.
            expected_sha256=model.sha256 if verify and not _in_bucket(model) else None,
            attempts=self._client.config.retries + 1,
        )

    def render(
        self,
        path: str | os.PathLike[str],
        *,
        min_score: float | None = None,
        sources: Iterable[str] | None = None,
    ) -> Path:
        """Save the image with its shapes drawn on it at ``path`` (a file, or a directory).

        Each shape has its label's colour and name; predictions are dashed, with their score.
        ``min_score`` leaves out predictions scored below it, ``sources`` keeps shapes of
        those sources only (``["manual"]``: people's work). Needs Pillow
        (``pip install 'annota[images]'``). Returns the picture's path.
        """
        from annota.render import picture_name, render_bytes

        client = self._client
        model = self._model
        job = client.jobs.retrieve(model.job)
        found = job.get_annotations(sources=sources, min_score=min_score).shapes
        labels = {item.id: item for item in client.projects.retrieve(model.project).labels}
        # A directory (or "out/", made) gets the asset's name, made safe, as in download().
        target = destination(path, picture_name(model.name), fallback=f"asset-{model.id}.png")
        mine = [shape for shape in found if shape.asset == model.id]
        return render_bytes(self.read_bytes(), mine, labels, target)

    def read_bytes(self) -> bytes:
        """The whole content, in memory (for small files; use :meth:`download` otherwise)."""
        api = self._client.api
        model_id = self._model.id
        open_from = following_storage_redirects(
            api, lambda _offset: assets_retrieve_content.stream(model_id, client=api)
        )
        with open_from(0) as response:
            return response.content

    def read_thumbnail(self, size: int = THUMBNAIL_SIZE) -> bytes:
        """The thumbnail: the image scaled down to ``size`` pixels on its longest side.

        ``size`` is 32 to 1024; the bytes are JPEG, or PNG for an image with transparency.

        The server makes it on the first request and keeps it; an image smaller than ``size``
        keeps its own size.
        """
        api = self._client.api
        return assets_retrieve_thumbnail.sync_detailed(
            self._model.id, client=api, size=size
        ).content

    def download_thumbnail(
        self, path: str | os.PathLike[str], *, size: int = THUMBNAIL_SIZE
    ) -> Path:
        """Save the thumbnail (see :meth:`read_thumbnail`) to ``path``; returns the file's path.

        ``path`` is a file, or a directory to save it in as ``<name>-<size>.jpg`` (``.png`` for
        a PNG thumbnail). Written to a temporary file and renamed into place when complete.
        """
        model = self._model
        response = assets_retrieve_thumbnail.stream(model.id, client=self._client.api, size=size)
        try:
            png = response.headers.get("Content-Type", "").startswith("image/png")
            suffix = ".png" if png else ".jpg"
            stem = Path(local_file_name(model.name, f"asset-{model.id}")).stem
            target = destination(path, f"{stem}-{size}{suffix}", fallback=f"asset-{model.id}")
        except BaseException:
            response.release()
            raise
        return download_to(
            lambda _offset: response,
            target,
            reporter_or_null(None),
            description=f"thumbnail of {model.name}",
        )


class AssetsRepo(Repo[Asset], Retrievable[Asset], Listable[Asset]):
    """``client.assets``: retrieve and list assets."""

    __slots__ = ()
    _entity = Asset
    _retrieve_op = assets_retrieve
    _list_op = assets_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[assets_list.Filters],
    ) -> PagedList[Asset]:
        """The assets matching ``filters`` (``assets_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
