"""The annotation operations that tasks and jobs share (``HasAnnotations``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from annota_api.models import (
    Annotations,
    AnnotationsChange,
    AnnotationsPatchRequest,
    AnnotationsRequest,
)

from annota.proxies.base import Entity
from annota.proxies.seam import ReadOp, WriteOp
from annota.shapes import Ref, ShapeSpec, ShapeUpdate, to_create, to_id, to_update

__all__ = ["HasAnnotations"]


class HasAnnotations:
    """Adds ``get_annotations``, ``set_annotations`` and ``update_annotations``.

    Requests are checked before anything is sent; the server applies each one all or nothing,
    so an invalid shape (a ``ValidationError`` naming it, e.g. ``shapes.3.points``) changes
    nothing.
    """

    __slots__ = ()
    _annotations_get_op: ReadOp[Annotations]
    _annotations_put_op: WriteOp[AnnotationsRequest, Annotations]
    _annotations_patch_op: WriteOp[AnnotationsPatchRequest, AnnotationsChange]

    def _entity(self) -> Entity[Any]:
        return cast(Entity[Any], self)

    def get_annotations(self) -> Annotations:
        """Every shape, ordered by asset position, then id (``.shapes``)."""
        entity = self._entity()
        result: Annotations = self._annotations_get_op.sync(
            entity.model.id, client=entity._client.api
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
    ) -> AnnotationsChange:
        """Create, change and delete shapes in one all-or-nothing request.

        ``update`` takes dicts with an ``id`` and the fields to change, or shapes read from
        :meth:`get_annotations` (sent whole); ``delete`` takes ids or shapes.
        """
        entity = self._entity()
        body = AnnotationsPatchRequest(
            create=[to_create(shape) for shape in create],
            update=[to_update(change) for change in update],
            delete=[to_id(shape) for shape in delete],
        )
        result: AnnotationsChange = self._annotations_patch_op.sync(
            entity.model.id, client=entity._client.api, body=body
        )
        return result
