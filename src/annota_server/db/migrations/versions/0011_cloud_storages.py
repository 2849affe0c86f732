"""Buckets a workspace registers, whose objects assets reference without copying them.

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-06

``cloud_storages`` holds each registered S3-compatible bucket and prefix with its credentials,
sealed (encrypted) by the server. An asset of such a bucket keeps ``bucket/<storage id>/<ETag>/
<object key>`` as its storage key, so no column of ``assets`` changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "cloud_storages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("bucket", sa.String(length=63), nullable=False),
        sa.Column("prefix", sa.String(length=512), nullable=False),
        sa.Column("endpoint_url", sa.String(length=512), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("credentials", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_cloud_storages_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cloud_storages")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("cloud_storages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cloud_storages_workspace_id"), ["workspace_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("cloud_storages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cloud_storages_workspace_id"))
    op.drop_table("cloud_storages")
