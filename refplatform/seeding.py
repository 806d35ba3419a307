"""Puts the configured seed data into an empty database (at start-up and after an admin reset)."""

from __future__ import annotations

import json
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from refplatform.config import PlatformConfig
from refplatform.models import Clerk, ElicenceRow, Enrollment, PreApplicationRow, Setting, Terminal
from refplatform.passwords import hash_password


def apply_seed(session: Session, config: PlatformConfig) -> None:
    """Insert what the seed lists and the database lacks (a restart keeps existing rows as they are)."""
    seed = config.seed
    for clerk in seed.clerks:
        if session.get(Clerk, clerk.login) is None:
            session.add(
                Clerk(
                    login=clerk.login,
                    password_hash=hash_password(clerk.password, config.password_cost),
                    display_name=clerk.display_name,
                    role=clerk.role,
                    disabled=clerk.locked,
                    failed_logins=0,
                    locked_until=0.0,
                )
            )
    for terminal in seed.terminals:
        if session.get(Terminal, terminal.code) is None:
            session.add(
                Terminal(
                    code=terminal.code,
                    number_prefix=terminal.number_prefix,
                    hostname=terminal.hostname,
                    public_key_pem="",
                    next_number=1,
                    last_change_seq=0,
                )
            )
    for enrollment in seed.enrollments:
        if session.get(Enrollment, enrollment.token) is None:
            session.add(
                Enrollment(
                    token=enrollment.token, uses_left=enrollment.uses, terminal_code=enrollment.terminal_code
                )
            )
    for licence in seed.elicences:
        if session.get(ElicenceRow, licence.licence_id) is None:
            session.add(ElicenceRow(**asdict(licence)))
    for pre in seed.pre_applications:
        if session.get(PreApplicationRow, pre.number) is None:
            body = json.dumps(asdict(pre), ensure_ascii=False)
            session.add(PreApplicationRow(number=pre.number, holder_id=pre.applicant["id_number"], body=body))
    if session.scalar(select(Setting).where(Setting.name == "client_version")) is None:
        session.add(Setting(name="client_version", value=json.dumps(asdict(seed.client_version))))
