"""The tables, as SQLAlchemy 2 declarative models.

Every table that backs an API object has a ``version`` column that SQLAlchemy bumps on each
UPDATE (and checks, so concurrent writers cannot silently overwrite each other); ETags are built
from it. Tables use ``sqlite_autoincrement`` so that ids, and hence ETags, are never reused.
Tasks, jobs and labels carry their project's ``workspace_id`` (projects never move), which turns
"what may the caller see" into one indexed comparison.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from annota_server.secrets_at_rest import EncryptedString


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store UTC; SQLite gets a naive value since it cannot keep the zone."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Mark naive values from SQLite as UTC."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (Alembic needs them on SQLite)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


_AUTOINC = {"sqlite_autoincrement": True}


class User(Base):
    """A user account."""

    __tablename__ = "users"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    first_name: Mapped[str] = mapped_column(String(150), default="")
    last_name: Mapped[str] = mapped_column(String(150), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    two_factor_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString())
    totp_pending_secret: Mapped[str | None] = mapped_column(EncryptedString())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    """The time step of the last one-time code accepted: a code is good for one use."""
    date_joined: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_login: Mapped[datetime | None] = mapped_column()
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Signed session tokens name the epoch they were issued in; revoking sessions bumps it."""
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Workspace(Base):
    """A space that owns projects; each user also has a personal one."""

    __tablename__ = "workspaces"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(256), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    is_personal: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}


class Membership(Base):
    """A user's role in a workspace."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    workspace: Mapped[Workspace] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}


class Project(Base):
    """An annotation project inside a workspace."""

    __tablename__ = "projects"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(256), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    workspace: Mapped[Workspace] = relationship(lazy="joined", innerjoin=True)
    labels: Mapped[list[Label]] = relationship(lazy="selectin", order_by="Label.id", viewonly=True)

    __mapper_args__ = {"version_id_col": version}


class Label(Base):
    """A label of a project; names are unique per project."""

    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("project_id", "name"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(128), index=True)
    color: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(16), default="any", index=True)
    # The attributes its shapes take (see annota_server.attributes); empty: any.
    attributes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Task(Base):
    """A task in a project."""

    __tablename__ = "tasks"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(256), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    subset: Mapped[str] = mapped_column(String(64), default="", index=True)
    segment_size: Mapped[int] = mapped_column(Integer, default=50)
    asset_count: Mapped[int] = mapped_column(Integer, default=0)
    """Kept with each upload and delete, so lists need no count per task."""
    next_position: Mapped[int] = mapped_column(Integer, default=0)
    """Where the next uploaded asset goes; positions of deleted assets are not reused."""
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    assignee: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class Job(Base):
    """A unit of annotation work inside a task."""

    __tablename__ = "jobs"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16), default="annotation", index=True)
    state: Mapped[str] = mapped_column(String(16), default="new", index=True)
    start_position: Mapped[int] = mapped_column(Integer, default=0)
    stop_position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The annotations' own version (their ETag), apart from ``version``: saving shapes is not
    # an edit of the job, and editing the job must not make an open annotation editor stale.
    annotations_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    annotations_updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    annotations_updated_at: Mapped[datetime | None] = mapped_column(default=None)
    # The generation of shapes readers see on this job: a shape is live when its
    # ``generation`` equals it (see annota_server.staging: a large replacement is written
    # under a new generation, a batch per transaction, then switched to in one short one).
    shapes_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    assignee: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[assignee_id])
    reviewer: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[reviewer_id])
    annotations_updated_by: Mapped[User | None] = relationship(
        lazy="joined", foreign_keys=[annotations_updated_by_id]
    )

    __mapper_args__ = {"version_id_col": version}


class Asset(Base):
    """A file of a task; its content lives in the storage under ``storage_key``."""

    __tablename__ = "assets"
    __table_args__ = (UniqueConstraint("task_id", "position"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(256), index=True)
    media_type: Mapped[str] = mapped_column(String(128), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Shape(Base):
    """An annotation on an asset. ``points`` and ``attributes`` are JSON lists."""

    __tablename__ = "shapes"
    # Re-running a model replaces its predictions on a batch of a task's assets: one indexed
    # DELETE by (task, model, asset).
    __table_args__ = (Index(None, "task_id", "model_name", "asset_id"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[list[float]] = mapped_column(JSON, default=list)
    # A mask's {size, counts (compressed RLE), bbox, area}; NULL for every other kind.
    mask: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    attributes: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    occluded: Mapped[bool] = mapped_column(Boolean, default=False)
    z_order: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    # Only predictions (source "model") carry a score (0..1) and the model's name.
    score: Mapped[float | None] = mapped_column(Float, nullable=True, default=None)
    model_name: Mapped[str | None] = mapped_column(String(128), nullable=True, default=None)
    # The registered model version that made a prediction (NULL when none was named).
    model_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL"), index=True, default=None
    )
    # Live when equal to its job's ``shapes_generation``; otherwise staged or superseded.
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ShapeStage(Base):
    """A replacement of shapes being written: its id is the generation its rows carry.

    Deleted when the replacement is switched to (or given up); one older than the orphan grace
    belongs to a dead process, and the workers' sweep deletes its rows.
    """

    __tablename__ = "shape_stages"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Operation(Base):
    """A long-running operation (export or import), queued in the database for the workers.

    A worker claims a queued row (``claimed_by``, ``heartbeat_at``) and keeps the heartbeat
    fresh while it runs; a running row whose heartbeat went stale belongs to a dead process
    and is queued again (up to ``attempts``) or failed.
    """

    __tablename__ = "operations"
    __table_args__ = (Index(None, "status", "created_at"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), index=True)
    format: Mapped[str] = mapped_column(String(16))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    input_key: Mapped[str | None] = mapped_column(String(512))
    """The uploaded archive of an import, in the storage."""
    result_key: Mapped[str | None] = mapped_column(String(512))
    result_size: Mapped[int | None] = mapped_column(BigInteger)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column(index=True)

    created_by: Mapped[User | None] = relationship(lazy="joined")


class OperationHeartbeat(Base):
    """The last sign of life of a running operation's process, apart from the operation's row.

    A row of its own so that the heartbeat never writes a row the operation's own transaction
    writes (PostgreSQL's REPEATABLE READ would fail that transaction for it).
    """

    __tablename__ = "operation_heartbeats"

    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True
    )
    worker: Mapped[str] = mapped_column(String(128))
    beat_at: Mapped[datetime] = mapped_column()


class AuthSession(Base):
    """A login session; only the SHA-256 of its token is stored."""

    __tablename__ = "sessions"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The user's session epoch this session is valid in (a kept session moves to the new one)."""
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    """Set by a logout: the token's signature alone must no longer let it in."""


class AccessToken(Base):
    """A personal access token; only the SHA-256 of its secret is stored."""

    __tablename__ = "access_tokens"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class IdempotentRequest(Base):
    """The first successful answer to a request sent with an ``Idempotency-Key``, for replays.

    A row with ``status`` 0 is a request still running: its transaction inserted the row first,
    so a concurrent duplicate waits for it (see :mod:`annota_server.idempotency`).
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the method, path, query and body: a retry must be the same request."""
    status: Mapped[int] = mapped_column(Integer, default=0)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    created_at: Mapped[datetime] = mapped_column(index=True)


class CloudStorage(Base):
    """An S3-compatible bucket (and prefix) a workspace registered, whose objects assets reference.

    ``credentials`` is the access key pair sealed by :mod:`annota_server.secrets_at_rest`:
    it is never serialized, logged or named in an error.
    """

    __tablename__ = "cloud_storages"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(128))
    bucket: Mapped[str] = mapped_column(String(63))
    prefix: Mapped[str] = mapped_column(String(512), default="")
    endpoint_url: Mapped[str | None] = mapped_column(String(512))
    region: Mapped[str | None] = mapped_column(String(64))
    credentials: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ReviewIssue(Base):
    """A reviewer's remark pinned to a region or a shape of a job's asset.

    ``region_points`` keeps where it is pinned (the shape's box when pinned to a shape), so the
    pin stays put when the shape is deleted and ``shape_id`` becomes NULL.
    """

    __tablename__ = "review_issues"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    # Indexed: every bulk delete of shapes sets the references to them to NULL.
    shape_id: Mapped[int | None] = mapped_column(
        ForeignKey("shapes.id", ondelete="SET NULL"), index=True
    )
    region_kind: Mapped[str | None] = mapped_column(String(8))
    region_points: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    message: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    resolved_at: Mapped[datetime | None] = mapped_column()
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[resolved_by_id])

    __mapper_args__ = {"version_id_col": version}


class IssueComment(Base):
    """An answer to a review issue."""

    __tablename__ = "issue_comments"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("review_issues.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


class LoginFailure(Base):
    """One failed login; counted per username and client to throttle guessing (all processes)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index(None, "username", "failed_at"),
        Index(None, "username", "client", "failed_at"),
        _AUTOINC,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150))
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")
    """The client's address ("" when unknown)."""
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)


class PasswordReset(Base):
    """A single-use reset token sent by mail (password or two-factor); only its hash is kept."""

    __tablename__ = "password_resets"
    __table_args__ = (_AUTOINC,)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16), default="password")
    """What the token resets: ``password`` or ``two_factor``."""
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    """When the token set a password; a used token never works again."""


class DatasetVersion(Base):
    """A frozen copy of a project's labels, tasks, assets and shapes (``version_*`` rows).

    Nothing refers back to the project's live rows except ``project_id``: tasks and labels are
    kept in ``frozen`` (a few rows each), assets and shapes in their own tables, and images in
    content-addressed blobs (``storage_keys.version_blob``), so later edits change nothing.
    """

    __tablename__ = "dataset_versions"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text, default="")
    frozen: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The project's name and type, its labels and its tasks when the version was made."""
    asset_count: Mapped[int] = mapped_column(Integer, default=0)
    shape_count: Mapped[int] = mapped_column(Integer, default=0)
    manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    created_by: Mapped[User | None] = relationship(lazy="joined")


class VersionAsset(Base):
    """An asset as a version froze it; its content is the blob of its ``sha256``."""

    __tablename__ = "version_assets"
    __table_args__ = (Index(None, "version_id", "task_id", "position"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("dataset_versions.id", ondelete="CASCADE"))
    asset_id: Mapped[int] = mapped_column(Integer)
    """The asset's id in the project (no key: the asset may be deleted)."""
    task_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(256))
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class VersionShape(Base):
    """A shape as a version froze it (the shape columns listed in ``VERSION_SHAPE_FIELDS``)."""

    __tablename__ = "version_shapes"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="CASCADE"), index=True
    )
    version_asset_id: Mapped[int] = mapped_column(
        ForeignKey("version_assets.id", ondelete="CASCADE"), index=True
    )
    label_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[list[float]] = mapped_column(JSON, default=list)
    # A mask's {size, counts (compressed RLE), bbox, area}; NULL for every other kind.
    mask: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    attributes: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    occluded: Mapped[bool] = mapped_column(Boolean, default=False)
    z_order: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16), default="manual")


VERSION_SHAPE_FIELDS: tuple[str, ...] = tuple(
    column.name
    for column in VersionShape.__table__.columns
    if column.name not in {"id", "version_id", "version_asset_id"}
    and column.name in Shape.__table__.columns
)
"""The shape columns a version copies: every column both tables have (a new shape column is
kept once ``version_shapes`` has it too)."""


class Event(Base):
    """One change, written in the transaction that made it (the outbox; see ``events.py``).

    Its id is the feed's cursor: ids are taken in commit order (``events.py`` says how), so
    a reader that saw id ``n`` never later finds a smaller one. No foreign keys: the record of
    a deletion outlives what it names, until the retention period ends.
    """

    __tablename__ = "events"
    __table_args__ = (Index(None, "workspace_id", "id"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    workspace_id: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(Integer)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Webhook(Base):
    """A URL that is sent the events of a workspace (or of one of its projects).

    ``cursor`` is the last event id the worker has turned into deliveries for it; a new
    webhook starts at the newest event, so it is sent what happens from then on.
    """

    __tablename__ = "webhooks"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(Text, default="")
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    secret: Mapped[str] = mapped_column(EncryptedString())
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WebhookDelivery(Base):
    """One event (or ping) to be sent to one webhook; retries keep its ``delivery_id``.

    ``status``: queued (waiting for its turn or its next attempt), delivering (claimed by a
    worker until ``locked_until``), succeeded, failed (given up).
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index(None, "webhook_id", "status", "id"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(Integer)
    event_kind: Mapped[str] = mapped_column(String(64))
    delivery_id: Mapped[str] = mapped_column(String(36), unique=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    locked_until: Mapped[datetime | None] = mapped_column()
    redelivery_of: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column()


class WebhookAttempt(Base):
    """One POST of a delivery: the answer's status (or the error), time taken, first bytes."""

    __tablename__ = "webhook_attempts"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    response_excerpt: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")


class Model(Base):
    """A registered model of a workspace; its trained states are :class:`ModelVersion` rows."""

    __tablename__ = "models"
    __table_args__ = (UniqueConstraint("workspace_id", "name"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    created_by: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class ModelVersion(Base):
    """One trained state of a model: free metadata, the dataset version it learnt from, a file."""

    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("model_id", "name"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("models.id", ondelete="CASCADE"), index=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(256))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    dataset_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="SET NULL"), index=True
    )
    artifact_key: Mapped[str | None] = mapped_column(String(512))
    artifact_name: Mapped[str | None] = mapped_column(String(256))
    artifact_size: Mapped[int | None] = mapped_column(BigInteger)
    artifact_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    model: Mapped[Model] = relationship(lazy="joined", innerjoin=True)
    created_by: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class Evaluation(Base):
    """A model version's predictions compared with ground truth; ``results`` holds the figures."""

    __tablename__ = "evaluations"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    model_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL"), index=True
    )
    ground_truth: Mapped[str] = mapped_column(String(32))
    """``reviewed``, or the dataset version's id as text."""
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    """False while its operation writes its assets (hidden; removed if the operation fails)."""
    iou: Mapped[float] = mapped_column(Float)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    asset_count: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """AP, AP50, AP75, precision, recall, per-label figures and the confusion matrix."""
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    created_by: Mapped[User | None] = relationship(lazy="joined")


class EvaluationAsset(Base):
    """One asset's true positives, false positives and misses in an evaluation."""

    __tablename__ = "evaluation_assets"
    __table_args__ = (Index(None, "evaluation_id", "errors", "id"), _AUTOINC)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    asset_id: Mapped[int] = mapped_column(Integer)
    """The asset's id in the project (no key: the asset may be deleted later)."""
    name: Mapped[str] = mapped_column(String(256))
    true_positives: Mapped[int] = mapped_column(Integer, default=0)
    false_positives: Mapped[int] = mapped_column(Integer, default=0)
    misses: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    """false positives + misses: what "worst first" sorts by."""
    shapes: Mapped[dict[str, list[Any]]] = mapped_column(JSON, default=dict)
    """``{matched, unmatched, missed, pairs}``: the shape ids of each; ``pairs`` holds
    ``[prediction, truth]`` id pairs (absent from rows stored before it was kept)."""


class GroundTruthJob(Base):
    """A sample of a task's assets annotated apart by a trusted person, to measure others by.

    Its shapes (:class:`GroundTruthShape`) are kept beside the task's own, so the task's
    annotations, exports and versions never see them.
    """

    __tablename__ = "ground_truth_jobs"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assets: Mapped[list[int]] = mapped_column(JSON, default=list)
    """The sampled assets' ids, in position order."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    assignee: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class GroundTruthShape(Base):
    """A shape of a ground-truth job."""

    __tablename__ = "ground_truth_shapes"
    __table_args__ = _AUTOINC

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(
        ForeignKey("ground_truth_jobs.id", ondelete="CASCADE"), index=True
    )
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[list[float]] = mapped_column(JSON, default=list)
    mask: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
