"""Autogenerate a migration against a scratch database at the current head: new_migration.py REV "message"."""

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

rev_id, message = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    engine = create_engine(f"sqlite:///{tmp}/scratch.db")
    config = Config()
    config.set_main_option("script_location", str(ROOT / "app/store/migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
