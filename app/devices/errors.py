"""Device failures that are the environment's, not a protocol's: a port that is gone or never was."""

from __future__ import annotations


class TransportError(Exception):
    """The port could not be opened, or failed mid-transfer (unplugged, missing, no permission)."""
