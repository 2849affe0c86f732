from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["CloudStorageRequest", "CloudStorageRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "bucket",
        "access_key_id",
        "secret_access_key",
        "prefix",
        "endpoint_url",
        "region",
    }
)


@_dataclass(slots=True, kw_only=True)
class CloudStorageRequest:
    """A bucket to register, with the credentials to read it.

    Attributes:
        name (str): What to call it.
        bucket (str): The bucket's name.
        access_key_id (str): The access key (stored encrypted, never sent back).
        secret_access_key (str): The secret key (stored encrypted, never sent back).
        prefix (str | Unset): Only objects under this folder. Default: ''.
        endpoint_url (None | str | Unset): The S3 endpoint (MinIO, Ceph and the like); null for AWS.
        region (None | str | Unset): The bucket's region.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    bucket: str
    access_key_id: str
    secret_access_key: str
    prefix: str | Unset = ""
    endpoint_url: None | str | Unset = UNSET
    region: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "bucket",
        "access_key_id",
        "secret_access_key",
        "prefix",
        "endpoint_url",
        "region",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this CloudStorageRequest, unknown fields included."""
        endpoint_url: None | str | Unset
        if isinstance(self.endpoint_url, Unset):
            endpoint_url = UNSET
        else:
            endpoint_url = self.endpoint_url

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        field_dict: dict[str, Any] = {
            "name": self.name,
            "bucket": self.bucket,
            "access_key_id": self.access_key_id,
            "secret_access_key": self.secret_access_key,
        }
        if not isinstance(self.prefix, Unset):
            field_dict["prefix"] = self.prefix
        if not isinstance(endpoint_url, Unset):
            field_dict["endpoint_url"] = endpoint_url
        if not isinstance(region, Unset):
            field_dict["region"] = region
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a CloudStorageRequest from its JSON form; unknown keys go to additional_properties."""
        endpoint_url = src.get("endpoint_url", UNSET)

        region = src.get("region", UNSET)

        additional_properties: dict[str, Any]
        if len(src) > 4 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src["name"],
            bucket=src["bucket"],
            access_key_id=src["access_key_id"],
            secret_access_key=src["secret_access_key"],
            prefix=src.get("prefix", UNSET),
            endpoint_url=endpoint_url,
            region=region,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
CloudStorageRequestDict = TypedDict(
    "CloudStorageRequestDict",
    {
        "name": Required[str],
        "bucket": Required[str],
        "access_key_id": Required[str],
        "secret_access_key": Required[str],
        "prefix": str,
        "endpoint_url": str | None,
        "region": str | None,
    },
    total=False,
)
"""CloudStorageRequest as a plain dict (its JSON form), for type-checked dict arguments."""
