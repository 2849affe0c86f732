from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["WebhookRequest", "WebhookRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "url",
        "events",
        "project",
        "description",
        "is_active",
        "secret",
    }
)


@_dataclass(slots=True, kw_only=True)
class WebhookRequest:
    """A webhook to register.

    Attributes:
        url (str): An http(s) URL.
        events (list[str]): The event kinds to send (`*` for all).
        project (int | None | Unset): Only this project's events (null: the workspace's).
        description (str | Unset):  Default: ''.
        is_active (bool | Unset):  Default: True.
        secret (str | Unset): The signing secret; a random one is made when absent.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    url: str
    events: list[str]
    project: int | None | Unset = UNSET
    description: str | Unset = ""
    is_active: bool | Unset = True
    secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "url",
        "events",
        "project",
        "description",
        "is_active",
        "secret",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this WebhookRequest, unknown fields included."""
        events: list[str]
        events = self.events

        project: int | None | Unset
        if isinstance(self.project, Unset):
            project = UNSET
        else:
            project = self.project

        field_dict: dict[str, Any] = {
            "url": self.url,
            "events": events,
        }
        if not isinstance(project, Unset):
            field_dict["project"] = project
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
        """Build a WebhookRequest from its JSON form; unknown keys go to additional_properties."""
        events = src["events"]

        project = src.get("project", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            url=src["url"],
            events=events,
            project=project,
            description=src.get("description", UNSET),
            is_active=src.get("is_active", UNSET),
            secret=src.get("secret", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
WebhookRequestDict = TypedDict(
    "WebhookRequestDict",
    {
        "url": Required[str],
        "events": Required[list[str]],
        "project": int | None,
        "description": str,
        "is_active": bool,
        "secret": str,
    },
    total=False,
)
"""WebhookRequest as a plain dict (its JSON form), for type-checked dict arguments."""
