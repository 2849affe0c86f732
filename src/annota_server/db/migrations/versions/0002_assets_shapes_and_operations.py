"""Assets, shapes and operations; segment size and asset positions on tasks and jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Existing tasks get the default segment size (50) and no assets; existing jobs an empty range.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "operations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("input_key", sa.String(length=512), nullable=True),
        sa.Column("result_key", sa.String(length=512), nullable=True),
        sa.Column("result_size", sa.BigInteger(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_operations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_operations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_operations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operations")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_operations_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_operations_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_operations_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_operations_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_operations_status_created_at"), ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_operations_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=512), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_assets_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_assets_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_assets_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_assets_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint("task_id", "position", name=op.f("uq_assets_task_id_position")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assets_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_media_type"), ["media_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "shapes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("occluded", sa.Boolean(), nullable=False),
        sa.Column("z_order", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_shapes_asset_id_assets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_shapes_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name=op.f("fk_shapes_label_id_labels"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_shapes_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_shapes_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shapes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shapes_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shapes_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shapes_label_id"), ["label_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shapes_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shapes_task_id"), ["task_id"], unique=False)

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("start_position", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("stop_position", sa.Integer(), nullable=False, server_default="0")
        )

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("segment_size", sa.Integer(), nullable=False, server_default="50")
        )
        batch_op.add_column(
            sa.Column("asset_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("next_position", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("next_position")
        batch_op.drop_column("asset_count")
        batch_op.drop_column("segment_size")

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("stop_position")
        batch_op.drop_column("start_position")

    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shapes_task_id"))
        batch_op.drop_index(batch_op.f("ix_shapes_project_id"))
        batch_op.drop_index(batch_op.f("ix_shapes_label_id"))
        batch_op.drop_index(batch_op.f("ix_shapes_job_id"))
        batch_op.drop_index(batch_op.f("ix_shapes_asset_id"))

    op.drop_table("shapes")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_assets_task_id"))
        batch_op.drop_index(batch_op.f("ix_assets_project_id"))
        batch_op.drop_index(batch_op.f("ix_assets_name"))
        batch_op.drop_index(batch_op.f("ix_assets_media_type"))
        batch_op.drop_index(batch_op.f("ix_assets_job_id"))
        batch_op.drop_index(batch_op.f("ix_assets_created_at"))

    op.drop_table("assets")
    with op.batch_alter_table("operations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operations_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_operations_status_created_at"))
        batch_op.drop_index(batch_op.f("ix_operations_project_id"))
        batch_op.drop_index(batch_op.f("ix_operations_kind"))
        batch_op.drop_index(batch_op.f("ix_operations_expires_at"))
        batch_op.drop_index(batch_op.f("ix_operations_created_by_id"))

    op.drop_table("operations")
