"""Finding and removing stored objects that no row refers to (what a killed process leaves).

A file is written to the storage before the row that refers to it is committed (an upload, an
import's images, an export's result), so a process killed in between leaves a file that no
row names; local storage may also keep a ``.partial`` file. The sweep lists the storage and
deletes every object that is older than the grace period and that nothing refers to:

- ``assets/{project}/...``: an asset row's ``storage_key`` of that project, or a file of an
  import of that project still queued or running;
- ``imports/...``: the ``input_key`` of an import still queued or running;
- ``results/{operation}/...``: that operation's ``result_key``, or anything while it is still
  queued or running;
- ``thumbnails/<sha256>/<size>``: content that some asset still has (:func:`_live_contents`).
- ``versions/blobs/<sha256>``: an image of a dataset version that holds that content.

Other folders are not the server's and are left alone. The grace period covers writes still
in flight in any process: a file is only judged once it is older than any request or import
step takes between writing it and committing its row. The workers run the sweep at start and
every ``orphan_sweep_seconds``; ``annota-server gc`` runs it on demand.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from annota_server import storage_keys, versions
from annota_server.db.engine import Database
from annota_server.db.models import Asset, Operation
from annota_server.storage import Listed, Storage
from annota_server.storage_keys import VERSION_BLOBS

logger = logging.getLogger("annota_server")

LIVE = ("queued", "running")
_ASSET = re.compile(r"assets/(\d+)/")
_IMPORT_FILES = re.compile(r"assets/\d+/import-(\d+)/")
_RESULT = re.compile(r"results/(\d+)/")
_STAGING = re.compile(r"import-(\d+)")
_THUMBNAIL = re.compile(r"thumbnails/([0-9a-f]{64})/\d+")


@dataclass
class SweepReport:
    """What a sweep found (and, unless it was a dry run, deleted)."""

    examined: int = 0
    orphans: list[Listed] = field(default_factory=list)
    staging: list[Path] = field(default_factory=list)
    """Extraction folders of imports that are no longer running."""
    deleted: bool = False

    @property
    def orphan_bytes(self) -> int:
        """The size of the orphans together."""
        return sum(item.size for item in self.orphans)


def sweep(
    database: Database,
    storage: Storage,
    *,
    grace: timedelta,
    data_dir: Path | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> SweepReport:
    """Find the unreferenced objects older than ``grace``; delete them unless ``dry_run``."""
    cutoff = (now or datetime.now(UTC)) - grace
    report = SweepReport(deleted=not dry_run)
    with database.session(write=False) as db, db.begin():
        live = set(db.scalars(select(Operation.id).where(Operation.status.in_(LIVE))))
        # An ended import's input_key still names its upload, deleted when it ended (unless
        # the process died first): only a live import needs it.
        uploads = select(Operation.input_key).where(Operation.status.in_(LIVE))
        inputs = {key for key in db.scalars(uploads) if key}
        results = {key for key in db.scalars(select(Operation.result_key)) if key}
        contents = _live_contents(db)
        blobs = versions.referenced_blobs(db)

    def judge(items: Iterable[Listed], referenced: set[str] | Callable[[Listed], bool]) -> None:
        needed = referenced if callable(referenced) else (lambda item: item.key in referenced)
        for item in items:
            report.examined += 1
            if item.modified < cutoff and not needed(item) and not _in_flight(item, live):
                report.orphans.append(item)
                if not dry_run:
                    storage.delete(item.key)

    judge(storage.list_keys("imports"), inputs)
    judge(storage.list_keys("results"), results)
    judge(storage.list_keys(storage_keys.thumbnails()), lambda item: _content_of(item) in contents)
    judge(storage.list_keys(VERSION_BLOBS), blobs)
    for project_id, items in groupby(storage.list_keys("assets"), key=_project_of):
        if project_id is None:
            continue  # not a file the server wrote
        with database.session(write=False) as db, db.begin():
            keys = set(db.scalars(select(Asset.storage_key).where(Asset.project_id == project_id)))
        judge(items, keys)
    if data_dir is not None:
        report.staging = _stale_staging(data_dir / "staging", live, cutoff)
        if not dry_run:
            for folder in report.staging:
                shutil.rmtree(folder, ignore_errors=True)
    if report.orphans or report.staging:
        logger.info(
            "orphan sweep: %s %d stored objects (%d bytes) and %d staging folders",
            "found" if dry_run else "deleted",
            len(report.orphans),
            report.orphan_bytes,
            len(report.staging),
        )
    return report


def _live_contents(db: Session) -> set[str]:
    """The SHA-256 of every content whose thumbnails are kept.

    Another kind of row that keeps content (a dataset version's blob, say) adds its hashes here.
    """
    return set(db.scalars(select(Asset.sha256).distinct()))


def _content_of(item: Listed) -> str | None:
    """The SHA-256 a thumbnail was made of (None for anything else, such as a partial file)."""
    match = _THUMBNAIL.fullmatch(item.key)
    return match.group(1) if match else None


def _project_of(item: Listed) -> int | None:
    match = _ASSET.match(item.key)
    return int(match.group(1)) if match else None


def _in_flight(item: Listed, live: set[int]) -> bool:
    """Whether a queued or running operation may still be writing the object."""
    for pattern in (_IMPORT_FILES, _RESULT):
        match = pattern.match(item.key)
        if match and int(match.group(1)) in live:
            return True
    return False


def _stale_staging(root: Path, live: set[int], cutoff: datetime) -> list[Path]:
    if not root.is_dir():
        return []
    return [
        folder
        for folder in sorted(root.iterdir())
        if (match := _STAGING.fullmatch(folder.name))
        and int(match.group(1)) not in live
        and datetime.fromtimestamp(folder.stat().st_mtime, UTC) < cutoff
    ]
