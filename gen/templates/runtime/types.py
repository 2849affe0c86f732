"""Shared types of the generated client: UNSET, File, Response, LazyModel and the date-time parser.

Nothing here imports a third-party library at module level, so importing the package stays cheap.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import (
    IO,
    TYPE_CHECKING,
    Any,
    BinaryIO,
    ClassVar,
    Final,
    Generic,
    Literal,
    Self,
    TypeVar,
)

__all__ = [
    "UNSET",
    "File",
    "FileContent",
    "FileTypes",
    "LazyModel",
    "RequestFiles",
    "Response",
    "Unset",
    "parse_date",
    "parse_datetime",
]


class Unset:
    """Type of `UNSET`: a field or argument that was not given (unlike `None`, a JSON null).

    There is one instance; it is falsy, so `if value:` treats it like `None`.
    """

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        # Pickle by reference, so that `is UNSET` still holds after a round trip.
        return "UNSET"

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: object) -> Self:
        return self


UNSET: Final[Unset] = Unset()

# What a multipart part can carry, and the part tuples the generated models build:
# (file name or None for a plain field, payload, content type or None).
FileContent = IO[bytes] | bytes | str
FileTypes = (
    tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@dataclass(slots=True)
class File:
    """A file to upload (multipart or raw body) or a downloaded file.

    `payload` may be bytes or a binary file object; a file object is read when the request is
    encoded. When `file_name` is not given, the base name of an open file's `name` is used.
    """

    payload: BinaryIO | bytes
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return the multipart part tuple: (file name, payload, content type)."""
        file_name = self.file_name
        if file_name is None:
            name = getattr(self.payload, "name", None)
            if isinstance(name, str) and name:
                file_name = name.replace("\\", "/").rsplit("/", 1)[-1]
        return file_name, self.payload, self.mime_type or "application/octet-stream"


T = TypeVar("T")


@dataclass(slots=True)
class Response(Generic[T]):
    """A successful response: status code, headers (case-insensitive), raw body and parsed value."""

    status_code: int
    content: bytes
    headers: Mapping[str, str]
    parsed: T


class LazyModel:
    """Base of the response models: a field that needs decoding is decoded when first read.

    `from_dict` copies the plain fields (numbers, strings) and keeps the JSON mapping it was
    given; nested objects, lists of them, enums, date-times and `additional_properties` stay
    undecoded (their slot empty) until an attribute read misses the slot and lands in
    `__getattr__`, which decodes the field once and fills the slot, so every later read is a
    plain slot read. A walk over many objects pays only for the fields it reads. A model built
    with its constructor has every slot filled and never decodes anything.
    """

    __slots__ = ("_src",)

    _src: Mapping[str, Any]
    #: Field name -> function decoding that field from the JSON mapping (set by each model).
    _decoders: ClassVar[Mapping[str, Callable[[Mapping[str, Any]], Any]]] = {}

    # Hidden from type checkers: they would accept any attribute name on a model otherwise.
    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            decode = self._decoders.get(name)
            if decode is None:  # not a field (or `_src` of a constructed model): a real miss
                raise AttributeError(
                    f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
                )
            value = decode(self._src)
            setattr(self, name, value)
            return value


_fromisoformat = datetime.datetime.fromisoformat
_date_fromisoformat = datetime.date.fromisoformat


def parse_datetime(value: str) -> datetime.datetime:
    """Parse an ISO 8601 date-time.

    `datetime.fromisoformat` (C code) accepts nearly everything a server sends; the rare forms it
    rejects (such as an hour of 24) go to `dateutil.parser.isoparse`, imported only then.
    """
    try:
        return _fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse  # noqa: PLC0415

        return isoparse(value)


def parse_date(value: str) -> datetime.date:
    """Parse an ISO 8601 date, with the same fallback as `parse_datetime`."""
    try:
        return _date_fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse  # noqa: PLC0415

        return isoparse(value).date()
