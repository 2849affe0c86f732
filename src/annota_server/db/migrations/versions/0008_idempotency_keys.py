"""Stored answers of requests sent with an Idempotency-Key; TOTP secrets encrypted at rest.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06

``idempotency_keys`` keeps the first successful answer per key and user for a retention period
(``ANNOTA_IDEMPOTENCY_RETENTION_SECONDS``), so a retried POST or PATCH is answered again instead
of run twice.

The TOTP secret columns grow to hold Fernet tokens, and the secrets stored in clear are
encrypted with the server's key (when the server runs the migration; a migration run without
the key, by ``annota-server gc`` for example, leaves that to the server's next start).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from annota_server import secrets_at_rest

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_idempotency_keys_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_idempotency_keys_user_id_key")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_idempotency_keys_created_at"), "idempotency_keys", ["created_at"], unique=False
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        for column in ("totp_secret", "totp_pending_secret"):
            batch_op.alter_column(
                column, type_=sa.String(length=512), existing_type=sa.String(length=64)
            )
    if secrets_at_rest.installed():
        secrets_at_rest.encrypt_clear_secrets(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    # Secrets stay encrypted: a clear copy would need the key, and 64 characters do not hold
    # a token, so the columns keep their size.
    op.drop_index(op.f("ix_idempotency_keys_created_at"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
