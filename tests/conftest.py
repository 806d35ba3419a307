"""Shared fixtures: every test runs with its own data, settings and keystore in temp dirs, and fails on
leaked threads and stray top-level widgets (Qt warnings fail through qt_log_level_fail)."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Widget tests run on the offscreen platform unless a test asks for Xvfb explicitly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The whole suite logs at DEBUG, the app started as a process included (app.logs reads this), and at
# the end every log file and crash report is searched for the personal data the tests used.
os.environ["YC_LOG_LEVEL"] = "DEBUG"
SUITE_LOG = "suite-debug.log"

# As main.py does before any thread starts: SANE's reader threads reset SIGPIPE for the whole process.
from app.signals import shield_sigpipe  # noqa: E402

shield_sigpipe()


@pytest.fixture(scope="session", autouse=True)
def suite_debug_log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Everything any test logs, at DEBUG, through the app's own formatter, into one file."""
    from app.logs import RedactingFormatter

    path = tmp_path_factory.getbasetemp() / "suite-logs" / SUITE_LOG
    path.parent.mkdir(exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield path
    root.removeHandler(handler)
    handler.close()


@pytest.fixture(autouse=True)
def debug_logging() -> None:
    """A test that configured the app's logging (INFO) does not lower the level for the tests after it."""
    logging.getLogger().setLevel(logging.DEBUG)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a log file or crash report written anywhere in it holds seeded personal data."""
    from tests.support.pii import SEEDED, scan_logs

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    base = factory.getbasetemp()
    hits = scan_logs(base, SEEDED)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if hits:
        if reporter is not None:
            reporter.section("personal data in logs or crash reports", red=True)
            for hit in hits[:50]:
                reporter.line(hit)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        reporter.line(
            f"PII scan: {len(SEEDED)} seeded values, none in the logs or crash reports under {base}"
        )


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every directory the app or its libraries could touch at a fresh temp dir."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in {
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "share",
        "XDG_CACHE_HOME": "cache",
        "XDG_STATE_HOME": "state",
        "XDG_RUNTIME_DIR": "runtime",
    }.items():
        (home / sub).mkdir(mode=0o700)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("YC_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("YC_SITE_CONFIG", str(home / "site.toml"))
    # Calls that pass their own environ (without YC_SITE_CONFIG) must not read this machine's
    # /etc/yichuang/site.toml either.
    import app.settings

    monkeypatch.setattr(app.settings, "system_site_path", lambda *_a, **_k: home / "system-site.toml")
    # A file keystore under XDG_DATA_HOME (outside the data dir) that survives a process restart.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    import keyring.core

    keyring.core.init_backend()  # keyring picks its backend once per process; re-pick for this test
    return home


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    leaked: list[threading.Thread] = []
    while time.monotonic() < deadline:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not leaked:
            return
        time.sleep(0.02)
    pytest.fail(f"test leaked threads: {[t.name for t in leaked]}")


@pytest.fixture(autouse=True)
def no_stray_widgets(request: pytest.FixtureRequest) -> Iterator[None]:
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from app.ui.qt import QtCore, QtWidgets

    before = set(QtWidgets.QApplication.topLevelWidgets())
    yield
    app = QtWidgets.QApplication.instance()
    assert app is not None
    for _ in range(3):
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        app.processEvents()
    stray = [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if w not in before and w.isVisible() and not isinstance(w, QtWidgets.QMenu)
    ]
    for widget in stray:
        widget.close()
        widget.deleteLater()
    if stray:
        pytest.fail(f"test left top-level widgets open: {[type(w).__name__ for w in stray]}")
