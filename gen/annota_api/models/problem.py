from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, Unset

__all__ = ["Problem"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "errors",
        "request_id",
    }
)


@_dataclass(slots=True, kw_only=True)
class Problem:
    """An error, as RFC 9457 problem details.

    Attributes:
        type_ (str): A URI that identifies the kind of problem.
        title (str): A short summary of the kind of problem.
        status (int): The HTTP status code.
        detail (str | Unset): What went wrong in this occurrence.
        instance (str | Unset): The request path that had the problem.
        errors (list[FieldError] | Unset): One entry per invalid field, for validation failures.
        request_id (str | Unset): The request's id, as in the `X-Request-Id` header and the server's
            log.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    type_: str
    title: str
    status: int
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    errors: list[FieldError] | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Problem, unknown fields included."""
        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {
            "type": self.type_,
            "title": self.title,
            "status": self.status,
        }
        if not isinstance(self.detail, Unset):
            field_dict["detail"] = self.detail
        if not isinstance(self.instance, Unset):
            field_dict["instance"] = self.instance
        if not isinstance(errors, Unset):
            field_dict["errors"] = errors
        if not isinstance(self.request_id, Unset):
            field_dict["request_id"] = self.request_id
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Problem from its JSON form; unknown keys go to additional_properties."""
        _errors = src.get("errors", UNSET)
        errors: list[FieldError] | Unset
        if isinstance(_errors, Unset):
            errors = UNSET
        else:
            errors = [FieldError.from_dict(item) for item in _errors]

        additional_properties: dict[str, Any]
        if len(src) > 3 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            type_=src["type"],
            title=src["title"],
            status=src["status"],
            detail=src.get("detail", UNSET),
            instance=src.get("instance", UNSET),
            errors=errors,
            request_id=src.get("request_id", UNSET),
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.field_error import FieldError
