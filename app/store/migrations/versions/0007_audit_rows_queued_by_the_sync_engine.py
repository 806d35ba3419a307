"""security: audit rows are queued for the platform by the sync engine, not in their own transaction

Revision ID: 0007
Revises: 0006

Until now every audit row got its outbox row when it was appended, so every row already in the trail is
queued: the mark `audit.queued` starts at the newest row.
"""

import sqlalchemy as sa
from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    newest = conn.execute(sa.text("SELECT max(id) FROM audit_log")).scalar()
    if newest is not None:
        conn.execute(
            sa.text(
                "INSERT INTO meta (key, value) VALUES ('audit.queued', :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"value": str(newest)},
        )


def downgrade() -> None:
    """Revision 0006 queues rows as it appends them: queue what this one had not queued yet."""
    conn = op.get_bind()
    queued = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'audit.queued'")).scalar()
    conn.execute(
        sa.text(
            "INSERT INTO outbox (lane, kind, aggregate_id, idempotency_key, payload, state, attempts, "
            "next_attempt_at, last_error, created_at, updated_at) "
            "SELECT 'audit', 'submit_audit', 'audit', 'audit:' || id, '{\"seq\": ' || id || '}', 'ready', 0, "
            "at, '', at, at FROM audit_log WHERE id > :queued ORDER BY id"
        ),
        {"queued": int(queued or 0)},
    )
    conn.execute(sa.text("DELETE FROM meta WHERE key = 'audit.queued'"))
