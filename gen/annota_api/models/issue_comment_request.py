from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

__all__ = ["IssueCommentRequest", "IssueCommentRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "message",
    }
)


@_dataclass(slots=True, kw_only=True)
class IssueCommentRequest:
    """A comment to add to an issue.

    Attributes:
        message (str): What to say.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    message: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("message",)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this IssueCommentRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "message": self.message,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a IssueCommentRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 1:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            message=src["message"],
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
IssueCommentRequestDict = TypedDict(
    "IssueCommentRequestDict",
    {
        "message": Required[str],
    },
    total=False,
)
"""IssueCommentRequest as a plain dict (its JSON form), for type-checked dict arguments."""
