"""Clerk passwords stored as scrypt hashes (`scrypt$n$r$p$salt$digest`, hex), never as plaintext."""

from __future__ import annotations

import hashlib
import hmac
import secrets

_R, _P, _LEN = 8, 1, 32


def hash_password(password: str, cost: int = 2**14) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=cost, r=_R, p=_P, dklen=_LEN)
    return f"scrypt${cost}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)
