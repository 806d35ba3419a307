"""store: two b-trees fewer on every decision (case numbers from the cases, one outbox queue index)

Revision ID: 0009
Revises: 0008

Every b-tree a decision writes to costs its commit a page or more. Two of them were redundant:

- `case_sequences` kept each terminal's last number of the day beside the cases that carry the numbers.
  The next number is now the day's highest in the index on `cases.number` plus one, read in the
  decision's transaction (under the write lock), so the table goes. Its rows agree with the cases: a
  number was only ever taken in the transaction that inserted its case.
- The outbox had an index for its lanes (lane, state, next_attempt_at) and one for the order within a
  case (aggregate_id, id). One index on (lane, state, aggregate_id, id) serves both: a lane's ready rows
  are a range of it, and a case's earlier undelivered rows a seek per lane and state.

The downgrade rebuilds `case_sequences` from the case numbers (terminal-YYYYMMDD-sequence).
"""

import sqlalchemy as sa
from alembic import op


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_outbox_aggregate", table_name="outbox")
    op.drop_index("ix_outbox_lane_state", table_name="outbox")
    op.create_index("ix_outbox_lane_state_aggregate", "outbox", ["lane", "state", "aggregate_id", "id"])
    op.drop_table("case_sequences")


def downgrade() -> None:
    op.create_table(
        "case_sequences",
        sa.Column("terminal", sa.String(length=12), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("terminal", "day"),
    )
    # A number ends in -YYYYMMDD-NNNNN (15 characters) after the terminal code.
    op.execute(
        "INSERT INTO case_sequences (terminal, day, last_sequence) "
        "SELECT substr(number, 1, length(number) - 15), "
        "substr(number, -14, 4) || '-' || substr(number, -10, 2) || '-' || substr(number, -8, 2), "
        "max(CAST(substr(number, -5) AS INTEGER)) FROM cases GROUP BY 1, 2"
    )
    op.drop_index("ix_outbox_lane_state_aggregate", table_name="outbox")
    op.create_index("ix_outbox_lane_state", "outbox", ["lane", "state", "next_attempt_at"])
    op.create_index("ix_outbox_aggregate", "outbox", ["aggregate_id", "id"])
