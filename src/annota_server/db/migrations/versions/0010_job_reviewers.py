"""Each job may name its reviewer.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-06

``jobs.reviewer_id`` names who accepts the job or sends it back; existing jobs have none (their
workspace's maintainers and owners review them, as before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewer_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_reviewer_id"), ["reviewer_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_jobs_reviewer_id_users"),
            "users",
            ["reviewer_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_jobs_reviewer_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_jobs_reviewer_id"))
        batch_op.drop_column("reviewer_id")
