"""The login window comes up before the heavy layers load: a structural guard for cold start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
sys.path.insert(0, {root!r})
from app.settings import load_settings
from app.ui.application import create_application
from app.ui.launcher import Launcher
settings = load_settings(demo=True)
app = create_application([], fonts_dir=settings.fonts_dir, i18n_dir=settings.fonts_dir, language="zh_CN")
launcher = Launcher(settings)
heavy = sorted(m for m in ("sqlalchemy", "alembic", "reportlab", "pypinyin", "sqlcipher3", "keyring") if m in sys.modules)
print(",".join(heavy))
"""


def test_constructing_the_login_window_imports_no_storage_or_pdf_code(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "YC_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == ""
