"""Cryptographic profiles: the default (AES-256-GCM, SHA-256) and 国密 (SM4 with HMAC-SM3, SM3).

The profile, chosen by the site configuration ([security] crypto_profile), decides how NEW attachment
files are encrypted and which hash NEW audit rows are chained with. Everything already stored says how it
was made (an attachment file's MAGIC, an audit row's `alg`), so switching profiles never makes old data
unreadable. The SQLCipher database itself stays AES-256 in both profiles: SQLCipher offers no SM4.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from cryptography.hazmat.primitives import hashes


class CryptoProfile(StrEnum):
    DEFAULT = "default"
    GM = "gm"


class ChainHash(StrEnum):
    """The hash an audit row is chained with; stored in the row."""

    SHA256 = "sha256"
    SM3 = "sm3"

    @classmethod
    def for_profile(cls, profile: CryptoProfile) -> ChainHash:
        return cls.SM3 if profile is CryptoProfile.GM else cls.SHA256


def hexdigest(alg: ChainHash, data: bytes) -> str:
    if alg is ChainHash.SHA256:
        return hashlib.sha256(data).hexdigest()
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()
