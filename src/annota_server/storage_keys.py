"""The layout of the storage: every key and folder the server writes, in one place.

::

    assets/{project}/{task}/<random>.bin         uploaded assets of a task
    assets/{project}/import-{operation}/<random>  images an import stored (kept after it ends)
    imports/<random>.zip                         an uploaded dataset, until its import ends
    results/{operation}/<random>.zip             an export's result, until it expires
    thumbnails/<sha256>/<size>                   a thumbnail (PNG or JPEG) of that content
    versions/blobs/<sha256>                      a dataset versions' image, while one refers to it
    bucket/{storage}/<ETag>/<object key>          an object of a registered bucket (never stored
                                                 here: read from the bucket, see bucket_sources)

Deleting a project removes ``assets/{project}`` whole, so every asset file of the project
lives under it, whichever way it arrived. Thumbnails are shared by every asset with that
content, so they outlive it until the orphan sweep finds no asset left with it.
"""

from __future__ import annotations

import secrets


def new_key(prefix: str, suffix: str = ".bin") -> str:
    """A fresh, unguessable key under ``prefix``."""
    return f"{prefix.strip('/')}/{secrets.token_hex(16)}{suffix}"


def project_assets(project_id: int) -> str:
    """The folder of every asset file of a project."""
    return f"assets/{project_id}"


def task_assets(project_id: int, task_id: int) -> str:
    """The folder of the files uploaded into a task."""
    return f"{project_assets(project_id)}/{task_id}"


def import_staging(project_id: int, operation_id: int) -> str:
    """Where an import puts its images before its rows are committed (and keeps them after)."""
    return f"{project_assets(project_id)}/import-{operation_id}"


def import_upload() -> str:
    """A fresh key for an uploaded dataset archive."""
    return new_key("imports", ".zip")


def operation_results(operation_id: int) -> str:
    """The folder of an operation's results."""
    return f"results/{operation_id}"


def thumbnail(sha256: str, size: int) -> str:
    """The key of the thumbnail of the content ``sha256`` whose longest side is ``size``."""
    return f"{thumbnails()}/{sha256}/{size}"


def thumbnails() -> str:
    """The folder of every thumbnail."""
    return "thumbnails"


VERSION_BLOBS = "versions/blobs"
"""The folder of the content-addressed images of dataset versions (outside ``assets/``, so
deleting a project or task leaves them to the versions that refer to them)."""


def version_blob(sha256: str) -> str:
    """The key of the version image whose content has this SHA-256."""
    return f"{VERSION_BLOBS}/{sha256}"


BUCKET_ROOT = "bucket"


def bucket_object(storage_id: int, etag: str, name: str) -> str:
    """The asset key of object ``name`` of bucket storage ``storage_id``, as seen with ``etag``."""
    return f"{BUCKET_ROOT}/{storage_id}/{etag}/{name}"


def parse_bucket_object(key: str) -> tuple[int, str, str] | None:
    """``(storage id, ETag, object key)`` of a bucket object's key; None for the server's keys."""
    root, _, rest = key.partition("/")
    if root != BUCKET_ROOT:
        return None
    storage_id, _, rest = rest.partition("/")
    etag, _, name = rest.partition("/")
    if not storage_id.isdigit() or not etag or not name:
        return None
    return int(storage_id), etag, name


def model_artifact(model_version_id: int) -> str:
    """A new key for a model version's artifact (each upload its own: the old one goes after)."""
    return new_key(f"models/{model_version_id}", "")
