"""Widgets on a real workspace (keystore, SQLCipher store, catalogue sample) in a temp data directory."""

from tests.integration.services.conftest import clerk, clock, workspace

__all__ = ["clerk", "clock", "workspace"]
