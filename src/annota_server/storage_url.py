"""The storage that the settings name (``ANNOTA_STORAGE_URL``): a local directory or S3.

Apart from :mod:`storage`, which both implementations build on, so that neither module has
to import the other.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from annota_server.settings import ConfigurationError, Settings
from annota_server.storage import LocalStorage, Storage


def open_storage(settings: Settings) -> Storage:
    """The storage that ``settings.storage_url`` names, checked to be usable.

    Raises:
        ConfigurationError: the URL is not understood, the bucket is missing, or the
            credentials are refused; one line that says which.

    """
    url = settings.storage_url
    if not url:
        return LocalStorage(settings.storage_dir)
    scheme = urlsplit(url).scheme
    if scheme == "file":
        parsed = urlsplit(url)
        if parsed.netloc not in {"", "localhost"}:
            raise ConfigurationError(f"a file storage URL names no host: {url!r} (file:///path)")
        return LocalStorage(Path(unquote(parsed.path)))
    if scheme == "s3":
        # Imported here: boto3 takes a while to import and local storage never needs it.
        from annota_server.s3_storage import S3Storage

        storage = S3Storage.from_url(url, endpoint_url=settings.s3_endpoint_url)
        storage.check()
        return storage
    raise ConfigurationError(
        f"the storage URL {url!r} is neither file:///path nor s3://bucket/prefix"
    )
