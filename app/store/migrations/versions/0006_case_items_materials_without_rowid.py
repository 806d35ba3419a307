"""store: case items and materials kept in their primary key (WITHOUT ROWID)

Revision ID: 0006
Revises: 0005

Both tables are only ever read by (case_id, position), their primary key. As rowid tables each row lived
twice, in the table and in the key's index, so every decision wrote two pages per table; clustered on
the key it writes one. SQLite cannot change a table to WITHOUT ROWID in place: each table is rebuilt
under a temporary name, filled, and renamed, in the migration's one transaction. Nothing references
these tables, so dropping the old ones triggers no foreign-key action.
"""

import sqlalchemy as sa
from alembic import op


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = {
    "case_items": """
        case_id VARCHAR(32) NOT NULL,
        position INTEGER NOT NULL,
        item_code VARCHAR(64) NOT NULL,
        item_name VARCHAR(255) NOT NULL,
        department VARCHAR(128) NOT NULL,
        legal_limit_days INTEGER NOT NULL,
        legal_due DATE,
        promised_limit_days INTEGER NOT NULL,
        promised_due DATE,
        deadline_provisional BOOLEAN NOT NULL,""",
    "case_materials": """
        case_id VARCHAR(32) NOT NULL,
        position INTEGER NOT NULL,
        material_id VARCHAR(64) NOT NULL,
        name VARCHAR(255) NOT NULL,
        required BOOLEAN NOT NULL,
        form VARCHAR(32) NOT NULL,
        originals INTEGER NOT NULL,
        copies INTEGER NOT NULL,
        received BOOLEAN NOT NULL,
        pages INTEGER NOT NULL,
        e_licence_ref VARCHAR(128),
        item_codes JSON NOT NULL,""",
}


def _rebuild(table: str, *, rowid: bool) -> None:
    conn = op.get_bind()
    suffix = "" if rowid else " WITHOUT ROWID"
    conn.execute(
        sa.text(
            f"CREATE TABLE {table}_rebuilt ({_COLUMNS[table]}"
            " PRIMARY KEY (case_id, position),"
            " FOREIGN KEY(case_id) REFERENCES cases (id) ON DELETE CASCADE"
            f"){suffix}"
        )
    )
    conn.execute(sa.text(f"INSERT INTO {table}_rebuilt SELECT * FROM {table}"))  # noqa: S608
    conn.execute(sa.text(f"DROP TABLE {table}"))
    conn.execute(sa.text(f"ALTER TABLE {table}_rebuilt RENAME TO {table}"))


def upgrade() -> None:
    for table in _COLUMNS:
        _rebuild(table, rowid=False)


def downgrade() -> None:
    for table in _COLUMNS:
        _rebuild(table, rowid=True)
