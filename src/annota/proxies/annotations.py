"""The annotation operations that tasks and jobs share (``HasAnnotations``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol, cast

from annota_api.client import Client as ApiClient
from annota_api.models import (
    Annotations,
    AnnotationsChange,
    AnnotationsPatchRequest,
    AnnotationsRequest,
    PredictionsReplacement,
    Shape,
    ShapeSource,
)
from annota_api.types import UNSET, Response, Unset

from annota.errors import InvalidRequestError
from annota.paging import cursor_of
from annota.proxies.base import Entity
from annota.proxies.seam import GuardedWriteOp, WriteOp
from annota.refs import Ref
from annota.shapes import ShapeSpec, ShapeUpdate, to_create, to_id, to_update

__all__ = ["HasAnnotations", "HasGuardedAnnotations"]

MAX_ASSETS_PER_PAGE = 1000  # the server's bound of assets_per_page


class _FilteredReadOp(Protocol):
    """``tasks_retrieve_annotations`` or ``jobs_retrieve_annotations``: a filtered read."""

    def sync(
        self,
        id: int,
        *,
        client: ApiClient,
        source: list[ShapeSource] | Unset = UNSET,
        min_score: float | Unset = UNSET,
        assets_per_page: int | Unset = UNSET,
        cursor: str | Unset = UNSET,
    ) -> Annotations:
        """Run the operation."""
        ...


class _GuardedFilteredReadOp(_FilteredReadOp, Protocol):
    """``jobs_retrieve_annotations``: a filtered read whose answer carries an ETag."""

    def sync_detailed(
        self,
        id: int,
        *,
        client: ApiClient,
        source: list[ShapeSource] | Unset = UNSET,
        min_score: float | Unset = UNSET,
        assets_per_page: int | Unset = UNSET,
        cursor: str | Unset = UNSET,
    ) -> Response[Annotations]:
        """Run the operation; the response carries the ETag."""
        ...


def _sources(
    sources: Iterable[str | ShapeSource] | None, min_score: float | None
) -> dict[str, Any]:
    wanted = None if sources is None else [ShapeSource.from_value(str(s)) for s in sources]
    return {
        "source": UNSET if wanted is None else wanted,
        "min_score": UNSET if min_score is None else float(min_score),
    }


class HasAnnotations:
    """Adds ``get_annotations``, ``set_annotations`` and ``update_annotations``.

    Requests are checked before anything is sent; the server applies each one all or nothing,
    so an invalid shape (a ``ValidationError`` naming it, e.g. ``shapes.3.points``) changes
    nothing.
    """

    __slots__ = ()
    _annotations_get_op: _FilteredReadOp
    _annotations_put_op: WriteOp[AnnotationsRequest, Annotations]
    _annotations_patch_op: WriteOp[AnnotationsPatchRequest, AnnotationsChange]

    def _entity(self) -> Entity[Any]:
        return cast(Entity[Any], self)

    def get_annotations(
        self,
        *,
        sources: Iterable[str | ShapeSource] | None = None,
        min_score: float | None = None,
    ) -> Annotations:
        """Every shape, ordered by asset position, then id (``.shapes``).

        ``sources`` keeps shapes of these sources only (``["model"]``: predictions);
        ``min_score`` leaves out predictions scored below it (shapes without a score stay).
        """
        entity = self._entity()
        result: Annotations = self._annotations_get_op.sync(
            entity.model.id, client=entity._client.api, **_sources(sources, min_score)
        )
        return result

    def iter_shapes(
        self,
        *,
        assets_per_page: int = 100,
        sources: Iterable[str | ShapeSource] | None = None,
        min_score: float | None = None,
    ) -> Iterator[Shape]:
        """Every shape, in the order of :meth:`get_annotations`, read a page at a time.

        Each request reads the shapes of ``assets_per_page`` assets (1 to 1000), from where
        the page before ended: memory holds one page however large the task, and a deep
        page costs the server what the first one does. ``sources`` and ``min_score`` filter
        as in :meth:`get_annotations`. Shapes changed during the walk show as they are when
        their page is read.

        Raises:
            InvalidRequestError: ``assets_per_page`` outside 1..1000, before any request.

        """
        if not 1 <= assets_per_page <= MAX_ASSETS_PER_PAGE:
            raise InvalidRequestError(
                f"assets_per_page must be 1 to {MAX_ASSETS_PER_PAGE}, not {assets_per_page}"
            )
        entity = self._entity()
        filters = _sources(sources, min_score)
        return self._walk(entity, assets_per_page, filters)

    def _walk(
        self, entity: Entity[Any], assets_per_page: int, filters: dict[str, Any]
    ) -> Iterator[Shape]:
        cursor: str | None = None
        while True:
            page = self._annotations_get_op.sync(
                entity.model.id,
                client=entity._client.api,
                assets_per_page=assets_per_page,
                cursor=UNSET if cursor is None else cursor,
                **filters,
            )
            yield from page.shapes
            cursor = cursor_of(page.next_)
            if cursor is None:
                return

    def set_annotations(self, shapes: Iterable[ShapeSpec]) -> Annotations:
        """Replace every shape with ``shapes``; returns the stored annotations.

        ``shapes`` holds builders' results from :mod:`annota.shapes`, dicts, or shapes read
        elsewhere (to copy annotations).
        """
        entity = self._entity()
        result: Annotations = self._annotations_put_op.sync(
            entity.model.id, client=entity._client.api, body=_put_body(shapes)
        )
        return result

    def update_annotations(
        self,
        *,
        create: Iterable[ShapeSpec] = (),
        update: Iterable[ShapeUpdate] = (),
        delete: Iterable[Ref] = (),
        replace_predictions: tuple[str, Iterable[Ref]] | None = None,
    ) -> AnnotationsChange:
        """Create, change and delete shapes in one all-or-nothing request.

        ``update`` takes dicts with an ``id`` and the fields to change, or shapes read from
        :meth:`get_annotations` (sent whole); ``delete`` takes ids or shapes.
        ``replace_predictions=(model_name, assets)`` first deletes that model's predictions on
        those assets (ids or assets), so re-sending a model's output replaces it.
        """
        entity = self._entity()
        result: AnnotationsChange = self._annotations_patch_op.sync(
            entity.model.id,
            client=entity._client.api,
            body=_patch_body(create, update, delete, replace_predictions),
        )
        return result


class HasGuardedAnnotations(HasAnnotations):
    """:class:`HasAnnotations` whose annotations have an ETag (a job's): saves can be guarded.

    Every read and save remembers the annotations' ETag in :attr:`annotations_etag`; pass it
    back as ``if_match`` to save only over what was read::

        job.get_annotations()
        job.update_annotations(create=[...], if_match=job.annotations_etag)

    A save over someone else's change then raises
    :class:`~annota.errors.PreconditionFailedError` (its ``headers["ETag"]`` is the current
    ETag, its message says who changed the annotations and when) and writes nothing. Without
    ``if_match`` a save overwrites whatever is there, as on a task.
    """

    __slots__ = ()
    _annotations_get_op: _GuardedFilteredReadOp
    _annotations_put_op: GuardedWriteOp[AnnotationsRequest, Annotations]
    _annotations_patch_op: GuardedWriteOp[AnnotationsPatchRequest, AnnotationsChange]
    # A slot of the entity class (mixins cannot add slots beside Entity's).
    _annotations_etag: str | None

    @property
    def annotations_etag(self) -> str | None:
        """The ETag of the annotations as last read or saved here (None before that)."""
        return getattr(self, "_annotations_etag", None)

    def _remember(self, headers: Any) -> None:
        # The slot is the entity class's (Job), which mypy cannot see from the mixin.
        cast(Any, self)._annotations_etag = headers.get("ETag")

    def get_annotations(
        self,
        *,
        sources: Iterable[str | ShapeSource] | None = None,
        min_score: float | None = None,
    ) -> Annotations:
        """Every shape, ordered by asset position, then id, with the ``revision`` read.

        ``sources`` and ``min_score`` filter as on a task.
        """
        entity = self._entity()
        response = self._annotations_get_op.sync_detailed(
            entity.model.id, client=entity._client.api, **_sources(sources, min_score)
        )
        self._remember(response.headers)
        result: Annotations = response.parsed
        return result

    def set_annotations(
        self, shapes: Iterable[ShapeSpec], *, if_match: str | None = None
    ) -> Annotations:
        """Replace every shape with ``shapes``; with ``if_match``, only over that ETag.

        Raises:
            PreconditionFailedError: ``if_match`` is stale; nothing was written.

        """
        entity = self._entity()
        response = self._annotations_put_op.sync_detailed(
            entity.model.id,
            client=entity._client.api,
            body=_put_body(shapes),
            if_match=UNSET if if_match is None else if_match,
        )
        self._remember(response.headers)
        result: Annotations = response.parsed
        return result

    def update_annotations(
        self,
        *,
        create: Iterable[ShapeSpec] = (),
        update: Iterable[ShapeUpdate] = (),
        delete: Iterable[Ref] = (),
        replace_predictions: tuple[str, Iterable[Ref]] | None = None,
        if_match: str | None = None,
    ) -> AnnotationsChange:
        """Create, change and delete shapes at once; with ``if_match``, only over that ETag.

        ``replace_predictions`` as on a task.

        Raises:
            PreconditionFailedError: ``if_match`` is stale; nothing was written.

        """
        entity = self._entity()
        response = self._annotations_patch_op.sync_detailed(
            entity.model.id,
            client=entity._client.api,
            body=_patch_body(create, update, delete, replace_predictions),
            if_match=UNSET if if_match is None else if_match,
        )
        self._remember(response.headers)
        result: AnnotationsChange = response.parsed
        return result


def _put_body(shapes: Iterable[ShapeSpec]) -> AnnotationsRequest:
    return AnnotationsRequest(shapes=[to_create(shape) for shape in shapes])


def _patch_body(
    create: Iterable[ShapeSpec],
    update: Iterable[ShapeUpdate],
    delete: Iterable[Ref],
    replace_predictions: tuple[str, Iterable[Ref]] | None = None,
) -> AnnotationsPatchRequest:
    body = AnnotationsPatchRequest(
        create=[to_create(shape) for shape in create],
        update=[to_update(change) for change in update],
        delete=[to_id(shape) for shape in delete],
    )
    if replace_predictions is not None:
        model_name, assets = replace_predictions
        body.replace_predictions = PredictionsReplacement(
            model_name=model_name, assets=[to_id(asset) for asset in assets]
        )
    return body
