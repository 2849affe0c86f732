"""Annotations of a task or a job: checking shapes, and replacing or changing them in bulk.

Every rule is checked before anything is written, and every violation is reported (with the
item's index, such as ``shapes.3.points`` or ``update.2.id``), so a request is applied whole or
not at all. Writes are bulk statements: one DELETE, one multi-row INSERT.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, cast

import orjson
from sqlalchemy import (
    ColumnElement,
    Dialect,
    Table,
    Text,
    TypeDecorator,
    delete,
    insert,
    or_,
    select,
)
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session
from starlette.responses import Response

from annota import attributes, rle
from annota_server import frame, revisions, staging
from annota_server import serializers as ser
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import Asset, Job, Label, Model, ModelVersion, Project, Shape, Task
from annota_server.listing import decode_cursor, encode_cursor
from annota_server.problems import FieldError, Problem, invalid

# kind -> (fewest coordinates, exact count or None); pairs of x, y except for tags.
T = TypeVar("T")

_COORDINATES: dict[str, tuple[int, int | None]] = {
    "tag": (0, 0),
    "bbox": (4, 4),
    "polygon": (6, None),
    "polyline": (4, None),
    "points": (2, None),
    "mask": (0, 0),  # its pixels are in ``mask``
}


@dataclass(frozen=True)
class Scope:
    """Whose annotations: a whole task, or one job of it."""

    project_id: int
    task_id: int
    job_id: int | None
    what: str

    @classmethod
    def of_task(cls, task: Task) -> Scope:
        """A task's annotations."""
        return cls(task.project_id, task.id, None, "task")

    @classmethod
    def of_job(cls, job: Job) -> Scope:
        """A job's annotations: those on the assets in its range."""
        return cls(job.project_id, job.task_id, job.id, "job")

    def shapes(self) -> ColumnElement[bool]:
        """The condition selecting this scope's live shapes (not staged, not superseded)."""
        if self.job_id is not None:
            # One job: its live generation is one value, not a lookup per row.
            current = select(Job.shapes_generation).where(Job.id == self.job_id).scalar_subquery()
            return (Shape.job_id == self.job_id) & (Shape.generation == current)
        return (Shape.task_id == self.task_id) & staging.live()

    def jobs(self) -> ColumnElement[bool]:
        """The condition selecting this scope's jobs."""
        if self.job_id is not None:
            return Job.id == self.job_id
        return Job.task_id == self.task_id

    def assets(self) -> ColumnElement[bool]:
        """The condition selecting this scope's assets."""
        if self.job_id is not None:
            return Asset.job_id == self.job_id
        return Asset.task_id == self.task_id


def shape_problem(kind: str, points: Sequence[Any]) -> str | None:
    """Why ``points`` do not fit ``kind``, or ``None``."""
    fewest, exact = _COORDINATES[kind]
    count = len(points)
    if exact is not None and count != exact:
        return f"a {kind} takes {exact} coordinates, not {count}"
    if count < fewest:
        return f"a {kind} takes at least {fewest} coordinates, not {count}"
    if count % 2:
        return f"a {kind} takes x, y pairs: an even number of coordinates, not {count}"
    if not all(_finite(value) for value in points):
        return "every coordinate must be a finite number"
    if kind == "bbox" and (points[0] > points[2] or points[1] > points[3]):
        return "a bbox is [x_min, y_min, x_max, y_max] with x_min <= x_max and y_min <= y_max"
    return None


def _finite(value: Any) -> bool:
    # JSON may carry NaN, Infinity, 1e400 (inf) or integers too large for a float.
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def stored_mask(value: Any, width: int | None, height: int | None) -> dict[str, Any]:
    """A mask as stored: canonical RLE with its bbox and area, for an asset of this size.

    Raises :class:`annota.rle.RLEError` naming the part at fault. Counts only, never pixels:
    memory grows with the runs, not the image.
    """
    mask = rle.canonical(value)
    if width is None or height is None:
        raise rle.RLEError("size", "the asset's size is unknown, so it cannot have a mask")
    if mask["size"] != [height, width]:
        raise rle.RLEError(
            "size", f"{mask['size']} is not the asset's size [height, width] = [{height}, {width}]"
        )
    return {**mask, **mask_extent(mask)}


def mask_extent(mask: Mapping[str, Any]) -> dict[str, Any]:
    """``bbox`` (``[x_min, y_min, x_max, y_max]``, pixel edges) and ``area`` of a canonical mask.

    The same figures as :func:`annota.rle.bbox` and :func:`annota.rle.area`, read from the
    compressed counts by pycocotools' C (a write checks every mask: this is most of its cost).
    """
    from pycocotools import mask as coco_mask  # brings numpy: imported when first needed

    encoded = {"size": list(mask["size"]), "counts": mask["counts"].encode()}
    x, y, w, h = (int(v) for v in coco_mask.toBbox(encoded).tolist())
    return {"bbox": [x, y, x + w, y + h], "area": int(coco_mask.area(encoded))}


def model_version_name(db: Session, version_id: int, project_id: int) -> str | None:
    """``<model>:<version>`` of a model version of the project's workspace; None if none."""
    if not 0 < version_id <= MAX_ID:
        return None
    row = db.execute(
        select(Model.name, ModelVersion.name)
        .join(Model, Model.id == ModelVersion.model_id)
        .join(Project, Project.workspace_id == ModelVersion.workspace_id)
        .where(ModelVersion.id == version_id, Project.id == project_id)
    ).first()
    return None if row is None else f"{row[0]}:{row[1]}"[:128]


def _label_problem(labels: Mapping[int, str], label_id: int, kind: str) -> str | None:
    label_kind = labels.get(label_id)
    if label_kind is None:
        return f"no label {label_id} in the task's project"
    if label_kind not in ("any", kind):
        return f"label {label_id} is for {label_kind} shapes, not {kind}"
    return None


class _Checker:
    """What the checks need to know about the scope, loaded once for the whole request."""

    def __init__(self, ctx: Ctx, scope: Scope, asset_ids: Iterable[int]) -> None:
        self.scope = scope
        self.db = ctx.db
        # Each model version named, with the model_name it gives (None: not one of ours).
        self.model_versions: dict[int, str | None] = {}
        rows = ctx.db.execute(
            select(Label.id, Label.kind, Label.name, Label.attributes).where(
                Label.project_id == scope.project_id
            )
        ).all()
        self.labels: dict[int, str] = {label_id: kind for label_id, kind, _, _ in rows}
        # Each label's name and declared attributes, for the values' check.
        self.declared: dict[int, tuple[str, list[dict[str, Any]]]] = {
            label_id: (name, specs or []) for label_id, _, name, specs in rows
        }
        # The attributes to store (checked, defaults filled in), by id() of the request's item.
        self.attributes: dict[int, list[dict[str, str]]] = {}
        wanted = sorted({i for i in asset_ids if 0 < i <= MAX_ID})
        self.assets: dict[int, int] = {}
        # Each asset's upright width and height: shapes are fitted into them (see frame).
        self.sizes: dict[int, tuple[int | None, int | None]] = {}
        for start in range(0, len(wanted), 10_000):  # bounded IN lists
            found = ctx.db.execute(
                select(Asset.id, Asset.job_id, Asset.width, Asset.height).where(
                    scope.assets(), Asset.id.in_(wanted[start : start + 10_000])
                )
            )
            for asset_id, job_id, width, height in found:
                self.assets[asset_id] = job_id
                self.sizes[asset_id] = (width, height)
        # The points to store, fitted into their image, by id() of the request's item.
        self.points: dict[int, list[float]] = {}
        self.errors: list[FieldError] = []
        # The stored form of each mask checked, by the item's place (``create.3``).
        self.masks: dict[str, dict[str, Any]] = {}

    def _mask(self, asset_id: int, kind: str, item: Mapping[str, Any], where: str) -> None:
        # A mask shape needs its pixels; no other kind takes any.
        if kind != "mask":
            if item.get("mask") is not None:
                self.errors.append(FieldError(f"{where}.mask", f"a {kind} has no mask"))
            return
        if item.get("mask") is None:
            self.errors.append(FieldError(f"{where}.mask", "a mask shape needs its mask"))
            return
        if asset_id not in self.sizes:
            return  # the asset is reported already
        try:
            self.masks[where] = stored_mask(item["mask"], *self.sizes[asset_id])
        except rle.RLEError as error:
            self.errors.append(FieldError(f"{where}.mask.{error.field}", error.message))

    def load_sizes(self, ctx: Ctx, asset_ids: Iterable[int]) -> None:
        """Also know the sizes of these assets (those of shapes an update changes)."""
        wanted = sorted(set(asset_ids) - set(self.sizes))
        for start in range(0, len(wanted), 10_000):
            found = ctx.db.execute(
                select(Asset.id, Asset.width, Asset.height).where(
                    Asset.id.in_(wanted[start : start + 10_000])
                )
            )
            self.sizes.update({asset_id: (width, height) for asset_id, width, height in found})

    def _fit(
        self, item: Mapping[str, Any], kind: str, points: Sequence[Any], asset_id: int, field: str
    ) -> None:
        """Keep the points fitted into the asset's image, or note why they are refused."""
        width, height = self.sizes.get(asset_id, (None, None))
        fitted = frame.fit(kind, points, width, height)
        if isinstance(fitted, str):
            self.errors.append(FieldError(field, fitted))
        else:
            self.points[id(item)] = fitted

    def _attributes(
        self, item: Mapping[str, Any], label_id: int, given: Sequence[Mapping[str, str]], where: str
    ) -> None:
        """Check attribute values against the label's declarations; keep their stored form."""
        if label_id not in self.declared:
            return  # the label is reported already
        name, specs = self.declared[label_id]
        stored, problems = attributes.check_values(specs, given, name)
        for field, message in problems:
            self.errors.append(
                FieldError(
                    f"{where}.attributes.{field}" if field else f"{where}.attributes", message
                )
            )
        self.attributes[id(item)] = stored

    def new_shape(self, item: Mapping[str, Any], where: str) -> None:
        """Check a shape to create."""
        kind = item["kind"]
        if item["asset"] not in self.assets:
            self.errors.append(
                FieldError(f"{where}.asset", f"no asset {item['asset']} in this {self.scope.what}")
            )
        problem = _label_problem(self.labels, item["label"], kind)
        if problem:
            self.errors.append(FieldError(f"{where}.label", problem))
        self._attributes(item, item["label"], item.get("attributes", []), where)
        problem = shape_problem(kind, item.get("points", []))
        if problem:
            self.errors.append(FieldError(f"{where}.points", problem))
        else:
            self._fit(item, kind, item.get("points", []), item["asset"], f"{where}.points")
        self._mask(item["asset"], kind, item, where)
        if item.get("source", "manual") != "model":
            for field in ("score", "model_name", "model_version"):
                if item.get(field) is not None:
                    self.errors.append(
                        FieldError(f"{where}.{field}", "only a prediction (source model) has one")
                    )
        elif item.get("model_version") is not None:
            self._model_version(item["model_version"], f"{where}.model_version")

    def _model_version(self, version_id: int, field: str) -> None:
        """Check that a model version of the project's workspace has this id (cached)."""
        if version_id not in self.model_versions:
            self.model_versions[version_id] = model_version_name(
                self.db, version_id, self.scope.project_id
            )
        if self.model_versions[version_id] is None:
            self.errors.append(
                FieldError(field, f"no model version {version_id} in the project's workspace")
            )

    def changed_shape(self, old: Shape, item: Mapping[str, Any], where: str) -> None:
        """Check an update merged onto the shape it changes."""
        kind = item.get("kind", old.kind)
        # A rule broken only by a new kind names the kind: the other fields were not sent.
        problem = _label_problem(self.labels, item.get("label", old.label_id), kind)
        if problem:
            field = "label" if "label" in item else "kind"
            self.errors.append(FieldError(f"{where}.{field}", problem))
        if "attributes" in item or item.get("label", old.label_id) != old.label_id:
            # A new label checks the attributes the shape keeps, as new values are checked.
            given = item.get("attributes", old.attributes)
            self._attributes(item, item.get("label", old.label_id), given, where)
        points = item.get("points", [] if kind == "mask" else old.points)
        problem = shape_problem(kind, points)
        field = "points" if "points" in item else "kind"
        if problem:
            self.errors.append(FieldError(f"{where}.{field}", problem))
        else:
            self._fit(item, kind, points, old.asset_id, f"{where}.{field}")
        if kind == "mask" and "mask" not in item and old.mask is not None:
            pass  # the mask it has stays
        elif kind == "mask" and "mask" not in item:
            self.errors.append(FieldError(f"{where}.kind", "a mask shape needs its mask"))
        else:
            self._mask(old.asset_id, kind, item, where)
        if item.get("source", "manual") != "manual":
            # Accepting a prediction makes it a person's shape; nothing turns into a prediction.
            self.errors.append(
                FieldError(f"{where}.source", "a shape's source can only be changed to manual")
            )

    def raise_if_any(self) -> None:
        """Refuse the whole request when anything was wrong."""
        if self.errors:
            summary = "; ".join(f"{e.field}: {e.message}" for e in self.errors[:5])
            if len(self.errors) > 5:
                summary += f"; and {len(self.errors) - 5} more"
            raise Problem(400, f"Invalid annotations: {summary}", errors=self.errors)


def _rows(
    ctx: Ctx,
    checker: _Checker,
    items: Sequence[Mapping[str, Any]],
    where: str,
    generations: Mapping[int, int] | None = None,
) -> list[dict[str, Any]]:
    """The rows to insert; with ``generations`` (by job) each carries its job's live one."""
    rows = [
        {
            "asset_id": item["asset"],
            "job_id": checker.assets[item["asset"]],
            "task_id": checker.scope.task_id,
            "project_id": checker.scope.project_id,
            "label_id": item["label"],
            "kind": item["kind"],
            "points": checker.points[id(item)],
            "mask": checker.masks.get(f"{where}.{index}"),
            "attributes": checker.attributes[id(item)],
            "occluded": item.get("occluded", False),
            "z_order": item.get("z_order", 0),
            "source": item.get("source", "manual"),
            "score": item.get("score"),
            "model_name": item.get("model_name")
            or checker.model_versions.get(item.get("model_version") or 0),
            "model_version_id": item.get("model_version"),
            "created_at": ctx.now,
            "updated_at": ctx.now,
        }
        for index, item in enumerate(items)
    ]
    if generations is not None:
        for row in rows:
            row["generation"] = generations[row["job_id"]]
    return rows


def insert_shapes(db: Session, rows: list[dict[str, Any]]) -> None:
    """Insert shape rows (every column but ``id``) as one executemany of tuples.

    No ORM objects and no per-parameter processing (see :func:`staging.insert_shapes`): one
    statement for any number of rows, which tests/integration/server/test_bulk_writes.py
    counts.
    """
    staging.insert_shapes(db, rows)


def _insert(ctx: Ctx, rows: list[dict[str, Any]], *, returning: bool) -> list[Shape]:
    if not rows:
        return []
    if not returning:
        insert_shapes(ctx.db, rows)
        return []
    # Multi-row INSERT ... RETURNING. Asking SQLAlchemy for the rows' order
    # (sort_by_parameter_order) makes it insert one row per statement on SQLite, so the
    # returned shapes are put back in request order here, by content: shapes that are equal
    # in every field sent are interchangeable, whichever id each one got.
    returned: dict[tuple[Any, ...], list[Shape]] = {}
    # populate_existing: SQLite reuses the id of a row deleted earlier in this transaction,
    # and the session may still hold that deleted shape under it; the new row must win.
    statement = insert(Shape).returning(Shape).execution_options(populate_existing=True)
    for shape in ctx.db.scalars(statement, rows):
        returned.setdefault(_content(shape.__dict__), []).append(shape)
    for same in returned.values():
        same.reverse()  # pop() hands them out in the order they came
    return [returned[_content(row)].pop() for row in rows]


def _content(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        values["asset_id"],
        values["label_id"],
        values["kind"],
        tuple(values["points"]),
        None if values["mask"] is None else values["mask"]["counts"],
        tuple(tuple(sorted(item.items())) for item in values["attributes"]),
        values["occluded"],
        values["z_order"],
        values["source"],
        values["score"],
        values["model_name"],
        values["model_version_id"],
    )


@dataclass(frozen=True)
class ShapeFilter:
    """Which shapes a read answers: some sources only, and predictions from a score up."""

    sources: Sequence[str] | None = None
    min_score: float | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE conditions (none: every shape)."""
        found: list[ColumnElement[bool]] = []
        if self.sources:
            found.append(Shape.source.in_(sorted(set(self.sources))))
        if self.min_score is not None:
            # A shape without a score (a person's, or an unscored prediction) is not "below".
            found.append(or_(Shape.score.is_(None), Shape.score >= self.min_score))
        return found


class _Decoded(TypeDecorator[Any]):
    """A JSON column read as text and decoded by orjson (several times json.loads' speed)."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """The decoded value (None for SQL NULL)."""
        if value is None:
            return None
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:  # NaN or Infinity, which json.dumps may have stored
            return json.loads(value)


@cache
def _document_columns() -> tuple[Any, ...]:
    c = cast(Table, Shape.__table__).c
    decoded = [cast_(column, _Decoded()).label(column.name) for column in (c.points, c.mask)]
    attributes = cast_(c.attributes, _Decoded()).label("attributes")
    return (
        c.id, c.asset_id, c.job_id, c.label_id, c.kind, *decoded, attributes, c.occluded,
        c.z_order, c.source, c.score, c.model_name, c.model_version_id, c.created_at,
        c.updated_at,
    )  # fmt: skip


def _ordered(
    ctx: Ctx, scope: Scope, which: ShapeFilter, assets: Sequence[int] | None = None
) -> list[ser.Doc]:
    """The documents of the scope's shapes, by asset position, then id.

    Built from tuples, not ORM objects (building and tracking an object per shape was a third
    of a 10,000-shape PUT), with the keys and values of :func:`serializers.shape`; the JSON
    columns decoded by orjson, and each distinct timestamp written once.
    """
    only = [] if assets is None else [Shape.asset_id.in_(assets)]
    statement = (
        select(*_document_columns())
        .join(Asset, Asset.id == Shape.asset_id)
        .where(scope.shapes(), *which.conditions(), *only)
        .order_by(Asset.position, Shape.id)
    )
    times: dict[Any, str | None] = {}
    iso = ser.iso
    documents = []
    for (
        shape_id, asset_id, job_id, label_id, kind, points, mask, values, occluded,
        z_order, source, score, model_name, model_version_id, created_at, updated_at,
    ) in ctx.db.execute(statement).all():  # fmt: skip
        if created_at not in times:
            times[created_at] = iso(created_at)
        if updated_at not in times:
            times[updated_at] = iso(updated_at)
        documents.append(
            {
                "id": shape_id,
                "asset": asset_id,
                "job": job_id,
                "label": label_id,
                "kind": kind,
                "points": points,
                "mask": mask,
                "attributes": values,
                "occluded": occluded,
                "z_order": z_order,
                "source": source,
                "score": score,
                "model_name": model_name,
                "model_version": model_version_id,
                "created_at": times[created_at],
                "updated_at": times[updated_at],
            }
        )
    return documents


@dataclass(frozen=True)
class AssetPage:
    """A page of annotations: the shapes of ``size`` assets by position, after ``cursor``."""

    size: int
    cursor: str | None = None


def _page_of_assets(ctx: Ctx, scope: Scope, page: AssetPage) -> tuple[list[int], str | None]:
    """The ids of the page's assets and the cursor of the next page (None: the last page)."""
    where = [scope.assets()]
    if page.cursor is not None:
        # Positions are unique in a task: the position alone says where the page starts.
        after, _ = decode_cursor(page.cursor, "position")
        if isinstance(after, bool) or not isinstance(after, int):
            raise invalid("cursor", "is not a cursor from a next link")
        where.append(Asset.position > after)
    statement = (
        select(Asset.id, Asset.position).where(*where).order_by(Asset.position).limit(page.size + 1)
    )
    rows = ctx.db.execute(statement).all()
    more, rows = len(rows) > page.size, rows[: page.size]
    cursor = encode_cursor("position", rows[-1].position, rows[-1].id) if more else None
    return [row.id for row in rows], cursor


def respond_all(
    ctx: Ctx,
    scope: Scope,
    which: ShapeFilter | None = None,
    extra: Mapping[str, Any] | None = None,
    etag: str | None = None,
) -> Response:
    """Answer every shape of the scope (that ``which`` lets through), by asset position, then id.

    ``extra``: more members of the document; ``etag``: the ETag header to send.
    """
    document = {"shapes": _ordered(ctx, scope, which or ShapeFilter()), **(extra or {})}
    return ctx.json(document, headers=None if etag is None else {"ETag": etag})


def respond(
    ctx: Ctx,
    scope: Scope,
    which: ShapeFilter,
    page: AssetPage | None,
    extra: Mapping[str, Any] | None = None,
    etag: str | None = None,
) -> Response:
    """Answer the scope's shapes: all of them, or one page of assets' (with a ``next`` link).

    A page costs the same wherever it starts: its assets are read from the cursor's position
    on by the (task, position) index, then only their shapes.
    """
    if page is None:
        return respond_all(ctx, scope, which, extra, etag)
    asset_ids, cursor = _page_of_assets(ctx, scope, page)
    shapes = _ordered(ctx, scope, which, asset_ids) if asset_ids else []
    link = None if cursor is None else str(ctx.url.include_query_params(cursor=cursor))
    document = {"shapes": shapes, "next": link, **(extra or {})}
    return ctx.json(document, headers=None if etag is None else {"ETag": etag})


def asset_page(assets_per_page: int | None, cursor: str | None) -> AssetPage | None:
    """The page asked for by the query, or None for every shape at once.

    Raises:
        Problem: a ``cursor`` without ``assets_per_page`` (400 naming ``cursor``).

    """
    if assets_per_page is None:
        if cursor is not None:
            raise invalid("cursor", "goes with assets_per_page, which is missing")
        return None
    return AssetPage(assets_per_page, cursor)


def replace(
    ctx: Ctx,
    scope: Scope,
    items: Sequence[Mapping[str, Any]],
    switch: Callable[[Ctx], T],
) -> T:
    """Replace every shape of the scope with ``items`` (checked first, all of them).

    Written in short transactions (see :mod:`annota_server.staging`): the handler must be
    marked :func:`~annota_server.context.own_transactions`. ``switch(ctx)`` runs, with
    ``ctx.db`` the switching transaction's session, just before the new shapes become visible:
    it checks and bumps the revision; its result is returned. Answer with :func:`respond_all`
    afterwards (``ctx.db`` then reads in a new transaction).
    """
    checker = _Checker(ctx, scope, (item["asset"] for item in items))
    for index, item in enumerate(items):
        checker.new_shape(item, f"shapes.{index}")
    checker.raise_if_any()
    rows = _rows(ctx, checker, items, "shapes")
    ctx.db.commit()  # the checks' reads end here (and their locks, on PostgreSQL)

    def switching(db: Session) -> T:
        with ctx.using(db):
            return switch(ctx)

    batch = ctx.settings.write_batch_rows
    return staging.replace(ctx.runtime.database, batch, rows, scope.jobs(), switching)


def change(ctx: Ctx, scope: Scope, body: Mapping[str, Any]) -> Response:
    """Apply ``create``, ``update`` and ``delete`` together, or nothing."""
    creates: Sequence[Mapping[str, Any]] = body.get("create", [])
    updates: Sequence[Mapping[str, Any]] = body.get("update", [])
    deletes: Sequence[int] = body.get("delete", [])
    replacing: Mapping[str, Any] | None = body.get("replace_predictions")
    replaced_assets: Sequence[int] = replacing["assets"] if replacing else []
    existing = _existing(ctx, scope, [u["id"] for u in updates] + list(deletes))
    # The updated shapes' assets too: a mask is checked against its asset's size.
    old_assets = [shape.asset_id for shape in existing.values()]
    checker = _Checker(
        ctx, scope, [item["asset"] for item in creates] + list(replaced_assets) + old_assets
    )
    for index, asset_id in enumerate(replaced_assets):
        if asset_id not in checker.assets:
            checker.errors.append(
                FieldError(
                    f"replace_predictions.assets.{index}",
                    f"no asset {asset_id} in this {scope.what}",
                )
            )

    def replaced(shape_id: int) -> bool:
        old = existing.get(shape_id)
        return (
            replacing is not None
            and old is not None
            and old.source == "model"
            and old.model_name == replacing["model_name"]
            and old.asset_id in set(replaced_assets)
        )

    checker.load_sizes(ctx, (existing[u["id"]].asset_id for u in updates if u["id"] in existing))
    for index, item in enumerate(creates):
        checker.new_shape(item, f"create.{index}")
    updated_ids: set[int] = set()
    for index, item in enumerate(updates):
        where = f"update.{index}"
        old = existing.get(item["id"])
        if old is None:
            checker.errors.append(
                FieldError(f"{where}.id", f"no shape {item['id']} in this {scope.what}")
            )
        elif item["id"] in updated_ids:
            checker.errors.append(FieldError(f"{where}.id", f"shape {item['id']} is updated twice"))
        elif replaced(item["id"]):
            checker.errors.append(
                FieldError(f"{where}.id", f"shape {item['id']} is replaced by replace_predictions")
            )
        else:
            checker.changed_shape(old, item, where)
        updated_ids.add(item["id"])
    deleted_ids: set[int] = set()
    for index, shape_id in enumerate(deletes):
        where = f"delete.{index}"
        if shape_id not in existing:
            checker.errors.append(FieldError(where, f"no shape {shape_id} in this {scope.what}"))
        elif shape_id in updated_ids:
            checker.errors.append(FieldError(where, f"shape {shape_id} is also updated"))
        elif shape_id in deleted_ids:
            checker.errors.append(FieldError(where, f"shape {shape_id} is deleted twice"))
        elif replaced(shape_id):
            checker.errors.append(
                FieldError(where, f"shape {shape_id} is replaced by replace_predictions")
            )
        deleted_ids.add(shape_id)
    checker.raise_if_any()
    if scope.job_id is None:  # a job's own changes bump it in its handler (with If-Match)
        touched = {checker.assets[item["asset"]] for item in creates}
        touched.update(existing[shape_id].job_id for shape_id in (*updated_ids, *deleted_ids))
        revisions.bump_jobs(ctx.db, touched, ctx.user.id, ctx.now)
    # Read once the jobs are bumped (locked on PostgreSQL): a replacement switching them
    # meanwhile has committed, so the new shapes join the generation readers see.
    live = staging.generations(ctx.db, {checker.assets[item["asset"]] for item in creates})

    deleted = list(deletes)
    if deletes:
        ctx.db.execute(
            delete(Shape)
            .where(Shape.id.in_(list(deletes)))
            .execution_options(synchronize_session=False)
        )
    if replacing is not None and replaced_assets:
        deleted.extend(_delete_predictions(ctx, scope, replacing["model_name"], replaced_assets))
    changed: list[Shape] = []
    for index, item in enumerate(updates):
        row = existing[item["id"]]
        for field, column in (("label", "label_id"), ("kind", "kind")):
            if field in item:
                setattr(row, column, item[field])
        if "points" in item or row.points != checker.points[id(item)]:
            row.points = checker.points[id(item)]
        if row.kind != "mask":
            row.mask = None
        else:
            row.points = []  # a mask's geometry is its mask
            if f"update.{index}" in checker.masks:
                row.mask = checker.masks[f"update.{index}"]
        if id(item) in checker.attributes:
            row.attributes = checker.attributes[id(item)]
        for field in ("occluded", "z_order"):
            if field in item:
                setattr(row, field, item[field])
        if item.get("source") == "manual" and row.source != "manual":
            # Accepted: a person's shape now, so it no longer reads as a model's output.
            row.source, row.score, row.model_name = "manual", None, None
            row.model_version_id = None
        row.updated_at = ctx.now
        changed.append(row)
    ctx.db.flush()
    created = _insert(ctx, _rows(ctx, checker, creates, "create", live), returning=True)
    return ctx.json(
        {
            "created": [ser.shape(row) for row in created],
            "updated": [ser.shape(row) for row in changed],
            "deleted": deleted,
        }
    )


def _delete_predictions(
    ctx: Ctx, scope: Scope, model_name: str, asset_ids: Sequence[int]
) -> list[int]:
    """Delete ``model_name``'s predictions on these assets; the ids of what went."""
    wanted = sorted(set(asset_ids))
    gone: list[int] = []
    for start in range(0, len(wanted), 10_000):
        statement = (
            delete(Shape)
            .where(
                scope.shapes(),
                Shape.task_id == scope.task_id,  # the (task, model, asset) index
                Shape.model_name == model_name,
                Shape.source == "model",
                Shape.asset_id.in_(wanted[start : start + 10_000]),
            )
            .returning(Shape.id)
            .execution_options(synchronize_session=False)
        )
        gone.extend(ctx.db.scalars(statement))
    return sorted(gone)


def _existing(ctx: Ctx, scope: Scope, ids: Sequence[int]) -> dict[int, Shape]:
    wanted = sorted({i for i in ids if 0 < i <= MAX_ID})
    found: dict[int, Shape] = {}
    for start in range(0, len(wanted), 10_000):
        rows = ctx.db.scalars(
            select(Shape).where(scope.shapes(), Shape.id.in_(wanted[start : start + 10_000]))
        )
        found.update({row.id: row for row in rows})
    return found
