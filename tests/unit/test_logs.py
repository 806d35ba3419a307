"""Logs and crash reports keep personal data out at every level: ID-like numbers masked, exception
messages (which can hold a name) withheld; and the suite's final PII scan finds what it looks for."""

from __future__ import annotations

import errno
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import crash, logs
from app.domain.errors import EnvironmentFailure, FailureKind
from tests.support import pii

NAME, ID_NUMBER, PHONE = pii.register("上官婉清", "330106199511110028", "13588886666")


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "logs"
    logs.configure(directory, logging.DEBUG)
    yield directory
    logs.reset()


def _log_text(directory: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (directory / logs.LOG_FILE).read_text(encoding="utf-8")


def _raise_with_personal_data() -> None:
    try:
        {}[NAME]
    except KeyError as exc:
        raise ValueError(f"could not file {NAME} {ID_NUMBER} {PHONE}") from exc


def test_messages_are_masked_and_tracebacks_carry_no_exception_messages(log_dir: Path) -> None:
    log = logging.getLogger("app.test")
    log.debug("number %s phone %s", ID_NUMBER, PHONE)
    try:
        _raise_with_personal_data()
    except ValueError:
        log.exception("filing failed")
    text = _log_text(log_dir)
    assert "3301**********0028" in text
    assert "135****6666" in text
    assert "KeyError: <message withheld" in text
    assert "ValueError: <message withheld" in text
    assert "The above exception led to the following one" in text
    assert "_raise_with_personal_data" in text  # the frames are there for whoever fixes it
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret not in text


def test_environment_failures_and_os_errors_keep_what_helps_and_drop_file_names(log_dir: Path) -> None:
    log = logging.getLogger("app.test")
    for exc in (
        EnvironmentFailure(FailureKind.DISK_FULL, f"/home/{NAME}.pdf"),
        OSError(errno.ENOSPC, "No space left on device", f"/tmp/{NAME}.pdf"),
        RuntimeError(),
    ):
        try:
            raise exc
        except Exception:
            log.exception("writing failed")
    text = _log_text(log_dir)
    assert "app.domain.errors.EnvironmentFailure: disk_full" in text
    assert "OSError: [Errno 28] No space left on device" in text
    assert "RuntimeError\n" in text
    assert NAME not in text


def test_another_formatters_rendering_of_the_traceback_is_not_reused(log_dir: Path) -> None:
    try:
        _raise_with_personal_data()
    except ValueError:
        record = logging.getLogger("app.test").makeRecord(
            "app.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    logging.Formatter().format(record)  # e.g. a test runner's handler, first in line
    assert NAME in (record.exc_text or "")
    assert NAME not in logs.RedactingFormatter().format(record)


def test_crash_reports_hold_frames_and_types_only(tmp_path: Path) -> None:
    try:
        _raise_with_personal_data()
    except ValueError as exc:
        path = crash.write_report(tmp_path, exc)
    assert path.parent == tmp_path / "crash"
    text = path.read_text(encoding="utf-8")
    assert "crash report" in text
    assert "ValueError: <message withheld" in text
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret not in text


def test_the_hooks_write_a_report_for_the_main_thread_and_for_worker_threads(tmp_path: Path) -> None:
    saved = sys.excepthook, threading.excepthook
    crash.install(tmp_path)
    try:
        try:
            _raise_with_personal_data()
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        worker = threading.Thread(target=_raise_with_personal_data, name="worker-under-test")
        worker.start()
        worker.join()
    finally:
        sys.excepthook, threading.excepthook = saved
    reports = sorted((tmp_path / "crash").glob("crash-*.txt"))
    assert len(reports) == 2
    texts = [r.read_text(encoding="utf-8") for r in reports]
    assert any("thread: worker-under-test" in t for t in texts)
    assert pii.scan_logs(tmp_path, [NAME, ID_NUMBER, PHONE]) == []


def test_the_level_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(logs.LEVEL_VARIABLE, "warning")
    assert logs.level_from_environment(logging.INFO) == logging.WARNING
    monkeypatch.setenv(logs.LEVEL_VARIABLE, "nonsense")
    assert logs.level_from_environment(logging.INFO) == logging.INFO
    monkeypatch.delenv(logs.LEVEL_VARIABLE)
    assert logs.level_from_environment(logging.INFO) == logging.INFO


def test_the_final_scan_finds_planted_personal_data(tmp_path: Path) -> None:
    """The session's scan (tests/conftest.py) can fail: the same search finds the values when they are
    there, in each encoding. (The planted file's name is not one the session scan looks at.)"""
    planted = tmp_path / "planted-workstation.txt"
    planted.write_bytes(NAME.encode("gbk") + b" " + ID_NUMBER.encode("utf-16-le") + PHONE.encode())
    hits = pii.scan_logs(tmp_path, [NAME, ID_NUMBER, PHONE], patterns=("planted-*.txt",))
    assert all(any(repr(secret) in hit for hit in hits) for secret in (NAME, ID_NUMBER, PHONE))
    assert pii.scan_logs(tmp_path, [NAME]) == []  # the real patterns do not match it
    assert set(pii.LOG_PATTERNS) >= {"workstation.log*", "crash-*.txt"}
