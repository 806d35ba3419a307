"""The master key in the OS keystore (through keyring), and the subkeys derived from it.

One random 256-bit master key per installation; the database and the attachment files get separate
subkeys (HKDF), so that neither use can weaken the other.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain.errors import EnvironmentFailure, FailureKind

log = logging.getLogger(__name__)

SERVICE = "yichuang-workstation"
KEY_BYTES = 32


@dataclass(frozen=True)
class DataKeys:
    database: bytes
    attachments: bytes

    @classmethod
    def derive(cls, master: bytes) -> DataKeys:
        return cls(_hkdf(master, b"yc/sqlcipher/v1"), _hkdf(master, b"yc/attachments/v1"))


def _hkdf(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(master)


class KeyStore:
    """Reads and creates the master key of one installation in the OS keystore."""

    def __init__(self, install_id: str) -> None:
        self._username = f"master-key:{install_id}"

    def load(self) -> bytes | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            stored = keyring.get_password(SERVICE, self._username)
        except (KeyringError, RuntimeError, OSError) as exc:
            raise EnvironmentFailure(FailureKind.KEYSTORE_UNAVAILABLE, type(exc).__name__) from exc
        if stored is None:
            return None
        try:
            key = bytes.fromhex(stored)
        except ValueError as exc:
            raise EnvironmentFailure(FailureKind.KEY_WRONG, "the stored key is not hex") from exc
        if len(key) != KEY_BYTES:
            raise EnvironmentFailure(FailureKind.KEY_WRONG, "the stored key has the wrong length")
        return key

    def create(self) -> bytes:
        import keyring
        from keyring.errors import KeyringError

        key = secrets.token_bytes(KEY_BYTES)
        try:
            keyring.set_password(SERVICE, self._username, key.hex())
        except (KeyringError, RuntimeError, OSError) as exc:
            raise EnvironmentFailure(FailureKind.KEYSTORE_UNAVAILABLE, type(exc).__name__) from exc
        if self.load() != key:
            raise EnvironmentFailure(FailureKind.KEYSTORE_UNAVAILABLE, "the keystore did not keep the key")
        log.info("created a new master key in the OS keystore")
        return key

    def backend_name(self) -> str:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"


def use_file_keystore(path: Path) -> None:
    """Demo mode only: keep the key in a file beside the data directory instead of the OS keystore.

    That file is as readable as the data directory, so it protects nothing; doctor says so.
    """
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(path)
    keyring.set_keyring(backend)
