"""Mask shapes: a shape's mask (COCO RLE with its box and area), in shapes and version shapes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Existing shapes are not masks and get none (NULL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    for table in ("shapes", "version_shapes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("mask", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    for table in ("version_shapes", "shapes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("mask")
