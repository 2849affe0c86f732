"""annota: the Python SDK for the annota data-annotation platform."""

__version__ = "0.1.0"
