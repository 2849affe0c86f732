"""The annotation operations that tasks and jobs share (``HasAnnotations``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, cast

from annota_api.client import Client as ApiClient
from annota_api.models import (
    Annotations,
    AnnotationsChange,
    AnnotationsPatchRequest,
    AnnotationsRequest,
    PredictionsReplacement,
    ShapeSource,
)
from annota_api.types import UNSET, Unset

from annota.proxies.base import Entity
from annota.proxies.seam import WriteOp
from annota.shapes import Ref, ShapeSpec, ShapeUpdate, to_create, to_id, to_update

__all__ = ["HasAnnotations"]


class _FilteredReadOp(Protocol):
    """``tasks_retrieve_annotations`` or ``jobs_retrieve_annotations``: a filtered read."""

    def sync(
        self,
        id: int,
        *,
        client: ApiClient,
        source: list[ShapeSource] | Unset = UNSET,
        min_score: float | Unset = UNSET,
    ) -> Annotations:
        """Run the operation."""
        ...


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
        wanted = None if sources is None else [ShapeSource.from_value(str(s)) for s in sources]
        result: Annotations = self._annotations_get_op.sync(
            entity.model.id,
            client=entity._client.api,
            source=UNSET if wanted is None else wanted,
            min_score=UNSET if min_score is None else float(min_score),
        )
        return result

    def set_annotations(self, shapes: Iterable[ShapeSpec]) -> Annotations:
        """Replace every shape with ``shapes``; returns the stored annotations.

        ``shapes`` holds builders' results from :mod:`annota.shapes`, dicts, or shapes read
        elsewhere (to copy annotations).
        """
        entity = self._entity()
        body = AnnotationsRequest(shapes=[to_create(shape) for shape in shapes])
        result: Annotations = self._annotations_put_op.sync(
            entity.model.id, client=entity._client.api, body=body
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
        result: AnnotationsChange = self._annotations_patch_op.sync(
            entity.model.id, client=entity._client.api, body=body
        )
        return result
