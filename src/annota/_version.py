"""The release of annota: the one place that defines it (pyproject.toml reads it from here).

A module of its own so that the client can read it without importing the package's
``__init__``, which imports the client's neighbours.
"""

__version__ = "0.1.0"
"""The version of this annota release (the SDK, the command and the server share it)."""
