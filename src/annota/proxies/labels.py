"""Labels: ``client.labels`` and the Label entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.labels import (
    labels_destroy,
    labels_list,
    labels_partial_update,
    labels_retrieve,
)
from annota_api.models import Label as LabelModel
from annota_api.models import PatchedLabelRequest
from annota_api.models.patched_label_request import PatchedLabelRequestDict
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.proxies.base import Entity, Listable, Removable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    _Fields = LabelModel
else:
    _Fields = object


class Label(
    Entity[LabelModel], Updatable[PatchedLabelRequest, PatchedLabelRequestDict], Removable, _Fields
):
    """A label of a project (add labels with ``project.update({"labels": [...]})``)."""

    __slots__ = ()
    _retrieve_op = labels_retrieve
    _update_op = labels_partial_update
    _destroy_op = labels_destroy
    _patch_model = PatchedLabelRequest

    def update(
        self,
        values: PatchedLabelRequest | PatchedLabelRequestDict | None = None,
        /,
        **fields: Unpack[PatchedLabelRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedLabelRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return self._run(self._update_steps(values, fields))


class LabelsRepo(Repo[Label], Retrievable[Label], Listable[Label]):
    """``client.labels``: retrieve and list labels."""

    __slots__ = ()
    _entity = Label
    _retrieve_op = labels_retrieve
    _list_op = labels_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[labels_list.Filters],
    ) -> PagedList[Label]:
        """The labels matching ``filters`` (``labels_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
