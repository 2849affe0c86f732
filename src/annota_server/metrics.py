"""Prometheus metrics, served at ``/metrics`` when ``ANNOTA_METRICS=1``.

What is measured:

- ``annota_http_requests_total{operation,method,status}`` and
  ``annota_http_request_duration_seconds{operation,method,status}``: every request, labelled by
  the operationId of openapi.yaml (``unrouted`` for paths outside the contract) so that the
  label set stays small whatever ids the paths carry;
- ``annota_operations{status}``: queued and running operations, counted in the database when
  scraped, so every process (and host) reports the same shared queue;
- ``annota_operation_duration_seconds{kind,outcome}``: operations this process ran;
- ``annota_storage_errors_total{action}``: storage calls that raised;
- ``annota_database_errors_total{error}``: database errors, by SQLAlchemy's class name.

With several processes (``annota-server run --workers N``) the values live in files under
``PROMETHEUS_MULTIPROC_DIR`` (prometheus-client's multiprocess mode), and any process's
``/metrics`` sums them. The variable must be set before this module is imported; the
``annota-server`` command does that.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import event, func, select

from annota_server.db.engine import Database
from annota_server.db.models import Operation
from annota_server.storage import Storage, Stored, TooLarge

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
OPERATION_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 4 * 3600.0)


class Metrics:
    """The instruments of one process (created once: see :func:`enable`)."""

    def __init__(self) -> None:
        # Our own registry: the global one would add process metrics that are wrong when
        # several processes share the files of multiprocess mode.
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "annota_http_requests_total",
            "HTTP requests answered, by operationId, method and status.",
            ["operation", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "annota_http_request_duration_seconds",
            "Time to answer an HTTP request, by operationId, method and status.",
            ["operation", "method", "status"],
            buckets=REQUEST_BUCKETS,
            registry=self.registry,
        )
        self.operations = Histogram(
            "annota_operation_duration_seconds",
            "Run time of the exports and imports this process ran, by kind and outcome.",
            ["kind", "outcome"],
            buckets=OPERATION_BUCKETS,
            registry=self.registry,
        )
        self.storage_errors = Counter(
            "annota_storage_errors_total",
            "Storage calls that failed, by action.",
            ["action"],
            registry=self.registry,
        )
        self.database_errors = Counter(
            "annota_database_errors_total",
            "Database errors, by SQLAlchemy exception class.",
            ["error"],
            registry=self.registry,
        )
        # The labelled children of a request, cached: ``labels()`` takes a lock and builds keys.
        self._request_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self._lock = threading.Lock()

    def observe_request(self, operation: str, method: str, status: int, seconds: float) -> None:
        """Count one answered request and its duration."""
        key = (operation, method, status)
        children = self._request_children.get(key)
        if children is None:
            with self._lock:
                labels = (operation, method, str(status))
                children = (self.requests.labels(*labels), self.latency.labels(*labels))
                self._request_children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def observe_operation(self, kind: str, outcome: str, seconds: float) -> None:
        """Record how long an operation ran and how it ended."""
        self.operations.labels(kind, outcome).observe(seconds)

    def instrument_database(self, database: Database) -> None:
        """Count the errors of ``database``'s engine."""

        def on_error(context: Any) -> None:
            self.database_errors.labels(type(context.sqlalchemy_exception).__name__).inc()

        event.listen(database.engine, "handle_error", on_error)

    def counted_storage(self, storage: Storage) -> Storage:
        """Wrap ``storage`` so that its failures are counted."""
        return CountedStorage(storage, self.storage_errors)


_metrics: Metrics | None = None
_enable_lock = threading.Lock()


def enable() -> Metrics:
    """Create this process's instruments (once) and return them."""
    global _metrics
    with _enable_lock:
        if _metrics is None:
            disable_created_metrics()  # type: ignore[no-untyped-call]  # `_created` series: noise
            _metrics = Metrics()
        return _metrics


def current() -> Metrics | None:
    """The instruments of this process, or ``None`` when metrics are off."""
    return _metrics


class Scrape(Collector):
    """What a scrape reports: every process's instruments and the shared queue."""

    def __init__(self, metrics: Metrics, database: Database) -> None:
        self.metrics = metrics
        self.database = database

    def collect(self) -> Iterator[Metric]:
        """Yield the instruments (summed over processes in multiprocess mode), then the queue."""
        path = os.environ.get(MULTIPROC_ENV)
        if path:
            # Untyped in prometheus-client; it reads every process's files at each scrape.
            collector = MultiProcessCollector(None, path)  # type: ignore[no-untyped-call]
            yield from collector.collect()  # type: ignore[no-untyped-call]
        else:
            yield from self.metrics.registry.collect()
        yield from self._queue()

    def _queue(self) -> Iterator[Metric]:
        """``annota_operations{status}``, counted in the database; nothing when it is down."""
        counts = {"queued": 0, "running": 0}
        try:
            with self.database.session(write=False) as db, db.begin():
                rows = db.execute(
                    select(Operation.status, func.count())
                    .where(Operation.status.in_(list(counts)))
                    .group_by(Operation.status)
                ).all()
        except Exception:  # counted by the engine's error hook; the rest of the scrape goes on
            return
        gauge = GaugeMetricFamily(
            "annota_operations",
            "Operations in the shared queue, by status (queued, running).",
            labels=["status"],
        )
        for status, count in rows:
            counts[status] = count
        for status, count in counts.items():
            gauge.add_metric([status], count)
        yield gauge


def exposition(metrics: Metrics, database: Database) -> Callable[[], bytes]:
    """Return a function that renders a scrape in Prometheus's text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(Scrape(metrics, database))

    def render() -> bytes:
        return generate_latest(registry)

    return render


class CountedStorage:
    """A :class:`Storage` that counts the failures of the one it wraps."""

    def __init__(self, inner: Storage, errors: Counter) -> None:
        self.inner = inner
        self._errors = errors

    def _failed(self, action: str) -> None:
        self._errors.labels(action).inc()

    def write(self, key: str, stream: BinaryIO, *, limit: int | None = None) -> Stored:
        """Write ``key`` (an over-long stream is the client's fault, not a storage error)."""
        try:
            return self.inner.write(key, stream, limit=limit)
        except TooLarge:
            raise
        except Exception:
            self._failed("write")
            raise

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """Yield the bytes of ``key``."""
        try:
            yield from self.inner.read(key, start, stop)
        except GeneratorExit:
            raise
        except Exception:
            self._failed("read")
            raise

    def open(self, key: str) -> BinaryIO:
        """Open ``key`` for reading."""
        try:
            return self.inner.open(key)
        except Exception:
            self._failed("open")
            raise

    def size(self, key: str) -> int:
        """The size of ``key``."""
        try:
            return self.inner.size(key)
        except Exception:
            self._failed("size")
            raise

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds content."""
        try:
            return self.inner.exists(key)
        except Exception:
            self._failed("exists")
            raise

    def delete(self, key: str) -> None:
        """Remove ``key``."""
        try:
            self.inner.delete(key)
        except Exception:
            self._failed("delete")
            raise

    def delete_prefix(self, prefix: str) -> None:
        """Remove every key under ``prefix``."""
        try:
            self.inner.delete_prefix(prefix)
        except Exception:
            self._failed("delete_prefix")
            raise

    def download_url(self, key: str, *, filename: str) -> str | None:
        """A short-lived URL of ``key`` in the storage, or None."""
        try:
            return self.inner.download_url(key, filename=filename)
        except Exception:
            self._failed("download_url")
            raise

    def __getattr__(self, name: str) -> Any:
        # Anything a storage offers beyond the protocol (presigned URLs...) passes through.
        return getattr(self.inner, name)
