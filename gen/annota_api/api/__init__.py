"""The API operations, one package per tag and one module per operation."""

API_VERSION = "1.1.0"
"""The version of openapi.yaml this package was generated from (its `info.version`)."""
