"""The two kinds of failure: a broken rule (DomainError) and a failed environment (EnvironmentFailure).

A bug is anything else; it is logged and reported, and the data already committed stays safe.
"""

from __future__ import annotations

from enum import StrEnum


class DomainError(Exception):
    """A domain rule was broken, e.g. an illegal case transition or a malformed case number."""


class FailureKind(StrEnum):
    """What failed around us; the UI turns each kind into a Chinese message saying what to do."""

    DISK_FULL = "disk_full"
    DISK_READ_ONLY = "disk_read_only"
    KEYSTORE_UNAVAILABLE = "keystore_unavailable"
    KEY_MISSING = "key_missing"
    KEY_WRONG = "key_wrong"
    DATABASE_CORRUPT = "database_corrupt"
    DEVICE_UNAVAILABLE = "device_unavailable"
    NETWORK_UNAVAILABLE = "network_unavailable"
    CONFIGURATION_INVALID = "configuration_invalid"
    ALREADY_RUNNING = "already_running"  # another workstation process holds the data directory


class EnvironmentFailure(Exception):
    """The environment failed (disk, keystore, device, network); the clerk or IT staff can act on it."""

    def __init__(self, kind: FailureKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
