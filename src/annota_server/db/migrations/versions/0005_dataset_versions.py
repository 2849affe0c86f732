"""Frozen dataset versions: dataset_versions, version_assets, version_shapes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

A version copies a project's assets and shapes into rows of its own (no key to the live rows,
which may be deleted); its images are content-addressed blobs in the storage.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "dataset_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("frozen", sa.JSON(), nullable=False),
        sa.Column("asset_count", sa.Integer(), nullable=False),
        sa.Column("shape_count", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_dataset_versions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_dataset_versions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_dataset_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_versions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("dataset_versions", schema=None) as batch_op:
        for column in ("created_at", "created_by_id", "project_id", "workspace_id"):
            batch_op.create_index(
                batch_op.f(f"ix_dataset_versions_{column}"), [column], unique=False
            )
    op.create_table(
        "version_assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["dataset_versions.id"],
            name=op.f("fk_version_assets_version_id_dataset_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_assets")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("version_assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_version_assets_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_version_assets_version_id_task_id_position"),
            ["version_id", "task_id", "position"],
            unique=False,
        )
    op.create_table(
        "version_shapes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("version_asset_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("occluded", sa.Boolean(), nullable=False),
        sa.Column("z_order", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_asset_id"],
            ["version_assets.id"],
            name=op.f("fk_version_shapes_version_asset_id_version_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["dataset_versions.id"],
            name=op.f("fk_version_shapes_version_id_dataset_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_shapes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("version_shapes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_version_shapes_version_asset_id"), ["version_asset_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_version_shapes_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("version_shapes")
    op.drop_table("version_assets")
    op.drop_table("dataset_versions")
