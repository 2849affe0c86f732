from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import TypedDict

from ..types import UNSET, Unset

__all__ = ["PatchedWebhookRequest", "PatchedWebhookRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "url",
        "events",
        "description",
        "is_active",
        "secret",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedWebhookRequest:
    """The fields of a webhook to change.

    Attributes:
        url (str | Unset):
        events (list[str] | Unset):
        description (str | Unset):
        is_active (bool | Unset):
        secret (str | Unset): A new signing secret (never shown).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    url: str | Unset = UNSET
    events: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    is_active: bool | Unset = UNSET
    secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "url",
        "events",
        "description",
        "is_active",
        "secret",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedWebhookRequest, unknown fields included."""
        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events

        field_dict: dict[str, Any] = {}
        if not isinstance(self.url, Unset):
            field_dict["url"] = self.url
        if not isinstance(events, Unset):
            field_dict["events"] = events
        if not isinstance(self.description, Unset):
            field_dict["description"] = self.description
        if not isinstance(self.is_active, Unset):
            field_dict["is_active"] = self.is_active
        if not isinstance(self.secret, Unset):
            field_dict["secret"] = self.secret
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedWebhookRequest from its JSON form; unknown keys go to additional_properties."""
        events = src.get("events", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            url=src.get("url", UNSET),
            events=events,
            description=src.get("description", UNSET),
            is_active=src.get("is_active", UNSET),
            secret=src.get("secret", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedWebhookRequestDict = TypedDict(
    "PatchedWebhookRequestDict",
    {
        "url": str,
        "events": list[str],
        "description": str,
        "is_active": bool,
        "secret": str,
    },
    total=False,
)
"""PatchedWebhookRequest as a plain dict (its JSON form), for type-checked dict arguments."""
