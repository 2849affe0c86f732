from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["CloudStorage"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "workspace",
        "name",
        "bucket",
        "prefix",
        "endpoint_url",
        "region",
        "created_at",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 8:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class CloudStorage(LazyModel):
    """A registered S3-compatible bucket; its credentials are never sent back.

    Attributes:
        id (int):
        workspace (int): The workspace that registered it.
        name (str): What the storage is called.
        bucket (str): The bucket's name.
        prefix (str): The folder of the bucket it covers (empty: all of it).
        endpoint_url (None | str): The S3 endpoint (null for AWS).
        region (None | str): The bucket's region.
        created_at (datetime.datetime):
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    workspace: int
    name: str
    bucket: str
    prefix: str
    endpoint_url: None | str
    region: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this CloudStorage, unknown fields included."""
        endpoint_url: None | str
        endpoint_url = self.endpoint_url

        region: None | str
        region = self.region

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "workspace": self.workspace,
            "name": self.name,
            "bucket": self.bucket,
            "prefix": self.prefix,
            "endpoint_url": endpoint_url,
            "region": region,
            "created_at": created_at,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a CloudStorage from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.workspace = src["workspace"]
        self.name = src["name"]
        self.bucket = src["bucket"]
        self.prefix = src["prefix"]
        self.endpoint_url = src["endpoint_url"]
        self.region = src["region"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        return self
