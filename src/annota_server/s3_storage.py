"""The S3 implementation of :class:`~annota_server.storage.Storage`, on boto3.

It works with AWS S3 and with S3-compatible services (MinIO, Ceph RGW, SeaweedFS, Garage)
through ``ANNOTA_S3_ENDPOINT_URL``; credentials and region come from boto3's usual chain.

- Writes go through a multipart upload of :data:`PART_SIZE` parts, several sent at once. From
  a file on disk (an upload the server spooled, an export's zip) each sending thread reads
  its part from the file as it goes, so memory does not grow with the file; from any other
  stream, parts are read into memory, at most ``IN_FLIGHT // 2`` at a time. The object
  appears only when the upload completes; any error aborts it, so no parts are left
  behind. A stream shorter than one part is one PUT.
- Reads are ranged GETs streamed in chunks; :meth:`S3Storage.open` gives a seekable file that
  fetches what is read (zip archives need to seek).
- An S3 service that cannot be reached, or refuses, raises :class:`StorageUnavailable` (a
  503 problem with ``Retry-After``), so a request that meets it answers 503 and rolls back.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import queue
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TypeVar, cast
from urllib.parse import quote

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from annota_server.problems import Problem
from annota_server.settings import ConfigurationError
from annota_server.storage import CHUNK_SIZE, Listed, Stored, TooLarge, check_key

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef, ObjectIdentifierTypeDef

logger = logging.getLogger("annota_server")

PART_SIZE = 8 * 1024 * 1024
"""Bytes per part of a multipart upload (S3 wants at least 5 MiB for all parts but the last)."""
IN_FLIGHT = 4
"""Parts one write sends at once from a file on disk; half as many from other streams."""
PRESIGN_SECONDS = 300
"""How long a presigned download URL stays valid."""
RETRY_AFTER_SECONDS = 5

_MISSING = {"404", "NoSuchKey", "NotFound"}

T = TypeVar("T")


class StorageUnavailable(Problem):
    """The object store cannot be reached or refused a request: 503, worth retrying later."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            503,
            "The file storage is unavailable; try again shortly.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        self.cause = cause


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _unavailable(fn: Callable[[], T]) -> T:
    """Run ``fn``; boto3's errors become :class:`StorageUnavailable` (logged once, here)."""
    try:
        return fn()
    except (BotoCoreError, ClientError) as exc:
        logger.warning("object storage error: %s", exc)
        raise StorageUnavailable(exc) from exc


class S3Storage:
    """Objects under ``prefix`` in one bucket; keys map to ``<prefix>/<key>``."""

    def __init__(
        self,
        client: S3Client,
        bucket: str,
        prefix: str = "",
        *,
        part_size: int = PART_SIZE,
        parts_in_flight: int = IN_FLIGHT,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.part_size = part_size
        self.parts_in_flight = parts_in_flight

    @classmethod
    def from_url(cls, url: str, *, endpoint_url: str | None = None) -> S3Storage:
        """Build the storage of ``s3://bucket/optional/prefix``."""
        rest = url.removeprefix("s3://")
        bucket, _, prefix = rest.partition("/")
        if not bucket:
            raise ConfigurationError(f"the storage URL {url!r} names no bucket (s3://bucket/...)")
        config = Config(
            signature_version="s3v4",
            # Fail over to a 503 quickly rather than hold the request through long backoffs.
            retries={"mode": "standard", "max_attempts": 3},
            connect_timeout=5,
            read_timeout=60,
            max_pool_connections=32,
            # The server hashes every file itself (SHA-256); a CRC on top is one more pass
            # over each part, in memory. TLS and S3's own checks still guard the transfer.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        client = boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)
        return cls(client, bucket, prefix)

    def __repr__(self) -> str:
        return f"S3Storage(s3://{self.bucket}/{self.prefix})"

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    # -- start-up ------------------------------------------------------------------------------

    def check(self) -> None:
        """Make sure the bucket exists and these credentials may use it.

        Raises:
            ConfigurationError: with one line saying what is wrong.

        """
        where = f"s3://{self.bucket}"
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except NoCredentialsError:
            raise ConfigurationError(
                f"no AWS credentials for the storage {where} (set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY, or a profile)"
            ) from None
        except ClientError as exc:
            code = _code(exc)
            if code in {"404", "NoSuchBucket", "NotFound"}:
                message = f"the storage bucket {where} does not exist"
            elif code in {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
                message = f"the credentials are refused by the storage {where} (HTTP 403)"
            else:
                message = f"the storage {where} refused the check: {exc}"
            raise ConfigurationError(message) from None
        except BotoCoreError as exc:
            raise ConfigurationError(f"the storage {where} cannot be reached: {exc}") from None

    # -- writing -------------------------------------------------------------------------------

    def write(self, key: str, stream: BinaryIO, *, limit: int | None = None) -> Stored:
        """Copy ``stream`` to ``key``: one PUT when short, else a multipart upload."""
        name = self._name(key)
        on_disk = _file_size(stream)
        if on_disk is not None and on_disk >= self.part_size:
            return self._write_file(key, name, stream, on_disk, limit)
        digest = hashlib.sha256()
        size = 0

        def next_part() -> bytes:
            nonlocal size
            part = stream.read(self.part_size)
            while part and len(part) < self.part_size:  # a short read is not always the end
                more = stream.read(self.part_size - len(part))
                if not more:
                    break
                part += more
            size += len(part)
            if limit is not None and size > limit:
                raise TooLarge(f"more than {limit} bytes")
            digest.update(part)
            return part

        first = next_part()
        if len(first) < self.part_size:
            _unavailable(lambda: self.client.put_object(Bucket=self.bucket, Key=name, Body=first))
            return Stored(key, size, digest.hexdigest())

        def parts() -> Iterator[bytes]:
            nonlocal first
            part, first = first, b""  # let go of it: the upload holds the only reference
            while part:
                yield part
                part = next_part()

        # Parts in memory: fewer at once, since each is held until sent.
        self._multipart(name, parts(), max(1, self.parts_in_flight // 2))
        return Stored(key, size, digest.hexdigest())

    def _write_file(
        self, key: str, name: str, stream: BinaryIO, size: int, limit: int | None
    ) -> Stored:
        """Upload a file on disk: parts are read from it by the threads that send them."""
        if limit is not None and size > limit:
            raise TooLarge(f"more than {limit} bytes")
        descriptor, start = stream.fileno(), stream.tell()
        digest = hashlib.sha256()

        def parts() -> Iterator[_FileWindow]:
            for offset in range(0, size, self.part_size):
                length = min(self.part_size, size - offset)
                window = _FileWindow(descriptor, start + offset, length)
                # Hashed here, one part ahead of the threads: the digest is of what is sent.
                while chunk := window.read(CHUNK_SIZE):
                    digest.update(chunk)
                window.seek(0)
                yield window

        self._multipart(name, parts(), self.parts_in_flight)
        stream.seek(start + size)
        return Stored(key, size, digest.hexdigest())

    def _multipart(self, name: str, bodies: Iterator[bytes | _FileWindow], in_flight: int) -> None:
        bucket = self.bucket
        upload_id = _unavailable(
            lambda: self.client.create_multipart_upload(Bucket=bucket, Key=name)["UploadId"]
        )

        def send(number: int, body: bytes | _FileWindow) -> CompletedPartTypeDef:
            answer = self.client.upload_part(
                Bucket=bucket,
                Key=name,
                UploadId=upload_id,
                PartNumber=number,
                Body=cast(IO[bytes], body) if isinstance(body, _FileWindow) else body,
            )
            return {"PartNumber": number, "ETag": answer["ETag"]}

        parts: list[CompletedPartTypeDef] = []
        pending: deque[Future[CompletedPartTypeDef]] = deque()
        pool = ThreadPoolExecutor(in_flight, thread_name_prefix="annota-s3-part")
        try:
            for number, body in enumerate(bodies, start=1):
                pending.append(pool.submit(send, number, body))
                del body  # the pool holds the only reference: freed once sent
                if len(pending) >= in_flight:  # bounds memory: wait before reading more
                    parts.append(_unavailable(pending.popleft().result))
            while pending:
                parts.append(_unavailable(pending.popleft().result))
            _unavailable(
                lambda: self.client.complete_multipart_upload(
                    Bucket=bucket, Key=name, UploadId=upload_id, MultipartUpload={"Parts": parts}
                )
            )
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True)
            self._abort(name, upload_id)
            raise
        finally:
            pool.shutdown(wait=True)

    def begin_write(self, key: str, descriptor: int) -> StreamedWrite:
        """A write of ``key`` from the growing file ``descriptor``, sent part by part."""
        return StreamedWrite(self, key, descriptor)

    def _abort(self, name: str, upload_id: str) -> None:
        try:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id)
        except (BotoCoreError, ClientError):
            # The store is gone too: its parts stay until a lifecycle rule removes them.
            logger.warning("could not abort the multipart upload of %s", name, exc_info=True)

    def adopt(self, key: str, path: Path) -> Stored:
        """Upload the local file ``path`` to ``key``, then delete the file."""
        with path.open("rb") as stream:
            stored = self.write(key, stream)
        path.unlink()
        return stored

    # -- reading -------------------------------------------------------------------------------

    def _get(self, name: str, start: int, stop: int | None) -> Any:
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Key": name}
        if start or stop is not None:
            arguments["Range"] = f"bytes={start}-{'' if stop is None else stop - 1}"
        return _unavailable(lambda: self.client.get_object(**arguments)["Body"])

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """Yield the bytes ``start <= offset < stop`` of ``key``.

        The GET is sent now, not on the first ``next()``: a store that is down fails the
        request before its answer has begun.
        """
        name = self._name(key)
        if stop is not None and stop <= start:
            return iter(())
        body = self._get(name, start, stop)

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK_SIZE)
            finally:
                body.close()

        return chunks()

    def open(self, key: str) -> BinaryIO:
        """A seekable reader of ``key`` that fetches ranges as they are read."""
        name = self._name(key)
        raw = _RangeReader(self, name, self._size(name))
        return io.BufferedReader(raw, buffer_size=CHUNK_SIZE)

    def _size(self, name: str) -> int:
        head = _unavailable(lambda: self.client.head_object(Bucket=self.bucket, Key=name))
        return int(head["ContentLength"])

    def size(self, key: str) -> int:
        """The size of ``key`` in bytes."""
        return self._size(self._name(key))

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds content."""
        name = self._name(key)
        try:
            self.client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            logger.warning("object storage error: %s", exc)
            raise StorageUnavailable(exc) from exc
        except BotoCoreError as exc:
            logger.warning("object storage error: %s", exc)
            raise StorageUnavailable(exc) from exc
        return True

    def download_url(self, key: str, *, filename: str) -> str | None:
        """A presigned GET of ``key``, valid for :data:`PRESIGN_SECONDS`, saved as ``filename``."""
        disposition = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        url: str = _unavailable(
            lambda: self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": self._name(key),
                    "ResponseContentDisposition": disposition,
                },
                ExpiresIn=PRESIGN_SECONDS,
            )
        )
        return url

    # -- deleting ------------------------------------------------------------------------------

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
        name = self._name(key)
        _unavailable(lambda: self.client.delete_object(Bucket=self.bucket, Key=name))

    def delete_prefix(self, prefix: str) -> None:
        """Remove every key under the folder ``prefix``, a thousand per request."""
        folder = self._name(prefix).rstrip("/") + "/"

        def remove_all() -> None:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=folder
            )
            for page in pages:
                objects: list[ObjectIdentifierTypeDef] = [
                    {"Key": item["Key"]} for item in page.get("Contents", []) if "Key" in item
                ]
                if objects:
                    self.client.delete_objects(
                        Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True}
                    )

        _unavailable(remove_all)

    # -- listing -------------------------------------------------------------------------------

    def list_keys(self, prefix: str = "") -> Iterator[Listed]:
        """Every object under the folder ``prefix``, a thousand per request, in key order.

        Unfinished multipart uploads are not objects: a bucket lifecycle rule
        (``AbortIncompleteMultipartUpload``) removes the ones a killed process left.
        """
        folder = (self._name(prefix).rstrip("/") + "/") if prefix else ""
        if not prefix and self.prefix:
            folder = self.prefix + "/"
        cut = len(self.prefix) + 1 if self.prefix else 0
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=folder
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    if "Key" in item and "LastModified" in item:
                        yield Listed(item["Key"][cut:], item.get("Size", 0), item["LastModified"])
        except (ClientError, BotoCoreError) as exc:
            logger.warning("object storage error: %s", exc)
            raise StorageUnavailable(exc) from exc


class _Abort(Exception):
    """Ends a streamed write's parts: its multipart upload is aborted."""


class StreamedWrite:
    """A multipart upload whose parts are sent while the file they come from still grows.

    The caller writes the bytes to a file of its own and calls :meth:`send` for each part
    as soon as it is on disk; the part goes through a bounded queue to a thread that runs the
    upload (up to ``parts_in_flight`` parts at once, each read from the file by ``pread``, so
    no part is copied in memory). The caller waits when S3 is slower. :meth:`finish`
    completes the upload; :meth:`abort`, or any error, aborts it: no object appears.
    """

    def __init__(self, storage: S3Storage, key: str, descriptor: int) -> None:
        self.key = key
        self._storage = storage
        self._name = storage._name(key)
        self._descriptor = os.dup(descriptor)  # the caller may close its file before we end
        self._queue: queue.Queue[_FileWindow | None] = queue.Queue(1)
        self._error: BaseException | None = None
        self._done = False
        self._aborting = False
        self._thread = threading.Thread(target=self._run, name="annota-s3-stream", daemon=True)
        self._thread.start()

    def _parts(self) -> Iterator[_FileWindow]:
        # None ends the parts: complete, or abort when abort() sent it.
        while (part := self._queue.get()) is not None:
            yield part
        if self._aborting:
            raise _Abort

    def _run(self) -> None:
        try:
            self._storage._multipart(self._name, self._parts(), self._storage.parts_in_flight)
        except BaseException as exc:
            self._error = exc
            while True:  # unblock a sender waiting on the full queue
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
        finally:
            os.close(self._descriptor)

    def _put(self, item: _FileWindow | None) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        self._raise()

    def _raise(self) -> None:
        if isinstance(self._error, StorageUnavailable):
            raise self._error
        if isinstance(self._error, _Abort) or self._error is None:
            raise StorageUnavailable(RuntimeError("the streamed upload ended early"))
        raise StorageUnavailable(self._error)

    def send(self, offset: int, length: int) -> None:
        """Queue the part of the file at ``offset`` (already written); waits while full."""
        if self._error is not None:
            self._raise()
        self._put(_FileWindow(self._descriptor, offset, length))

    def finish(self) -> None:
        """Complete the upload once every part is sent: the object exists from now on.

        Raises:
            StorageUnavailable: S3 refused or failed a part (the upload is aborted).

        """
        self._done = True
        self._put(None)
        self._thread.join()
        if self._error is not None:
            self._raise()

    def abort(self) -> None:
        """Abort the upload unless :meth:`finish` was called: its parts are removed."""
        if self._done:
            return
        self._done = True
        self._aborting = True
        if self._thread.is_alive():
            with contextlib.suppress(StorageUnavailable):
                self._put(None)
        self._thread.join()


class _RangeReader(io.RawIOBase):
    """A read-only, seekable view of one object: each read is a ranged GET."""

    def __init__(self, storage: S3Storage, name: str, size: int) -> None:
        super().__init__()
        self._storage = storage
        self._name = name
        self._size = size
        self._position = 0

    def readable(self) -> bool:
        """Always true."""
        return True

    def seekable(self) -> bool:
        """Always true."""
        return True

    def tell(self) -> int:
        """The position in the object."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move to ``offset`` (from the start, the position or the end)."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the current position with one ranged GET."""
        view = memoryview(buffer).cast("B")
        stop = min(self._size, self._position + len(view))
        if stop <= self._position:
            return 0
        body = self._storage._get(self._name, self._position, stop)
        try:
            filled = 0
            for chunk in body.iter_chunks(CHUNK_SIZE):
                view[filled : filled + len(chunk)] = chunk
                filled += len(chunk)
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailable(exc) from exc
        finally:
            body.close()
        self._position += filled
        return filled


def _file_size(stream: BinaryIO) -> int | None:
    """The bytes left in ``stream`` when it is a regular file on disk, else None."""
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        if end - here < CHUNK_SIZE:
            return None  # small: read into memory for one PUT (and no fileno() to force)
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return end - here if stat.S_ISREG(os.fstat(descriptor).st_mode) else None


class _FileWindow(io.RawIOBase):
    """``length`` bytes of an open file from ``offset``: a part body botocore streams.

    ``os.pread`` leaves the file's own position alone, so several parts of one file are
    read by several threads at once; a part is never held in memory whole.
    """

    def __init__(self, descriptor: int, offset: int, length: int) -> None:
        super().__init__()
        self._descriptor = descriptor
        self._offset = offset
        self._length = length
        self._position = 0

    def __len__(self) -> int:
        return self._length

    def readable(self) -> bool:
        """Always true."""
        return True

    def seekable(self) -> bool:
        """Always true."""
        return True

    def tell(self) -> int:
        """The position within the part."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move within the part (botocore rewinds it after hashing and on a retry)."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._length}[whence]
        self._position = max(0, base + offset)
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        """Read up to ``size`` bytes (the rest of the part without one) in one allocation."""
        left = self._length - self._position
        count = left if size is None or size < 0 else min(size, left)
        if count <= 0:
            return b""
        data = os.pread(self._descriptor, count, self._offset + self._position)
        self._position += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the file, up to the end of the part."""
        view = memoryview(buffer).cast("B")
        count = min(len(view), self._length - self._position)
        if count <= 0:
            return 0
        done = os.preadv(self._descriptor, [view[:count]], self._offset + self._position)
        self._position += done
        return done
