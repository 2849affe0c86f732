from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.dataset_format import DatasetFormat
from ..models.operation_kind import OperationKind
from ..models.operation_status import OperationStatus
from ..types import UNSET, LazyModel, Unset, parse_datetime

__all__ = ["Operation"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "kind",
        "status",
        "progress",
        "message",
        "project",
        "format",
        "created_at",
        "started_at",
        "finished_at",
        "expires_at",
        "result_url",
        "result_size",
        "version",
        "evaluation",
        "created_by",
        "skipped",
    }
)


def _decode_created_by(src: Mapping[str, Any]) -> BasicUser | None | Unset:
    _created_by = src.get("created_by", UNSET)
    created_by: BasicUser | None | Unset
    if _created_by is None:
        created_by = None
    elif isinstance(_created_by, Unset):
        created_by = UNSET
    else:
        created_by_type_1 = BasicUser.from_dict(_created_by)

        created_by = created_by_type_1
    return created_by


def _decode_skipped(src: Mapping[str, Any]) -> list[SkippedShapes] | Unset:
    _skipped = src.get("skipped", UNSET)
    skipped: list[SkippedShapes] | Unset
    if isinstance(_skipped, Unset):
        skipped = UNSET
    else:
        skipped = [SkippedShapes.from_dict(item) for item in _skipped]
    return skipped


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Operation(LazyModel):
    """A long-running operation (a dataset export or import, or freezing a version), run by the
    server's workers.

    Attributes:
        id (int): The operation's id.
        kind (OperationKind): What a long-running operation does: a dataset `export` or `import`,
            freezing a dataset `version`, or an `evaluation` of a model version.
        status (OperationStatus): Where an operation stands: `queued` and `running` have not ended;
            `finished`,
            `failed` and `cancelled` have.
        progress (float): How much is done, from 0 to 1.
        message (str): What it is doing, or why it failed; empty when there is nothing to say.
        project (int): The id of the project it works on.
        format_ (DatasetFormat | None): The dataset format of an export or import; null for a
            `version` operation.
        created_at (datetime.datetime): When it was queued.
        started_at (datetime.datetime | None): When a worker started it.
        finished_at (datetime.datetime | None): When it ended.
        expires_at (datetime.datetime | None): When its result is deleted.
        result_url (None | str): Where to download the result (a path on this server); null when
            there is none.
        result_size (int | None): The result's size in bytes; null when there is none.
        version (int | None | Unset): The dataset version a finished `version` operation made; null
            otherwise.
        evaluation (int | None | Unset): The evaluation a finished `evaluation` operation stored;
            null otherwise.
        created_by (BasicUser | None | Unset): Who started it; null when that user is gone.
        skipped (list[SkippedShapes] | Unset): What a finished export could not represent in its
            format (say, polylines in COCO),
            counted per shape kind and label; empty when nothing was lost.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    kind: OperationKind
    status: OperationStatus
    progress: float
    message: str
    project: int
    format_: DatasetFormat | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    result_url: None | str
    result_size: int | None
    version: int | None | Unset = UNSET
    evaluation: int | None | Unset = UNSET
    created_by: BasicUser | None | Unset = UNSET
    skipped: list[SkippedShapes] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "created_by": _decode_created_by,
        "skipped": _decode_skipped,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Operation, unknown fields included."""
        kind = str(self.kind)

        status = str(self.status)

        format_: None | str
        if isinstance(self.format_, DatasetFormat):
            format_ = str(self.format_)

        else:
            format_ = self.format_

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()

        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()

        else:
            finished_at = self.finished_at

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()

        else:
            expires_at = self.expires_at

        result_url: None | str
        result_url = self.result_url

        result_size: int | None
        result_size = self.result_size

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        evaluation: int | None | Unset
        if isinstance(self.evaluation, Unset):
            evaluation = UNSET
        else:
            evaluation = self.evaluation

        created_by: dict[str, Any] | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        elif isinstance(self.created_by, BasicUser):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        skipped: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.skipped, Unset):
            skipped = []
            for skipped_item_data in self.skipped:
                skipped_item = skipped_item_data.to_dict()
                skipped.append(skipped_item)

        field_dict: dict[str, Any] = {
            "id": self.id,
            "kind": kind,
            "status": status,
            "progress": self.progress,
            "message": self.message,
            "project": self.project,
            "format": format_,
            "created_at": created_at,
            "started_at": started_at,
            "finished_at": finished_at,
            "expires_at": expires_at,
            "result_url": result_url,
            "result_size": result_size,
        }
        if not isinstance(version, Unset):
            field_dict["version"] = version
        if not isinstance(evaluation, Unset):
            field_dict["evaluation"] = evaluation
        if not isinstance(created_by, Unset):
            field_dict["created_by"] = created_by
        if not isinstance(skipped, Unset):
            field_dict["skipped"] = skipped
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Operation from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        kind = OperationKind._by_value.get(src["kind"]) or OperationKind(src["kind"])
        self.kind = kind
        status = OperationStatus._by_value.get(src["status"]) or OperationStatus(src["status"])
        self.status = status
        self.progress = src["progress"]
        self.message = src["message"]
        self.project = src["project"]
        _format_ = src["format"]
        format_: DatasetFormat | None
        if _format_ is None:
            format_ = None
        else:
            format_type_1 = DatasetFormat._by_value.get(_format_) or DatasetFormat(_format_)

            format_ = format_type_1
        self.format_ = format_
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        _started_at = src["started_at"]
        started_at: datetime.datetime | None
        if _started_at is None:
            started_at = None
        else:
            started_at_type_0 = parse_datetime(_started_at)

            started_at = started_at_type_0
        self.started_at = started_at
        _finished_at = src["finished_at"]
        finished_at: datetime.datetime | None
        if _finished_at is None:
            finished_at = None
        else:
            finished_at_type_0 = parse_datetime(_finished_at)

            finished_at = finished_at_type_0
        self.finished_at = finished_at
        _expires_at = src["expires_at"]
        expires_at: datetime.datetime | None
        if _expires_at is None:
            expires_at = None
        else:
            expires_at_type_0 = parse_datetime(_expires_at)

            expires_at = expires_at_type_0
        self.expires_at = expires_at
        self.result_url = src["result_url"]
        self.result_size = src["result_size"]
        self.version = src.get("version", UNSET)
        self.evaluation = src.get("evaluation", UNSET)
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.skipped_shapes import SkippedShapes
