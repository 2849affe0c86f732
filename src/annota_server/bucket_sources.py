"""Data that stays in its bucket: assets referencing the objects of a registered S3 bucket.

A workspace registers a bucket (:class:`~annota_server.db.models.CloudStorage`) with
credentials of its own. Filling a task from it lists a prefix and makes each image an asset
whose storage key is ``bucket/<storage id>/<ETag>/<object key>``: nothing is copied.
:class:`RoutedStorage` stands in front of the server's own storage and sends those keys to the
bucket, so content, thumbnails, exports and versions read them as they read any asset; every
read names the ETag seen at registration (``If-Match``), so an object changed since answers
409 and a deleted one 410, naming the object, instead of serving other bytes.

Credentials never leave this module in clear: errors name the bucket, the object and the
S3 error code, never the keys.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError
from PIL import Image
from sqlalchemy import select

from annota_server import secrets_at_rest
from annota_server.db.models import CloudStorage
from annota_server.problems import FieldError, Problem
from annota_server.storage import Listed, Storage, Stored
from annota_server.storage_keys import bucket_object, parse_bucket_object
from annota_server.uploads import IMAGE_FORMATS, safe_asset_name

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

    from annota_server.db.engine import Database

HEADER_BYTES = 64 * 1024  # enough for the size (and EXIF orientation) of common images
MAX_OBJECTS = 100_000
MAX_KEY = 512  # assets.storage_key
READERS = 16  # header reads in flight while filling a task
_SUFFIXES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
}
_TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


# ------------------------------------------------------------------------------- one bucket
@dataclass(frozen=True)
class Source:
    """What reading one registered bucket needs (the secret stays in the client)."""

    storage_id: int
    bucket: str
    prefix: str
    client: S3Client


def connect(
    *,
    storage_id: int,
    bucket: str,
    prefix: str,
    endpoint_url: str | None,
    region: str | None,
    access_key_id: str,
    secret_access_key: str,
) -> Source:
    """A client of the bucket with its own credentials (never the server's environment's)."""
    config = Config(
        signature_version="s3v4",
        retries={"mode": "standard", "max_attempts": 2},
        connect_timeout=5,
        read_timeout=30,
        max_pool_connections=READERS * 2,
    )
    try:
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )
    except (ValueError, BotoCoreError) as error:  # botocore refuses a malformed endpoint
        raise Problem(
            400,
            f"The S3 endpoint or region is not valid ({type(error).__name__}).",
            errors=[FieldError("endpoint_url", "is not a valid S3 endpoint URL")],
        ) from None
    return Source(storage_id, bucket, prefix.strip("/"), client)


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", "")) or "error"


def _status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)


def check(source: Source) -> None:
    """Make sure the bucket exists and the credentials may read it.

    Raises:
        Problem: 400 naming ``bucket``, ``access_key_id`` or ``endpoint_url``.

    """
    try:
        source.client.list_objects_v2(Bucket=source.bucket, MaxKeys=1)
    except ClientError as error:
        code = _code(error)
        if code in {"NoSuchBucket", "404"}:
            raise Problem(
                400,
                f"The bucket {source.bucket!r} does not exist.",
                errors=[FieldError("bucket", "does not exist")],
            ) from None
        raise Problem(
            400,
            f"The bucket {source.bucket!r} refused these credentials ({code}).",
            errors=[FieldError("access_key_id", f"refused by the bucket ({code})")],
        ) from None
    except (EndpointConnectionError, BotoCoreError, ValueError, OSError) as error:
        # ValueError: a host urllib3 cannot parse (control characters and the like).
        raise Problem(
            400,
            f"The S3 endpoint cannot be reached ({type(error).__name__}).",
            errors=[FieldError("endpoint_url", "cannot be reached")],
        ) from None


@dataclass(frozen=True)
class Found:
    """An object of the bucket that became (or will become) an asset."""

    key: str
    name: str
    media_type: str
    size: int
    etag: str
    width: int
    height: int


def _object_problem(source: Source, name: str, error: ClientError) -> Problem:
    """409 for an object changed since registration, 410 for a vanished one, else 502."""
    code, status = _code(error), _status(error)
    where = f"{name!r} of bucket storage {source.storage_id} ({source.bucket})"
    if code in {"PreconditionFailed", "412"} or status == 412:
        return Problem(
            409,
            f"The object {where} changed in the bucket since it was registered; register it "
            "again to use its new content.",
            errors=[FieldError("content", f"object {name} changed in the bucket")],
        )
    if code in {"NoSuchKey", "404", "NotFound"} or status == 404:
        return Problem(
            410,
            f"The object {where} is gone from the bucket.",
            errors=[FieldError("content", f"object {name} is gone from the bucket")],
        )
    return Problem(502, f"The bucket refused to read the object {where} ({code}).")


def _quoted(etag: str) -> str:
    """An ETag as ``If-Match`` carries it (stored unquoted, for the storage key)."""
    return f'"{etag}"'


def _header(source: Source, name: str, etag: str) -> bytes:
    try:
        answer = source.client.get_object(
            Bucket=source.bucket,
            Key=name,
            Range=f"bytes=0-{HEADER_BYTES - 1}",
            IfMatch=_quoted(etag),
        )
    except ClientError as error:
        raise _object_problem(source, name, error) from None
    return bytes(answer["Body"].read())


def _inspect(head: bytes, media_type: str) -> tuple[int, int] | str:
    """The upright width and height that the header declares, or why it is not an image."""
    try:
        with Image.open(io.BytesIO(head)) as image:
            found, (width, height) = image.format, image.size
            if found != IMAGE_FORMATS[media_type]:
                return f"is named {media_type} but its content is {found or 'not an image'}"
            orientation = image.getexif().get(0x0112) if found in {"JPEG", "TIFF", "WEBP"} else None
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, ...)
        return f"is not a {media_type} image (its header does not open)"
    return (height, width) if orientation in _TURNED else (width, height)


def scan(source: Source, prefix: str) -> tuple[list[Found], list[dict[str, str]]]:
    """The images under ``prefix`` (of the storage's prefix), and the objects skipped (why).

    Raises:
        Problem: the listing was refused (400 naming ``storage``).

    """
    folder = "/".join(part for part in (source.prefix, prefix.strip("/")) if part)
    listed: list[tuple[str, int, str]] = []
    skipped: list[dict[str, str]] = []
    try:
        pages = source.client.get_paginator("list_objects_v2").paginate(
            Bucket=source.bucket, Prefix=f"{folder}/" if folder else ""
        )
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"]
                if key.endswith("/"):
                    continue  # a "folder" marker
                if len(listed) + len(skipped) >= MAX_OBJECTS:
                    skipped.append({"name": key, "reason": f"more than {MAX_OBJECTS} objects"})
                    continue
                listed.append((key, int(item["Size"]), str(item["ETag"]).strip('"')))
    except ClientError as error:
        raise Problem(
            400,
            f"The bucket {source.bucket!r} refused to list {folder or 'its objects'} "
            f"({_code(error)}).",
            errors=[FieldError("storage", f"refused the listing ({_code(error)})")],
        ) from None

    candidates: list[tuple[str, int, str, str]] = []
    for key, size, etag in listed:
        media_type = _SUFFIXES.get(Path(key).suffix.lower())
        if media_type is None:
            skipped.append({"name": key, "reason": "not an image (by its name)"})
        elif len(bucket_object(source.storage_id, etag, key)) > MAX_KEY or "//" in f"/{key}":
            skipped.append({"name": key, "reason": "its key is too long or has empty parts"})
        else:
            candidates.append((key, size, etag, media_type))

    def look(candidate: tuple[str, int, str, str]) -> Found | dict[str, str]:
        key, size, etag, media_type = candidate
        try:
            inspected = _inspect(_header(source, key, etag), media_type)
        except Problem as problem:
            return {"name": key, "reason": problem.detail}
        if isinstance(inspected, str):
            return {"name": key, "reason": inspected}
        relative = key[len(folder) + 1 :] if folder else key
        name = safe_asset_name(
            relative, fallback=f"object-{hashlib.sha1(key.encode()).hexdigest()[:12]}"
        )
        return Found(key, name, media_type, size, etag, *inspected)

    found: list[Found] = []
    with ThreadPoolExecutor(READERS) as pool:
        for result in pool.map(look, candidates):
            if isinstance(result, Found):
                found.append(result)
            else:
                skipped.append(result)
    return found, skipped


def identity(storage_id: int, found: Found) -> str:
    """What stands for an asset's SHA-256: a hash of the object's reference (bytes unread)."""
    return hashlib.sha256(f"{storage_id}/{found.key}/{found.etag}".encode()).hexdigest()


def open_source(row: CloudStorage) -> Source:
    """The :class:`Source` of a registered storage, its credentials decrypted."""
    access_key_id, _, secret = secrets_at_rest.decrypt(row.credentials).partition("\n")
    return connect(
        storage_id=row.id,
        bucket=row.bucket,
        prefix=row.prefix,
        endpoint_url=row.endpoint_url,
        region=row.region,
        access_key_id=access_key_id,
        secret_access_key=secret,
    )


def seal_credentials(access_key_id: str, secret_access_key: str) -> str:
    """The credentials as stored: encrypted together with the server's key."""
    return secrets_at_rest.encrypt(f"{access_key_id}\n{secret_access_key}")


# ------------------------------------------------------------------------- the routed storage
class RoutedStorage:
    """The server's storage, with the keys of bucket assets read from their buckets."""

    def __init__(self, main: Storage, database: Database) -> None:
        self.main = main
        self.database = database
        self._sources: dict[int, Source] = {}

    def __repr__(self) -> str:
        return f"RoutedStorage({self.main!r})"

    def __getattr__(self, name: str) -> Any:
        # Backend extras (an S3 storage's check(), its client) stay reachable.
        return getattr(self.main, name)

    def _source(self, storage_id: int) -> Source:
        source = self._sources.get(storage_id)
        if source is None:
            with self.database.session(write=False) as db:
                row = db.scalar(select(CloudStorage).where(CloudStorage.id == storage_id))
                if row is None:
                    raise Problem(410, f"The bucket storage {storage_id} is no longer registered.")
                source = open_source(row)
            self._sources[storage_id] = source
        return source

    def _object(self, key: str) -> tuple[Source, str, str] | None:
        parsed = parse_bucket_object(key)
        if parsed is None:
            return None
        storage_id, etag, name = parsed
        return self._source(storage_id), etag, name

    def write(self, key: str, stream: BinaryIO, *, limit: int | None = None) -> Stored:
        """Write to the server's own storage (bucket objects are never written)."""
        return self.main.write(key, stream, limit=limit)

    def adopt(self, key: str, path: Path) -> Stored:
        """Adopt into the server's own storage."""
        return self.main.adopt(key, path)

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """The bytes of ``key``; a bucket object only while its ETag is the registered one."""
        found = self._object(key)
        if found is None:
            return self.main.read(key, start, stop)
        source, etag, name = found
        options: dict[str, Any] = {"Bucket": source.bucket, "Key": name, "IfMatch": _quoted(etag)}
        if start or stop is not None:
            options["Range"] = f"bytes={start}-{'' if stop is None else stop - 1}"
        try:
            body = source.client.get_object(**options)["Body"]
        except ClientError as error:
            raise _object_problem(source, name, error) from None
        return iter(lambda: bytes(body.read(1024 * 1024)), b"")

    def open(self, key: str) -> BinaryIO:
        """A seekable copy of ``key`` (bucket objects are read whole, checked by ETag)."""
        if parse_bucket_object(key) is None:
            return self.main.open(key)
        return io.BytesIO(b"".join(self.read(key)))

    def size(self, key: str) -> int:
        """The size of ``key`` (409/410 for a changed or vanished bucket object)."""
        found = self._object(key)
        if found is None:
            return self.main.size(key)
        source, etag, name = found
        try:
            head = source.client.head_object(Bucket=source.bucket, Key=name, IfMatch=_quoted(etag))
        except ClientError as error:
            raise _object_problem(source, name, error) from None
        return int(head["ContentLength"])

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds content; a changed or vanished bucket object raises 409/410."""
        if parse_bucket_object(key) is None:
            return self.main.exists(key)
        self.size(key)
        return True

    def delete(self, key: str) -> None:
        """Delete from the server's own storage; a bucket's objects are never deleted."""
        if parse_bucket_object(key) is None:
            self.main.delete(key)

    def delete_prefix(self, prefix: str) -> None:
        """Delete under ``prefix`` in the server's own storage."""
        self.main.delete_prefix(prefix)

    def download_url(self, key: str, *, filename: str) -> str | None:
        """The server's own storage's URL; bucket objects go through the server (checked)."""
        return (
            None
            if parse_bucket_object(key) is not None
            else self.main.download_url(key, filename=filename)
        )

    def list_keys(self, prefix: str = "") -> Iterator[Listed]:
        """The server's own storage's objects."""
        return self.main.list_keys(prefix)
