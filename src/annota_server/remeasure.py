"""Re-measure stored images: the upright width and height for assets stored before EXIF counted.

Uploads and imports record an image's size upright (EXIF orientation applied, see
:func:`uploads.upright_size`). Assets stored by an older server have the stored pixels' size
instead, which for a photo with orientation 5 to 8 is turned: ``annota-server remeasure``
reads each image's header again (not its pixels) and corrects the row. Dataset versions keep
what they froze (their manifest's SHA-256 names it). Shapes are not moved: where they were
drawn depends on the tool that drew them, so the report names the assets that have shapes,
for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from PIL import Image
from sqlalchemy import func, select, update

from annota_server import uploads
from annota_server.db.engine import Database
from annota_server.db.models import Asset, Shape
from annota_server.staging import live
from annota_server.storage import Storage

BATCH = 500
"""Assets read (and corrected) per transaction."""


@dataclass(frozen=True)
class Corrected:
    """An asset whose recorded size was not upright."""

    asset_id: int
    name: str
    was: tuple[int | None, int | None]
    now: tuple[int, int]
    shapes: int


@dataclass
class Report:
    """What a pass found."""

    examined: int = 0
    corrected: list[Corrected] = field(default_factory=list)
    unreadable: list[int] = field(default_factory=list)


def _size(storage: Storage, key: str) -> tuple[int, int] | None:
    try:
        with storage.open(key) as stream, Image.open(stream) as image:
            return uploads.upright_size(image)
    except Exception:  # gone, or not an image Pillow reads: reported, never fatal
        return None


def _batches(database: Database) -> Iterator[list[tuple[int, str, str, int | None, int | None]]]:
    after = 0
    while True:
        with database.session(write=False) as db, db.begin():
            rows = list(
                db.execute(
                    select(Asset.id, Asset.name, Asset.storage_key, Asset.width, Asset.height)
                    .where(Asset.id > after, Asset.media_type.in_(sorted(uploads.IMAGE_FORMATS)))
                    .order_by(Asset.id)
                    .limit(BATCH)
                )
            )
        if not rows:
            return
        after = rows[-1][0]
        yield [(row[0], row[1], row[2], row[3], row[4]) for row in rows]


def remeasure(database: Database, storage: Storage, *, dry_run: bool = False) -> Report:
    """Correct every image asset's width and height to the upright size; what changed."""
    report = Report()
    for batch in _batches(database):
        found: list[Corrected] = []
        for asset_id, name, key, width, height in batch:
            report.examined += 1
            size = _size(storage, key)
            if size is None:
                report.unreadable.append(asset_id)
            elif size != (width, height):
                found.append(Corrected(asset_id, name, (width, height), size, 0))
        if not found:
            continue
        with database.session(write=True) as db, db.begin():
            rows = db.execute(
                select(Shape.asset_id, func.count())
                .where(Shape.asset_id.in_([item.asset_id for item in found]), live())
                .group_by(Shape.asset_id)
            )
            counts: dict[int, int] = {asset_id: count for asset_id, count in rows}
            for item in found:
                if not dry_run:
                    db.execute(
                        update(Asset)
                        .where(Asset.id == item.asset_id)
                        .values(width=item.now[0], height=item.now[1])
                    )
                report.corrected.append(
                    Corrected(
                        item.asset_id, item.name, item.was, item.now, counts.get(item.asset_id, 0)
                    )
                )
    return report
