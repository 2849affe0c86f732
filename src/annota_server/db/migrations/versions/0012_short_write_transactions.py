"""Short write transactions: shape generations, signed sessions, operation heartbeats.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

``shapes.generation`` and ``jobs.shapes_generation`` let a large replacement of shapes be
written in batches and switched to at once (annota_server.staging); ``shape_stages`` holds the
replacements being written. ``operation_heartbeats`` keeps a running operation's heartbeat off
its ``operations`` row, which the operation's own transaction writes. ``users.session_epoch``
and ``sessions.epoch``/``revoked_at`` let a login store nothing (its token is signed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shapes_generation", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "shape_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shape_stages")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("shape_stages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shape_stages_created_at"), ["created_at"])
    op.create_table(
        "operation_heartbeats",
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=128), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operations.id"],
            name=op.f("fk_operation_heartbeats_operation_id_operations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("operation_id", name=op.f("pk_operation_heartbeats")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("operation_heartbeats")
    with op.batch_alter_table("shape_stages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shape_stages_created_at"))
    op.drop_table("shape_stages")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("epoch")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.drop_column("generation")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("shapes_generation")
