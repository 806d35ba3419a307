"""Schema migrations with alembic, run programmatically at start-up when the schema is behind."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

log = logging.getLogger(__name__)

SCRIPTS = Path(__file__).with_name("migrations")


def _config() -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Back to an older revision (the migrations' own tests; a support engineer's last resort)."""
    _run(engine, "downgrade", revision)


def _run(engine: Engine, direction: str, revision: str) -> None:
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn  # type: ignore[attr-defined]
        getattr(command, direction)(config, revision)
    log.info("database schema %sd to %s", direction, revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head
