"""sync: number blocks, platform receipt, online verification

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_blocks",
        sa.Column("block_id", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=40), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("reserved_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("block_id"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("platform_received_at", sa.String(length=32), nullable=True))

    with op.batch_alter_table("clerks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_online_at", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clerks", schema=None) as batch_op:
        batch_op.drop_column("verified_online_at")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("platform_received_at")

    op.drop_table("number_blocks")
