"""annota: the Python SDK for the annota data-annotation platform.

    import annota

    with annota.make_client("localhost", port=8080, credentials=("alice", "secret")) as client:
        project = client.projects.create({"name": "cats", "type": "detection"})

The generated low-level layer is ``annota_api``; ``client.api`` reaches it with this
session's credentials.
"""

__version__ = "0.1.0"

from annota import errors  # noqa: E402
from annota.client import API_VERSION, Client, make_client  # noqa: E402
from annota.config import Config  # noqa: E402
from annota.connect import connect  # noqa: E402
from annota.errors import (  # noqa: E402
    AnnotaError,
    ApiError,
    ConflictError,
    NotFoundError,
    PreconditionFailedError,
    ValidationError,
)
from annota.paging import PagedList  # noqa: E402

__all__ = [
    "API_VERSION",
    "AnnotaError",
    "ApiError",
    "Client",
    "Config",
    "ConflictError",
    "NotFoundError",
    "PagedList",
    "PreconditionFailedError",
    "ValidationError",
    "__version__",
    "connect",
    "errors",
    "make_client",
]
