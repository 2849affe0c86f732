"""Typed attributes: the attributes a label declares (a JSON list).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

Existing labels declare none (an empty list), so their shapes keep taking any attribute.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attributes", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.drop_column("attributes")
