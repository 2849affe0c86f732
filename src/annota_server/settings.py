"""Server settings: command-line flags win over environment variables, which win over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ENV_DATABASE_URL = "ANNOTA_DATABASE_URL"
ENV_DATA_DIR = "ANNOTA_DATA_DIR"
ENV_VALIDATE_RESPONSES = "ANNOTA_VALIDATE_RESPONSES"
ENV_LOGIN_MAX_FAILURES = "ANNOTA_LOGIN_MAX_FAILURES"
ENV_LOGIN_LOCKOUT_SECONDS = "ANNOTA_LOGIN_LOCKOUT_SECONDS"
ENV_LOGIN_WINDOW_SECONDS = "ANNOTA_LOGIN_WINDOW_SECONDS"
ENV_LOGIN_MAX_FAILURES_PER_USER = "ANNOTA_LOGIN_MAX_FAILURES_PER_USER"
ENV_MAX_BODY_BYTES = "ANNOTA_MAX_BODY_BYTES"
ENV_SESSION_TTL_SECONDS = "ANNOTA_SESSION_TTL_SECONDS"
ENV_MAX_UPLOAD_BYTES = "ANNOTA_MAX_UPLOAD_BYTES"
ENV_OPERATION_WORKERS = "ANNOTA_OPERATION_WORKERS"
ENV_RESULT_TTL_SECONDS = "ANNOTA_RESULT_TTL_SECONDS"
ENV_OPERATION_STALE_SECONDS = "ANNOTA_OPERATION_STALE_SECONDS"
ENV_OPERATION_MAX_ATTEMPTS = "ANNOTA_OPERATION_MAX_ATTEMPTS"
ENV_OPERATION_STEP_DELAY = "ANNOTA_OPERATION_STEP_DELAY"
ENV_OPERATION_POLL_SECONDS = "ANNOTA_OPERATION_POLL_SECONDS"
ENV_METRICS = "ANNOTA_METRICS"
ENV_LOG_FORMAT = "ANNOTA_LOG_FORMAT"
ENV_STORAGE_URL = "ANNOTA_STORAGE_URL"
ENV_S3_ENDPOINT_URL = "ANNOTA_S3_ENDPOINT_URL"
ENV_STORAGE_REDIRECT = "ANNOTA_STORAGE_REDIRECT"
ENV_IMPORT_MAX_EXPANDED_BYTES = "ANNOTA_IMPORT_MAX_EXPANDED_BYTES"
ENV_IMPORT_MAX_RATIO = "ANNOTA_IMPORT_MAX_RATIO"
ENV_IMPORT_MAX_JSON_MEMORY = "ANNOTA_IMPORT_MAX_JSON_MEMORY"
ENV_HEADER_TIMEOUT_SECONDS = "ANNOTA_HEADER_TIMEOUT_SECONDS"
ENV_KEEP_ALIVE_SECONDS = "ANNOTA_KEEP_ALIVE_SECONDS"
ENV_BODY_TIMEOUT_SECONDS = "ANNOTA_BODY_TIMEOUT_SECONDS"
ENV_BODY_MIN_RATE = "ANNOTA_BODY_MIN_RATE"
ENV_MAX_CONNECTIONS = "ANNOTA_MAX_CONNECTIONS"
ENV_ORPHAN_GRACE_SECONDS = "ANNOTA_ORPHAN_GRACE_SECONDS"
ENV_ORPHAN_SWEEP_SECONDS = "ANNOTA_ORPHAN_SWEEP_SECONDS"
ENV_IDEMPOTENCY_RETENTION_SECONDS = "ANNOTA_IDEMPOTENCY_RETENTION_SECONDS"
ENV_SMTP_HOST = "ANNOTA_SMTP_HOST"
ENV_SMTP_PORT = "ANNOTA_SMTP_PORT"
ENV_SMTP_FROM = "ANNOTA_SMTP_FROM"
ENV_SMTP_USERNAME = "ANNOTA_SMTP_USERNAME"
ENV_SMTP_PASSWORD = "ANNOTA_SMTP_PASSWORD"
ENV_SMTP_STARTTLS = "ANNOTA_SMTP_STARTTLS"
ENV_RESET_TOKEN_SECONDS = "ANNOTA_RESET_TOKEN_SECONDS"
ENV_SECRET_KEY_FILE = "ANNOTA_SECRET_KEY_FILE"
ENV_WRITE_BATCH_ROWS = "ANNOTA_WRITE_BATCH_ROWS"
ENV_WEBHOOK_ALLOW_PRIVATE = "ANNOTA_WEBHOOK_ALLOW_PRIVATE"
ENV_WEBHOOK_TIMEOUT_SECONDS = "ANNOTA_WEBHOOK_TIMEOUT_SECONDS"
ENV_WEBHOOK_RETRY_BASE_SECONDS = "ANNOTA_WEBHOOK_RETRY_BASE_SECONDS"
ENV_WEBHOOK_RETRY_MAX_SECONDS = "ANNOTA_WEBHOOK_RETRY_MAX_SECONDS"
ENV_WEBHOOK_RETRY_WINDOW_SECONDS = "ANNOTA_WEBHOOK_RETRY_WINDOW_SECONDS"
ENV_WEBHOOK_MAX_BODY_BYTES = "ANNOTA_WEBHOOK_MAX_BODY_BYTES"
ENV_EVENT_RETENTION_SECONDS = "ANNOTA_EVENT_RETENTION_SECONDS"
ENV_EVENT_MAX_WAIT_SECONDS = "ANNOTA_EVENT_MAX_WAIT_SECONDS"


class ConfigurationError(Exception):
    """A setting is wrong, or names something unusable: the server cannot start (exit code 2)."""


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, not {raw!r}") from None


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None


def _bool_env(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything the server needs to know at start-up."""

    data_dir: Path = Path(".annota")
    """Where the SQLite file (``annota.db``) and, by default, ``storage/`` (the files) live."""
    database_url: str | None = None
    """SQLAlchemy URL; ``None`` means the SQLite file ``<data_dir>/annota.db``."""
    validate_responses: bool = False
    """Check every response against openapi.yaml (the tests turn it on; it costs time)."""
    login_max_failures: int = 5
    """Failed logins per username and client address (in the window) that lock that pair."""
    login_max_failures_per_user: int = 100
    """Failed logins per username from any address (in the window) that lock the username."""
    login_lockout_seconds: int = 60
    """How long a locked username (and address) is answered 429, with ``Retry-After``."""
    login_window_seconds: int = 900
    """Failed logins older than this no longer count towards a lockout."""
    max_body_bytes: int = 16 * 1024 * 1024
    """The limit of ordinary (JSON) request bodies: room for about 200,000 boxes in one PUT."""
    session_ttl_seconds: int = 14 * 24 * 3600
    """The lifetime of a login session (the token that logging in returns)."""
    max_upload_bytes: int = 1024**3
    """The limit of a multipart upload (assets, dataset imports): one request body."""
    operation_workers: int = 2
    """Worker threads per server process that run exports and imports; 0 runs none."""
    result_ttl_seconds: int = 24 * 3600
    """How long a finished operation's result can be downloaded before it is deleted."""
    operation_stale_seconds: int = 30
    """A running operation whose heartbeat is older than this belongs to a dead process."""
    operation_max_attempts: int = 2
    """How often an operation is started before a dead worker makes it fail for good."""
    operation_step_delay: float = 0.0
    """Seconds an operation sleeps between its steps; for tests and demos only (default 0)."""
    operation_poll_seconds: float = 0.5
    """How often an idle worker looks for queued operations without being woken (PostgreSQL
    wakes workers at once with NOTIFY; this is their fallback, and SQLite's only way)."""
    metrics: bool = False
    """Serve Prometheus metrics at ``/metrics`` (unauthenticated: keep it off the public proxy)."""
    storage_url: str | None = None
    """``file:///path`` or ``s3://bucket/optional/prefix``; None: ``<data_dir>/storage``."""
    s3_endpoint_url: str | None = None
    """The URL of an S3-compatible service (MinIO, Ceph RGW, ...); None: AWS S3."""
    storage_redirect: bool = False
    """Answer content downloads with a 307 to a presigned storage URL (S3 only)."""
    import_max_expanded_bytes: int = 4 * 1024**3
    """The total uncompressed size of an imported archive's members."""
    import_max_ratio: int = 100
    """Uncompressed bytes per compressed byte of an imported member (and per archive byte)."""
    import_max_json_memory: int = 256 * 1024 * 1024
    """What an imported JSON document may take in memory once parsed (estimated as it is read)."""
    header_timeout_seconds: float = 10.0
    """A request's headers must be complete this long after its first byte (or the connect)."""
    keep_alive_seconds: float = 5.0
    """An idle keep-alive connection is closed after this long."""
    body_timeout_seconds: float = 10.0
    """The longest wait for the next part of a request body, and the period its rate is taken."""
    body_min_rate: int = 1024
    """Bytes per second a request body must average once it has taken body_timeout_seconds."""
    max_connections: int = 1000
    """Connections one server process holds; beyond it new ones get 503 with Retry-After."""
    orphan_grace_seconds: int = 3600
    """A stored object no row refers to is deleted once it is this old (writes in flight)."""
    orphan_sweep_seconds: int = 600
    """How often the workers look for unreferenced stored objects (and once at start)."""
    idempotency_retention_seconds: int = 24 * 3600
    """How long the answer to a request with an ``Idempotency-Key`` is kept for its retries."""
    smtp_host: str | None = None
    """The mail server for self-service password resets; None (the default) turns them off."""
    smtp_port: int = 25
    """The mail server's port."""
    smtp_from: str = "annota@localhost"
    """The sender address of reset mails."""
    smtp_username: str | None = None
    """The mail server's login, when it wants one (with ``smtp_password``)."""
    smtp_password: str | None = None
    """The password of ``smtp_username``."""
    smtp_starttls: bool = False
    """Upgrade the mail connection with STARTTLS before logging in and sending."""
    reset_token_seconds: int = 3600
    """How long a password reset token from a mail works (once)."""
    secret_key_file: Path | None = None
    """The key file that encrypts secrets at rest; None: ``<data_dir>/secret.key``."""
    write_batch_rows: int = 5000
    """Rows a large replacement of shapes writes per transaction (bounds SQLite's write lock)."""
    webhook_allow_private: bool = False
    """Let webhooks post to loopback, private, link-local and other internal addresses
    (tests, on-premises receivers); off, since a server that posts anywhere is an SSRF tool."""
    webhook_timeout_seconds: float = 10.0
    """How long one webhook POST may take (connect and answer) before it counts as failed."""
    webhook_retry_base_seconds: float = 10.0
    """The wait before a failed delivery's first retry; it doubles each time (with jitter).
    0 retries at once (tests)."""
    webhook_retry_max_seconds: float = 3600.0
    """The longest wait between two attempts of one delivery."""
    webhook_retry_window_seconds: int = 24 * 3600
    """A delivery still failing this long after its first attempt is given up (``failed``)."""
    webhook_max_body_bytes: int = 256 * 1024
    """The largest event body a webhook is sent; a larger one is given up, not truncated."""
    event_retention_seconds: int = 7 * 24 * 3600
    """How long events stay in the feed (``GET /api/events``) and deliveries in a webhook's
    history."""
    event_max_wait_seconds: int = 30
    """The longest a feed request waits for an event (its ``wait`` is cut to this)."""

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from ``ANNOTA_*`` environment variables."""
        return cls(
            data_dir=Path(os.environ.get(ENV_DATA_DIR) or ".annota"),
            database_url=os.environ.get(ENV_DATABASE_URL) or None,
            validate_responses=_bool_env(ENV_VALIDATE_RESPONSES),
            login_max_failures=_int_env(ENV_LOGIN_MAX_FAILURES, 5),
            login_max_failures_per_user=_int_env(ENV_LOGIN_MAX_FAILURES_PER_USER, 100),
            login_lockout_seconds=_int_env(ENV_LOGIN_LOCKOUT_SECONDS, 60),
            login_window_seconds=_int_env(ENV_LOGIN_WINDOW_SECONDS, 900),
            max_body_bytes=_int_env(ENV_MAX_BODY_BYTES, 16 * 1024 * 1024),
            session_ttl_seconds=_int_env(ENV_SESSION_TTL_SECONDS, 14 * 24 * 3600),
            max_upload_bytes=_int_env(ENV_MAX_UPLOAD_BYTES, 1024**3),
            operation_workers=_int_env(ENV_OPERATION_WORKERS, 2),
            result_ttl_seconds=_int_env(ENV_RESULT_TTL_SECONDS, 24 * 3600),
            operation_stale_seconds=_int_env(ENV_OPERATION_STALE_SECONDS, 30),
            operation_max_attempts=_int_env(ENV_OPERATION_MAX_ATTEMPTS, 2),
            operation_step_delay=float(os.environ.get(ENV_OPERATION_STEP_DELAY, "").strip() or 0),
            operation_poll_seconds=float(
                os.environ.get(ENV_OPERATION_POLL_SECONDS, "").strip() or 0.5
            ),
            metrics=_bool_env(ENV_METRICS),
            storage_url=os.environ.get(ENV_STORAGE_URL, "").strip() or None,
            s3_endpoint_url=os.environ.get(ENV_S3_ENDPOINT_URL, "").strip() or None,
            storage_redirect=_bool_env(ENV_STORAGE_REDIRECT),
            import_max_expanded_bytes=_int_env(ENV_IMPORT_MAX_EXPANDED_BYTES, 4 * 1024**3),
            import_max_ratio=_int_env(ENV_IMPORT_MAX_RATIO, 100),
            import_max_json_memory=_int_env(ENV_IMPORT_MAX_JSON_MEMORY, 256 * 1024 * 1024),
            header_timeout_seconds=_float_env(ENV_HEADER_TIMEOUT_SECONDS, 10.0),
            keep_alive_seconds=_float_env(ENV_KEEP_ALIVE_SECONDS, 5.0),
            body_timeout_seconds=_float_env(ENV_BODY_TIMEOUT_SECONDS, 10.0),
            body_min_rate=_int_env(ENV_BODY_MIN_RATE, 1024),
            max_connections=_int_env(ENV_MAX_CONNECTIONS, 1000),
            orphan_grace_seconds=_int_env(ENV_ORPHAN_GRACE_SECONDS, 3600),
            orphan_sweep_seconds=_int_env(ENV_ORPHAN_SWEEP_SECONDS, 600),
            idempotency_retention_seconds=_int_env(ENV_IDEMPOTENCY_RETENTION_SECONDS, 24 * 3600),
            smtp_host=os.environ.get(ENV_SMTP_HOST, "").strip() or None,
            smtp_port=_int_env(ENV_SMTP_PORT, 25),
            smtp_from=os.environ.get(ENV_SMTP_FROM, "").strip() or "annota@localhost",
            smtp_username=os.environ.get(ENV_SMTP_USERNAME, "").strip() or None,
            smtp_password=os.environ.get(ENV_SMTP_PASSWORD) or None,
            smtp_starttls=_bool_env(ENV_SMTP_STARTTLS),
            reset_token_seconds=_int_env(ENV_RESET_TOKEN_SECONDS, 3600),
            secret_key_file=Path(os.environ[ENV_SECRET_KEY_FILE])
            if os.environ.get(ENV_SECRET_KEY_FILE, "").strip()
            else None,
            write_batch_rows=max(1, _int_env(ENV_WRITE_BATCH_ROWS, 5000)),
            webhook_allow_private=_bool_env(ENV_WEBHOOK_ALLOW_PRIVATE),
            webhook_timeout_seconds=_float_env(ENV_WEBHOOK_TIMEOUT_SECONDS, 10.0),
            webhook_retry_base_seconds=_float_env(ENV_WEBHOOK_RETRY_BASE_SECONDS, 10.0),
            webhook_retry_max_seconds=_float_env(ENV_WEBHOOK_RETRY_MAX_SECONDS, 3600.0),
            webhook_retry_window_seconds=_int_env(ENV_WEBHOOK_RETRY_WINDOW_SECONDS, 24 * 3600),
            webhook_max_body_bytes=_int_env(ENV_WEBHOOK_MAX_BODY_BYTES, 256 * 1024),
            event_retention_seconds=_int_env(ENV_EVENT_RETENTION_SECONDS, 7 * 24 * 3600),
            event_max_wait_seconds=_int_env(ENV_EVENT_MAX_WAIT_SECONDS, 30),
        )

    def with_overrides(
        self, *, database_url: str | None = None, data_dir: str | Path | None = None
    ) -> Settings:
        """Return a copy with the given command-line values applied (``None`` keeps the value)."""
        changed = self
        if database_url:
            changed = replace(changed, database_url=database_url)
        if data_dir:
            changed = replace(changed, data_dir=Path(data_dir))
        return changed

    @property
    def effective_secret_key_file(self) -> Path:
        """The key file that encrypts secrets at rest."""
        return self.secret_key_file or self.data_dir / "secret.key"

    @property
    def storage_dir(self) -> Path:
        """Where asset files and operation results are kept without a ``storage_url``."""
        return self.data_dir / "storage"

    @property
    def effective_database_url(self) -> str:
        """The database URL to connect to, defaulting to SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'annota.db').resolve()}"
