from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["IssueComment"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "issue",
        "author",
        "message",
        "created_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "author",
    }
)


def _decode_author(src: Mapping[str, Any]) -> BasicUser | None:
    _author = src["author"]
    author: BasicUser | None
    if _author is None:
        author = None
    else:
        author_type_1 = BasicUser.from_dict(_author)

        author = author_type_1
    return author


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 5:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class IssueComment(LazyModel):
    """An answer to a review issue.

    Attributes:
        id (int): The comment's id.
        issue (int): The id of the issue it answers.
        author (BasicUser | None): Who wrote it; null when their account was deleted.
        message (str): What it says.
        created_at (datetime.datetime): When it was written.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    issue: int
    author: BasicUser | None
    message: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "author": _decode_author,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this IssueComment, unknown fields included."""
        author: dict[str, Any] | None
        if isinstance(self.author, BasicUser):
            author = self.author.to_dict()
        else:
            author = self.author

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "issue": self.issue,
            "author": author,
            "message": self.message,
            "created_at": created_at,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a IssueComment from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.issue = src["issue"]
        self.message = src["message"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
