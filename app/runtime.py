"""Process-wide tuning that keeps the window responsive while background threads work.

The window's thread shares the interpreter lock with the sync lanes, the pulls and the database writer.
Two things decide how long it waits for the lock when a clerk's queue of hundreds of cases drains:

- which thread the OS runs when the two cores are busy: background threads lower their own priority,
  so the window's thread is scheduled first and takes the lock at the next switch;
- full garbage collections: after start-up the heap holds some million long-lived objects (Qt bindings,
  SQLAlchemy, pypinyin's dictionaries), and a full collection walks all of them while holding the lock
  (a few hundred milliseconds). Freezing the heap once the window is up moves them out of the
  collector's sight; later garbage is collected as usual, and the frozen objects are handed back
  when the window closes (a logout), so nothing leaks across clerks.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading


def background_thread(niceness: int = 10) -> None:
    """Call first thing in a background thread (Linux-style per-thread niceness; elsewhere, or if the
    OS refuses, nothing changes)."""
    if not hasattr(os, "setpriority"):
        return
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


def freeze_heap() -> None:
    """Once the main window is up: collect, then freeze what survives."""
    gc.collect()
    gc.freeze()


def thaw_heap() -> None:
    """When the main window goes (logout): the frozen objects return to the collector, so a closed
    window's widgets caught in reference cycles are still freed."""
    gc.unfreeze()
