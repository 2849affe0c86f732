"""annota: the Python SDK for the annota data-annotation platform.

    import annota

    with annota.make_client("localhost", port=8080, credentials=("alice", "secret")) as client:
        project = client.projects.create({"name": "cats", "type": "detection"})

The generated low-level layer is ``annota_api``; ``client.api`` reaches it with this
session's credentials.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annota import errors
from annota._version import __version__
from annota.config import Config

# Not lazy: importing the submodule `annota.connect` (say, for resolve_credentials) would
# bind the module to `annota.connect` and hide the function. The module itself is cheap.
from annota.connect import connect
from annota.errors import (
    AnnotaError,
    ApiError,
    ConflictError,
    LossyExportWarning,
    NotFoundError,
    PreconditionFailedError,
    ValidationError,
)

if TYPE_CHECKING:
    from annota.aio import AsyncClient
    from annota.client import API_VERSION, Client, make_client
    from annota.paging import PagedList
    from annota.progress import (
        NullProgressReporter,
        ProgressReporter,
        RichProgressReporter,
        TqdmProgressReporter,
    )

# The client (and, through it, urllib3 and the generated operations) is imported on first
# use: `import annota` stays cheap for scripts that only need, say, the errors.
_LAZY = {
    "API_VERSION": "annota.client",
    "AsyncClient": "annota.aio",
    "Client": "annota.client",
    "make_client": "annota.client",
    "PagedList": "annota.paging",
    "ProgressReporter": "annota.progress",
    "NullProgressReporter": "annota.progress",
    "RichProgressReporter": "annota.progress",
    "TqdmProgressReporter": "annota.progress",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'annota' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "API_VERSION",
    "AnnotaError",
    "ApiError",
    "AsyncClient",
    "Client",
    "Config",
    "ConflictError",
    "LossyExportWarning",
    "NotFoundError",
    "NullProgressReporter",
    "PagedList",
    "PreconditionFailedError",
    "ProgressReporter",
    "RichProgressReporter",
    "TqdmProgressReporter",
    "ValidationError",
    "__version__",
    "connect",
    "errors",
    "make_client",
]
