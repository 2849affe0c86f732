"""Client settings: timeouts, retries, TLS and the server-version policy."""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["Config"]


@dataclass(frozen=True, slots=True)
class Config:
    """How a :class:`~annota.Client` talks to the server.

    Frozen, so one Config can be shared; use :meth:`replace` for a variant.

    ``timeout`` and ``connect_timeout`` bound each attempt, not the call: a request that
    times out is retried, so one call can take up to ``retries + 1`` timeouts plus the
    backoff between them (``timeout=5, retries=3``: over 20 s). ``deadline`` bounds the
    whole call, retries and backoff included.

    Attributes:
        timeout: Seconds to wait for the server's answer (read timeout), per attempt.
        connect_timeout: Seconds to wait for a connection, per attempt.
        deadline: Seconds one call may take in all, every attempt and backoff included;
            when it passes the call raises :class:`~annota.errors.APITimeoutError`. None:
            no limit.
        retries: How many times an idempotent request is retried after a connection
            error or a 429/502/503/504 answer. Non-idempotent requests (POST, PATCH)
            are never retried once sent.
        backoff_factor: Base of the exponential backoff between retries, in seconds.
        backoff_max: Longest wait between two retries, in seconds. An answer whose
            ``Retry-After`` asks for longer is not retried: its error carries ``retry_after``.
        verify_ssl: Verify the server's TLS certificate (keep it on outside tests).
        ca_cert: Path to a CA bundle to verify the server with.
        proxy_url: Send requests through this HTTP(S) proxy.
        page_size: Items fetched per request when listing.
        allow_unsupported_server: Only warn, instead of raising
            :class:`~annota.errors.IncompatibleServerError`, when the server's API major
            version differs from the SDK's.
        pool_maxsize: Connections kept open per host (raise it for many threads).

    """

    timeout: float = 60.0
    connect_timeout: float = 10.0
    retries: int = 3
    backoff_factor: float = 0.5
    backoff_max: float = 30.0
    verify_ssl: bool = True
    ca_cert: str | None = None
    proxy_url: str | None = None
    page_size: int = 100
    allow_unsupported_server: bool = False
    pool_maxsize: int = 10
    deadline: float | None = None

    def replace(self, **changes: object) -> Config:
        """Return a copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
