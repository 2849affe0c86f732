"""Registered models and their versions, predictions tied to a version, stored evaluations.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

``models`` and ``model_versions`` form the registry (a version's free metadata, the dataset
version it was trained on, its artifact in the storage); ``shapes.model_version_id`` names the
version that made a prediction (``model_name`` stays as it was); ``evaluations`` keeps an
evaluation's figures and ``evaluation_assets`` its per-asset counts, worst first by ``errors``;
``ground_truth_jobs`` and ``ground_truth_shapes`` keep samples of a task's assets annotated apart
by a trusted person (annotation quality and agreement are measured against them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _user(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["created_by_id"],
        ["users.id"],
        name=op.f(f"fk_{table}_created_by_id_users"),
        ondelete="SET NULL",
    )


def _workspace(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"],
        ["workspaces.id"],
        name=op.f(f"fk_{table}_workspace_id_workspaces"),
        ondelete="CASCADE",
    )


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _user("models"),
        _workspace("models"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_models")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_models_workspace_id_name")),
        sqlite_autoincrement=True,
    )
    _indexes("models", "workspace_id", "created_by_id")
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("dataset_version_id", sa.Integer(), nullable=True),
        sa.Column("artifact_key", sa.String(length=512), nullable=True),
        sa.Column("artifact_name", sa.String(length=256), nullable=True),
        sa.Column("artifact_size", sa.BigInteger(), nullable=True),
        sa.Column("artifact_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _user("model_versions"),
        _workspace("model_versions"),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["models.id"],
            name=op.f("fk_model_versions_model_id_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_version_id"],
            ["dataset_versions.id"],
            name=op.f("fk_model_versions_dataset_version_id_dataset_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_versions")),
        sa.UniqueConstraint("model_id", "name", name=op.f("uq_model_versions_model_id_name")),
        sqlite_autoincrement=True,
    )
    _indexes(
        "model_versions",
        "model_id",
        "workspace_id",
        "dataset_version_id",
        "created_by_id",
        "created_at",
    )
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("model_version_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_shapes_model_version_id"), ["model_version_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_shapes_model_version_id_model_versions"),
            "model_versions",
            ["model_version_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("model_version_id", sa.Integer(), nullable=True),
        sa.Column("ground_truth", sa.String(length=32), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("iou", sa.Float(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("asset_count", sa.Integer(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user("evaluations"),
        _workspace("evaluations"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_evaluations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["model_version_id"],
            ["model_versions.id"],
            name=op.f("fk_evaluations_model_version_id_model_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sqlite_autoincrement=True,
    )
    _indexes(
        "evaluations",
        "project_id",
        "workspace_id",
        "model_version_id",
        "created_by_id",
        "created_at",
    )
    op.create_table(
        "evaluation_assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("true_positives", sa.Integer(), nullable=False),
        sa.Column("false_positives", sa.Integer(), nullable=False),
        sa.Column("misses", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("shapes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_evaluation_assets_evaluation_id_evaluations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_assets")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("evaluation_assets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_assets_evaluation_id"), ["evaluation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evaluation_assets_evaluation_id_errors_id"),
            ["evaluation_id", "errors", "id"],
            unique=False,
        )

    op.create_table(
        "ground_truth_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("assets", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_ground_truth_jobs_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_ground_truth_jobs_project_id_projects"),
            ondelete="CASCADE",
        ),
        _workspace("ground_truth_jobs"),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["users.id"],
            name=op.f("fk_ground_truth_jobs_assignee_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ground_truth_jobs")),
        sqlite_autoincrement=True,
    )
    _indexes("ground_truth_jobs", "task_id", "project_id", "workspace_id", "assignee_id")
    op.create_table(
        "ground_truth_shapes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.Column("mask", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["ground_truth_jobs.id"],
            name=op.f("fk_ground_truth_shapes_job_id_ground_truth_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_ground_truth_shapes_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"],
            ["labels.id"],
            name=op.f("fk_ground_truth_shapes_label_id_labels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ground_truth_shapes")),
        sqlite_autoincrement=True,
    )
    _indexes("ground_truth_shapes", "job_id", "asset_id", "label_id")


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("ground_truth_shapes")
    op.drop_table("ground_truth_jobs")
    op.drop_table("evaluation_assets")
    op.drop_table("evaluations")
    with op.batch_alter_table("shapes", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_shapes_model_version_id_model_versions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_shapes_model_version_id"))
        batch_op.drop_column("model_version_id")
    op.drop_table("model_versions")
    op.drop_table("models")
