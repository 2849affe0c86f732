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
from annota_api.types import UNSET

from annota.proxies.base import Entity
from annota.proxies.seam import GuardedReadOp, GuardedWriteOp, ReadOp, WriteOp
from annota.shapes import Ref, ShapeSpec, ShapeUpdate, to_create, to_id, to_update

__all__ = ["HasAnnotations", "HasGuardedAnnotations"]


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
    ) -> AnnotationsChange:
        """Create, change and delete shapes in one all-or-nothing request.

        ``update`` takes dicts with an ``id`` and the fields to change, or shapes read from
        :meth:`get_annotations` (sent whole); ``delete`` takes ids or shapes.
        """
        entity = self._entity()
        result: AnnotationsChange = self._annotations_patch_op.sync(
            entity.model.id, client=entity._client.api, body=_patch_body(create, update, delete)
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
    _annotations_get_op: GuardedReadOp[Annotations]
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

    def get_annotations(self) -> Annotations:
        """Every shape, ordered by asset position, then id, with the ``revision`` read."""
        entity = self._entity()
        response = self._annotations_get_op.sync_detailed(
            entity.model.id, client=entity._client.api
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
        if_match: str | None = None,
    ) -> AnnotationsChange:
        """Create, change and delete shapes at once; with ``if_match``, only over that ETag.

        Raises:
            PreconditionFailedError: ``if_match`` is stale; nothing was written.

        """
        entity = self._entity()
        response = self._annotations_patch_op.sync_detailed(
            entity.model.id,
            client=entity._client.api,
            body=_patch_body(create, update, delete),
            if_match=UNSET if if_match is None else if_match,
        )
        self._remember(response.headers)
        result: AnnotationsChange = response.parsed
        return result


def _put_body(shapes: Iterable[ShapeSpec]) -> AnnotationsRequest:
    return AnnotationsRequest(shapes=[to_create(shape) for shape in shapes])


def _patch_body(
    create: Iterable[ShapeSpec], update: Iterable[ShapeUpdate], delete: Iterable[Ref]
) -> AnnotationsPatchRequest:
    return AnnotationsPatchRequest(
        create=[to_create(shape) for shape in create],
        update=[to_update(change) for change in update],
        delete=[to_id(shape) for shape in delete],
    )
