"""Model predictions: a shape's score and the name of the model that made it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

Existing shapes are people's or imports' and get neither (NULL). The index on (task, model,
asset) serves replacing one model's predictions on a batch of a task's assets.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("model_name", sa.String(length=128), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_shapes_task_id_model_name_asset_id"),
            ["task_id", "model_name", "asset_id"],
            unique=False,
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shapes_task_id_model_name_asset_id"))
        batch_op.drop_column("model_name")
        batch_op.drop_column("score")
