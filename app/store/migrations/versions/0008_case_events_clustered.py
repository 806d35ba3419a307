"""store: a case's timeline kept in its key (WITHOUT ROWID)

Revision ID: 0008
Revises: 0007

The timeline is only ever read by case, in order. As a rowid table with an index on case_id, every event
written cost two pages (the table's and the index's); clustered on (case_id, id) it costs one. `id`
becomes the event's number in its case's timeline: rows already there keep their ids (which already
ordered each case's events), and a new event takes the case's highest id plus one. Rebuilt like 0006:
under a temporary name, filled, renamed, in the migration's one transaction.
"""

import sqlalchemy as sa
from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = """
        id INTEGER NOT NULL,
        case_id VARCHAR(32) NOT NULL,
        from_status VARCHAR(32) NOT NULL,
        to_status VARCHAR(32) NOT NULL,
        actor_kind VARCHAR(16) NOT NULL,
        actor_id VARCHAR(64) NOT NULL,
        at VARCHAR(32) NOT NULL,
        reason TEXT NOT NULL,"""
_FOREIGN_KEY = " FOREIGN KEY(case_id) REFERENCES cases (id) ON DELETE CASCADE"


def _replace(create: str, fill: str) -> None:
    conn = op.get_bind()
    conn.execute(sa.text(create))
    conn.execute(sa.text(fill))
    conn.execute(sa.text("DROP TABLE case_events"))
    conn.execute(sa.text("ALTER TABLE case_events_rebuilt RENAME TO case_events"))


def upgrade() -> None:
    _replace(
        f"CREATE TABLE case_events_rebuilt ({_COLUMNS} PRIMARY KEY (case_id, id),{_FOREIGN_KEY}) WITHOUT ROWID",
        "INSERT INTO case_events_rebuilt SELECT * FROM case_events",
    )


def downgrade() -> None:
    """Ids unique across cases again, numbered in the order the events happened."""
    _replace(
        f"CREATE TABLE case_events_rebuilt ({_COLUMNS} PRIMARY KEY (id),{_FOREIGN_KEY})",
        "INSERT INTO case_events_rebuilt SELECT row_number() OVER (ORDER BY at, case_id, id), case_id, "
        "from_status, to_status, actor_kind, actor_id, at, reason FROM case_events",
    )
    op.create_index("ix_case_events_case_id", "case_events", ["case_id"], unique=False)
