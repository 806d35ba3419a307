"""security: audit chain hash per row, chain anchor, audit rows queued for the platform

Revision ID: 0005
Revises: 0004

Existing rows were chained with SHA-256 (alg 'sha256'). The anchor (meta audit.head) starts at the
current last row, and every existing row is queued for the platform (outbox lane 'audit'), so the trail
written before this version reaches the platform too.
"""

import json

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alg", sa.String(length=8), server_default="sha256", nullable=False))

    conn = op.get_bind()
    last = conn.execute(sa.text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).fetchone()
    if last is not None:  # an empty trail gets its anchor with its first row
        head = {"seq": last[0], "hash": last[1], "alg": "sha256"}
        conn.execute(
            sa.text(
                "INSERT INTO meta (key, value) VALUES ('audit.head', :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"value": json.dumps(head, sort_keys=True)},
        )
    conn.execute(
        sa.text(
            "INSERT INTO outbox (lane, kind, aggregate_id, idempotency_key, payload, state, attempts, "
            "next_attempt_at, last_error, created_at, updated_at) "
            "SELECT 'audit', 'submit_audit', 'audit', 'audit:' || id, '{\"seq\": ' || id || '}', 'ready', 0, "
            "at, '', at, at FROM audit_log ORDER BY id"
        )
    )


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM outbox WHERE lane = 'audit'"))
    conn.execute(sa.text("DELETE FROM meta WHERE key IN ('audit.head', 'audit.platform_confirmed')"))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("alg")
