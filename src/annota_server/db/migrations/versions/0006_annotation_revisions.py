"""A revision for each job's annotations, with who changed them last and when.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

``jobs.annotations_revision`` is the version of a job's annotations (their ETag, apart from the
job's own ``version``); every write touching the job's assets bumps it. Existing jobs start at 0
with nobody recorded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("annotations_revision", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("annotations_updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("annotations_updated_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_jobs_annotations_updated_by_id"),
            ["annotations_updated_by_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_jobs_annotations_updated_by_id_users"),
            "users",
            ["annotations_updated_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_jobs_annotations_updated_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_jobs_annotations_updated_by_id"))
        batch_op.drop_column("annotations_updated_at")
        batch_op.drop_column("annotations_updated_by_id")
        batch_op.drop_column("annotations_revision")
