from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset

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


def _decode_errors(src: Mapping[str, Any]) -> list[FieldError] | Unset:
    _errors = src.get("errors", UNSET)
    errors: list[FieldError] | Unset
    if isinstance(_errors, Unset):
        errors = UNSET
    else:
        errors = [FieldError.from_dict(item) for item in _errors]
    return errors


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Problem(LazyModel):
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
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "errors": _decode_errors,
        "additional_properties": _decode_additional_properties,
    }

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
        """Build a Problem from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.type_ = src["type"]
        self.title = src["title"]
        self.status = src["status"]
        self.detail = src.get("detail", UNSET)
        self.instance = src.get("instance", UNSET)
        self.request_id = src.get("request_id", UNSET)
        return self


# Imported last: models may refer to each other.
from ..models.field_error import FieldError
