"""SIGPIPE stays harmless in this process, whatever a C library does to its disposition.

CPython ignores SIGPIPE so that a write to a closed socket raises BrokenPipeError. SANE's thread helper
(sanei_thread, used by backends that read in a thread) puts SIGPIPE back to its default action from the
reader thread, for the whole process: after a scan, a sync request cut by the platform killed the app
(seen in the test suite as exit 141 during the network chaos test, after the scanner tests). Blocking
SIGPIPE in the main thread before any other thread starts makes every later thread inherit the block,
so a kernel SIGPIPE is never delivered and the write fails with EPIPE as Python expects.
"""

from __future__ import annotations

import signal


def shield_sigpipe() -> None:
    """Call first thing in the main thread (threads started afterwards inherit the signal mask)."""
    if not hasattr(signal, "pthread_sigmask") or not hasattr(signal, "SIGPIPE"):  # Windows: no SIGPIPE
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPIPE})
