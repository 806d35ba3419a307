"""Official case numbers: blocks reserved from the platform while online, issued offline at the desk.

When no block is left the case keeps only its local (provisional) number; the platform's official number
is attached later, with an audit row linking the two.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store import audit
from app.store.fastpath import Tx, raw_driver_connection
from app.store.models import Case, NumberBlock


def add_block(
    session: Session, *, block_id: str, prefix: str, first: int, last: int, at: dt.datetime
) -> None:
    if session.get(NumberBlock, block_id) is not None:
        return  # a replayed reservation
    width = max(6, len(str(last)))
    session.add(
        NumberBlock(
            block_id=block_id, prefix=prefix, next_seq=first, last_seq=last, width=width, reserved_at=at
        )
    )
    session.flush()


_TAKE = (
    "UPDATE number_blocks SET next_seq = next_seq + 1 WHERE block_id = ("
    " SELECT block_id FROM number_blocks WHERE next_seq <= last_seq ORDER BY reserved_at, block_id LIMIT 1"
    ") RETURNING prefix, next_seq - 1, width"
)


def take_official(session: Tx) -> str | None:
    """The next unused official number, oldest block first; None when every block is used up.

    One statement on the accept-commit path (see app.store.fastpath)."""
    row = raw_driver_connection(session).execute(_TAKE).fetchone()
    if row is None:
        return None
    prefix, sequence, width = row
    return f"{prefix}{sequence:0{width}d}"


def remaining(session: Session) -> int:
    total = session.scalar(
        select(func.sum(NumberBlock.last_seq - NumberBlock.next_seq + 1)).where(
            NumberBlock.next_seq <= NumberBlock.last_seq
        )
    )
    return int(total or 0)


def blocks_reserved(session: Session) -> int:
    return int(session.scalar(select(func.count(NumberBlock.block_id))) or 0)


def attach_official(session: Session, case_id: str, official: str, *, at: dt.datetime) -> bool:
    """Give a provisionally numbered case the platform's number; True when something changed."""
    current = session.execute(select(Case.official_number, Case.number).where(Case.id == case_id)).one()
    if current.official_number == official:
        return False
    case = session.get_one(Case, case_id)
    previous = case.official_number
    case.official_number = official
    audit.append(
        session,
        at=at,
        actor="platform",
        action="case.official_number",
        subject=case.number,
        official=official,
        replaced=previous,
    )
    return True
