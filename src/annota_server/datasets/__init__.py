"""Dataset export and import, one module per format (``coco``, ``cvat``, ``labelstudio``...).

The workers call :func:`export_dataset` and :func:`import_dataset`; both report progress and
stop on cancellation through the :class:`~annota_server.datasets.base.OperationRun` they get.
"""

from annota_server.datasets.base import DatasetError, Interrupted, OperationRun, Outcome
from annota_server.datasets.exporter import export_dataset
from annota_server.datasets.importer import import_dataset

FORMATS = ("coco", "annota", "yolo", "voc", "cvat", "labelstudio")

__all__ = [
    "FORMATS",
    "DatasetError",
    "Interrupted",
    "OperationRun",
    "Outcome",
    "export_dataset",
    "import_dataset",
]
