"""Multipart uploads: parsed once, streamed to temporary files, and what a file's content is.

connexion's own multipart validator keeps every message of the body in a list so that it can
replay the raw body to the handler (which then parses it a second time): a whole upload in
memory. :class:`StreamingMultiPartValidator` parses the body once, with Starlette's parser
(each file part goes to a ``SpooledTemporaryFile``: at most 1 MiB in memory, the rest on disk),
validates the form against the schema, and hands the parsed form to the handler through the
ASGI scope; downstream it replays an empty form, so nothing parses the body again.
Handlers read the parsed form with :func:`parsed_form`.

When the storage can take a write while it arrives (S3: :class:`~annota_server.s3_storage.
StreamedWrite`) and the app says where an operation's files go (:data:`StreamStarts`), a file
part that grows past one S3 part starts its upload to the storage at once, and the parser
feeds it as the body arrives: the leg to S3 overlaps the leg from the client. The handler's
:func:`store` then completes it; a request that fails or a client that goes away aborts it.
"""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from functools import partial
from tempfile import SpooledTemporaryFile
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from connexion.json_schema import Draft4RequestValidator
from connexion.validators import MultiPartFormDataValidator
from jsonschema import Draft4Validator  # type: ignore[import-untyped, unused-ignore]
from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import HTTPConnection
from starlette.types import Receive, Scope

from annota_server import validation
from annota_server.middleware import CLEANUP_KEY
from annota_server.problems import FieldError, Problem, too_large
from annota_server.storage import Stored, TooLarge

if TYPE_CHECKING:
    from annota_server.context import Ctx

FORM_KEY = "annota.form"
"""Scope key under which the validator leaves the parsed form for the handler."""

MAX_PARTS = 1001
"""Starlette's cap on file parts (and on plain fields); the schema's own limit is lower."""

# Media type -> the Pillow format name its content must open as.
IMAGE_FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/bmp": "BMP",
    "image/tiff": "TIFF",
    "image/webp": "WEBP",
}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-ms-bmp": "image/bmp"}
_GENERIC = {"", "application/octet-stream"}


class Streamed(Protocol):
    """A storage write sent while its file grows (:class:`s3_storage.StreamedWrite`)."""

    key: str

    def send(self, offset: int, length: int) -> None:
        """Send the bytes of the file at ``offset`` (written already) as the next part."""

    def finish(self) -> None:
        """Complete the write: the key holds the content from now on."""

    def abort(self) -> None:
        """Give the write up (nothing is kept); no-op once finished."""


StreamStart = Callable[[int], "Streamed | None"]
"""Starts the storage write of one file part (its file's descriptor) under a fresh key."""
StreamStarts = Callable[[Scope], "StreamStart | None"]
"""For a request, how to start streaming its file parts (None: they are stored later)."""


class _TeeFile(SpooledTemporaryFile[bytes]):
    """A file part's spooled file whose parts go to storage as soon as they are on disk.

    Streaming starts once the part is ``threshold`` long (one S3 part); the spooled copy is
    what handlers check (and idempotency hashes); the storage reads its parts from it.
    """

    def __init__(self, max_size: int, start: StreamStart, threshold: int) -> None:
        super().__init__(max_size=max_size)
        self._start = start
        self._threshold = threshold
        self._written = 0
        self._sent = 0
        self._declined = False
        self._digest = hashlib.sha256()
        self.streamed: Streamed | None = None
        self.taken = False

    def write(self, data: bytes) -> int:  # type: ignore[override]
        """Spool ``data``; send each full part (past the spool's memory size: on a thread)."""
        written = super().write(data)
        self._written += len(data)
        self._digest.update(data)
        if self.streamed is None and not self._declined and self._written >= self._threshold:
            self.flush()
            self.streamed = self._start(self.fileno())
            self._declined = self.streamed is None
        if self.streamed is not None and self._written - self._sent >= self._threshold:
            self.flush()
            while self._written - self._sent >= self._threshold:
                self.streamed.send(self._sent, self._threshold)
                self._sent += self._threshold
        return written

    def finish(self) -> Stored:
        """Send the last part and complete the storage write."""
        assert self.streamed is not None
        self.flush()
        if self._written > self._sent:
            self.streamed.send(self._sent, self._written - self._sent)
            self._sent = self._written
        self.streamed.finish()
        return Stored(self.streamed.key, self._written, self._digest.hexdigest())

    def abort(self) -> None:
        """Abort the storage write unless a handler took it."""
        if self.streamed is not None and not self.taken:
            self.streamed.abort()


class _TeeParser(MultiPartParser):
    """Starlette's parser, with file parts spooled into :class:`_TeeFile`."""

    def __init__(self, *args: Any, start: StreamStart, threshold: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._start = start
        self._threshold = threshold
        self.tees: list[_TeeFile] = []

    def on_headers_finished(self) -> None:
        """Make the part's file a tee (the spooled file the base class made is still empty)."""
        super().on_headers_finished()
        upload = self._current_part.file
        if upload is not None:
            tee = _TeeFile(self.spool_max_size, self._start, self._threshold)
            self._files_to_close_on_error[-1].close()
            self._files_to_close_on_error[-1] = tee
            upload.file = tee  # type: ignore[assignment]  # a SpooledTemporaryFile, as before
            self.tees.append(tee)


class StreamingMultiPartValidator(MultiPartFormDataValidator):  # type: ignore[misc]
    """Validates a multipart body while parsing it once, without keeping the body in memory."""

    streams: StreamStarts | None = None
    """Set on a subclass per app (:func:`streaming_to`): where file parts may stream to."""
    stream_threshold = 8 * 1024 * 1024
    """A part streams once it is this long (one S3 part); shorter ones are stored later."""

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """Parse and validate the form; pass it on in the scope and replay an empty body."""
        headers = Headers(scope=scope)
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        if not chunked and not int(headers.get("content-length") or 0):
            raise validation.RequestValidationProblem([FieldError("body", "is required")])

        async def stream() -> AsyncGenerator[bytes, None]:
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                more = message.get("more_body", False)
                yield message.get("body", b"")
            yield b""

        cleanup = scope.get(CLEANUP_KEY)
        starts = type(self).streams
        start = starts(scope) if starts is not None else None
        parser: MultiPartParser
        if start is not None and cleanup is not None:
            parser = _TeeParser(
                headers,
                stream(),
                max_files=MAX_PARTS,
                max_fields=MAX_PARTS,
                start=start,
                threshold=self.stream_threshold,
            )
            tees = parser.tees

            def abort_all() -> None:
                for tee in tees:
                    tee.abort()

            async def abort_streams() -> None:
                # Also when parsing failed (a client gone mid-body): no upload is left open.
                await run_in_threadpool(abort_all)

            cleanup.append(abort_streams)
        else:
            parser = MultiPartParser(headers, stream(), max_files=MAX_PARTS, max_fields=MAX_PARTS)
        try:
            form = await parser.parse()
        except MultiPartException as exc:
            raise validation.RequestValidationProblem([FieldError("body", exc.message)]) from None
        if cleanup is not None:
            cleanup.append(form.close)
        self._check(form)

        boundary = _boundary(headers)
        empty = f"--{boundary}--\r\n".encode("latin-1")
        new_headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        new_headers = [(k, v) for k, v in new_headers if k != b"transfer-encoding"]
        new_headers.append((b"content-length", str(len(empty)).encode()))
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": empty, "more_body": False}
            return await receive()

        return replay, {**scope, "headers": new_headers, FORM_KEY: form}

    def _check(self, form: FormData) -> None:
        """Validate the form's shape: file fields as placeholders, plain fields as text."""
        properties: dict[str, Any] = self._schema.get("properties", {})
        document: dict[str, Any] = {}
        errors: list[FieldError] = []
        for key in form:
            values = form.getlist(key)
            schema = properties.get(key, {})
            if _is_file(schema.get("items", {})):
                document[key] = ["" for _ in values]
                errors += [
                    FieldError(f"{key}.{i}", "must be a file part (with a filename)")
                    for i, v in enumerate(values)
                    if not isinstance(v, UploadFile)
                ]
            elif _is_file(schema):
                document[key] = "" if len(values) == 1 else ["" for _ in values]
                if not isinstance(values[0], UploadFile):
                    errors.append(FieldError(key, "must be a file part (with a filename)"))
            elif any(isinstance(v, UploadFile) for v in values):
                errors.append(FieldError(key, "must be a plain field, not a file"))
                document[key] = ""
            else:
                texts = [str(v) for v in values]
                many = schema.get("type") == "array" or len(texts) > 1
                document[key] = texts if many else texts[0]
        if self._strict_validation:
            errors += [
                FieldError(str(key), "is not a known field")
                for key in document
                if key not in properties
            ]
        checker = Draft4RequestValidator(
            self._schema, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        errors += validation.schema_errors(checker, document) + validation.unsafe_strings(document)
        if errors:
            raise validation.RequestValidationProblem(list(dict.fromkeys(errors)))


def _is_file(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and schema.get("format") in ("binary", "base64")


def _boundary(headers: Headers) -> str:
    # The parser succeeded, so the header has a boundary.
    for part in headers.get("content-type", "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "boundary":
            return value.strip().strip('"')
    raise AssertionError("multipart body without a boundary")


def streaming_to(starts: StreamStarts) -> type[StreamingMultiPartValidator]:
    """The validator class of an app whose file parts may stream to storage (see ``starts``)."""
    return type(
        "StreamingMultiPartValidator",
        (StreamingMultiPartValidator,),
        {"streams": staticmethod(starts)},
    )


def store(ctx: Ctx, upload: UploadFile, key: str, *, field: str = "body") -> Stored:
    """Stream an uploaded part to storage under ``key``, removed again if the request fails.

    A part that already streamed while it arrived is completed instead, under the key it
    started with (the returned ``Stored.key``); so is it removed if the request fails. On a
    rerun of the request (after a deadlock) it is written again from the spooled file.

    Raises:
        Problem: 413 naming ``field`` when the part is over the upload limit.

    """
    limit = ctx.settings.max_upload_bytes
    tee = upload.file
    if isinstance(tee, _TeeFile) and tee.streamed is not None and not tee.taken:
        tee.taken = True
        stored = tee.finish()
        ctx.on_rollback(partial(ctx.storage.delete, stored.key))
        if stored.size > limit:
            raise too_large(limit, field)
        return stored
    ctx.on_rollback(partial(ctx.storage.delete, key))
    upload.file.seek(0)  # from the start also when a deadlock reran the request
    try:
        return ctx.storage.write(key, upload.file, limit=limit)
    except TooLarge:
        raise too_large(limit, field) from None


def parsed_form(connection: HTTPConnection) -> FormData:
    """The form :class:`StreamingMultiPartValidator` parsed for this request."""
    form = connection.scope.get(FORM_KEY)
    assert isinstance(form, FormData), "the multipart validator did not run"
    return form


# -- what a file is ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageInfo:
    """What an uploaded image is: its size in the upright frame (EXIF orientation applied)."""

    media_type: str
    width: int
    height: int


ORIENTATION_TAG = 0x0112
"""The EXIF tag saying how to turn the stored pixels to show the picture upright."""

_TURNED = frozenset({5, 6, 7, 8})  # orientations that swap width and height


def orientation_of(image: Image.Image) -> int:
    """The EXIF orientation (1 to 8) of an opened image; 1 (as stored) when it has none.

    Read from the header only: a PNG whose EXIF chunk comes after its pixels counts as
    having none, since finding it would decode the whole image.
    """
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    value = image.getexif().get(ORIENTATION_TAG, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


# How to turn the stored pixels upright, per orientation (as PIL.ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def upright(image: Image.Image, orientation: int) -> Image.Image:
    """The pixels of ``image`` turned as EXIF ``orientation`` says (itself for 1)."""
    method = _TRANSPOSE.get(orientation)
    return image if method is None else image.transpose(method)


def upright_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as a person sees the picture: EXIF orientation 5 to 8 turns it."""
    width, height = image.size
    return (height, width) if orientation_of(image) in _TURNED else (width, height)


MAX_NAME_LENGTH = 256
"""The most characters an asset's name has."""


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def asset_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an uploaded asset, or ``None``.

    An asset's name is a plain file name that clients can save it under: not empty, not
    ``.``-only, no path separator (slash or backslash) and no control character.
    """
    if not name.strip():
        return "has no file name (the part's filename)"
    if len(name) > MAX_NAME_LENGTH:
        return f"has a file name longer than {MAX_NAME_LENGTH} characters"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: no database stores them
        return "has a file name that is not valid text"
    if any(_is_control(char) for char in name):
        return "has a file name with control characters"
    if "/" in name or "\\" in name:
        return "has a file name with a path separator ('/' or '\\'); send the base name"
    if not name.strip("."):
        return "has a file name made only of dots"
    return None


def safe_asset_name(name: str, fallback: str) -> str:
    """``name`` made a plain file name (for names an archive chose): what uploads would accept.

    Separators and control characters become ``_``; a name left empty or of dots only, or not
    valid text, becomes ``fallback``.
    """
    flat = "".join("_" if char in "/\\" or _is_control(char) else char for char in name)
    flat = flat[-MAX_NAME_LENGTH:]  # the end keeps the extension
    return fallback if asset_name_problem(flat) else flat


def media_type_of(upload: UploadFile) -> str | None:
    """The part's media type; a missing or generic one is guessed from the file name."""
    declared = (upload.content_type or "").split(";", 1)[0].strip().lower()
    if declared in _GENERIC:
        declared = (mimetypes.guess_type(upload.filename or "")[0] or "").lower()
    declared = _ALIASES.get(declared, declared)
    return declared or None


def inspect_image(stream: BinaryIO, media_type: str) -> ImageInfo | str:
    """Check the content opens as an image of ``media_type``; return its size, or why not.

    Only the header is decoded for the size; ``verify`` then checks the file's structure (for
    PNG, every chunk's checksum) without decoding pixels. The size is the upright one (a
    photo stored 380x512 with EXIF orientation 6 is 512x380), the frame shapes are drawn in;
    the file itself is kept as sent.
    """
    expected = IMAGE_FORMATS[media_type]
    stream.seek(0)
    try:
        with Image.open(stream) as image:
            found, (width, height) = image.format, upright_size(image)
            if found != expected:
                return f"is declared {media_type} but its content is {found or 'not an image'}"
            if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
                return f"has more pixels than the server accepts ({Image.MAX_IMAGE_PIXELS})"
            image.verify()
    except Image.DecompressionBombError:
        return f"has more pixels than the server accepts ({Image.MAX_IMAGE_PIXELS})"
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, ...)
        return f"is not a valid {media_type} image"
    finally:
        stream.seek(0)
    return ImageInfo(media_type, width, height)


def unsupported(errors: list[FieldError]) -> Problem:
    """The 415 naming each refused file."""
    summary = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    accepted = ", ".join(IMAGE_FORMATS)
    return Problem(
        415,
        f"Unsupported files ({summary}). Accepted: {accepted}, with content of that type.",
        errors=errors,
    )
