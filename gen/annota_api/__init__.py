"""A client library for accessing annota API

Generated from the API description; do not edit. `Client` is the transport, `api.<tag>.<operation>`
modules hold the operations and `models` the data types.
"""

from .client import AuthenticatedClient, Client, HttpResponse
from .errors import ApiError, Error, RequestTimeout, TransportError, UnexpectedStatus
from .types import UNSET, File, Response, Unset

__all__ = [
    "UNSET",
    "ApiError",
    "AuthenticatedClient",
    "Client",
    "Error",
    "File",
    "HttpResponse",
    "RequestTimeout",
    "Response",
    "TransportError",
    "UnexpectedStatus",
    "Unset",
]
