"""store: one index on the cases for the list's date and status (created_at, status)

Revision ID: 0010
Revises: 0009

Every index on `cases` costs each decision a page of its commit. The case list filters by the day a case
was created, by status, or both, newest first: (created_at, status) serves all three. A date range is a
range of it, with the status read from the same entries; a status alone reads the whole index, which
holds ~50 bytes a case (about 5 MB for 100 000 cases), not the cases. Nothing queried `decided_at`
through (status, decided_at).
"""

from alembic import op


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cases_status_decided", table_name="cases")
    op.drop_index("ix_cases_created", table_name="cases")
    op.create_index("ix_cases_created_status", "cases", ["created_at", "status"])


def downgrade() -> None:
    op.drop_index("ix_cases_created_status", table_name="cases")
    op.create_index("ix_cases_created", "cases", ["created_at"])
    op.create_index("ix_cases_status_decided", "cases", ["status", "decided_at"])
