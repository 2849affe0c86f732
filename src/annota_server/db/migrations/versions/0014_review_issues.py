"""Review issues pinned to a region or a shape of a job's asset, and their comments.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

``review_issues`` holds each issue (its job, asset, optional shape, region and message, and
whether it is resolved); ``issue_comments`` the answers to it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_ISSUE_INDEXES = (
    "job_id",
    "asset_id",
    "task_id",
    "project_id",
    "workspace_id",
    "shape_id",
    "author_id",
    "resolved",
    "resolved_by_id",
    "created_at",
    "updated_at",
)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "review_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("shape_id", sa.Integer(), nullable=True),
        sa.Column("region_kind", sa.String(length=8), nullable=True),
        sa.Column("region_points", sa.JSON(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("review_issues", "job_id", "jobs", "CASCADE"),
        _fk("review_issues", "asset_id", "assets", "CASCADE"),
        _fk("review_issues", "task_id", "tasks", "CASCADE"),
        _fk("review_issues", "project_id", "projects", "CASCADE"),
        _fk("review_issues", "workspace_id", "workspaces", "CASCADE"),
        _fk("review_issues", "shape_id", "shapes", "SET NULL"),
        _fk("review_issues", "author_id", "users", "SET NULL"),
        _fk("review_issues", "resolved_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_issues")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("review_issues", schema=None) as batch_op:
        for column in _ISSUE_INDEXES:
            batch_op.create_index(batch_op.f(f"ix_review_issues_{column}"), [column], unique=False)
    op.create_table(
        "issue_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("issue_comments", "issue_id", "review_issues", "CASCADE"),
        _fk("issue_comments", "author_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_comments")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("issue_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_comments_issue_id"), ["issue_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_issue_comments_author_id"), ["author_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("issue_comments")
    op.drop_table("review_issues")
