"""Decrypting a SQLCipher 4 database file and its WAL page by page, free pages included.

What an attacker holding the key would see on disk, below SQL: this is how a test proves that a purged
row left nothing behind (PRAGMA secure_delete), which no query can show. Each page is AES-256-CBC with
a per-page IV at the end of the page, followed only by the HMAC (32 bytes for HMAC-SHA256, 64 for
HMAC-SHA512; the header's reserve byte says 80 in both), and the file's salt stands in place of the first 16 bytes of page 1. A raw key
(x'...') is the AES key itself. The page size and the HMAC are the database's PageFormat.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.store.database import CURRENT, PageFormat

WAL_HEADER = 32
FRAME_HEADER = 24
IV = 16
MAC = {"HMAC_SHA256": 32, "HMAC_SHA512": 64}


def reserve(page_format: PageFormat) -> int:
    return IV + MAC[page_format.hmac]


def _decrypt_page(page: bytes, key: bytes, first: bool, page_format: PageFormat) -> bytes:
    size, end = page_format.page_size, page_format.page_size - reserve(page_format)
    assert len(page) == size
    decryptor = Cipher(algorithms.AES(key), modes.CBC(page[end : end + IV])).decryptor()
    return decryptor.update(page[16 if first else 0 : end]) + decryptor.finalize()


def database_plaintext(path: Path, key: bytes, page_format: PageFormat = CURRENT) -> bytes:
    data, size = path.read_bytes(), page_format.page_size
    pages = [
        _decrypt_page(data[at : at + size], key, at == 0, page_format)
        for at in range(0, len(data) - size + 1, size)
    ]
    # Page 1 decrypted (its first 16 bytes are the salt): the SQLite header from offset 16 on, with the
    # page size and the payload fractions every SQLite file has (64, 32, 32). A wrong format or key
    # fails here, instead of as a search that finds nothing in garbage.
    header = pages[0][:8]
    assert int.from_bytes(header[0:2], "big") == size, "not this page format, or not this key"
    assert header[5:8] == bytes((64, 32, 32)), "not this page format, or not this key"
    return b"".join(pages)


def wal_plaintext(path: Path, key: bytes, page_format: PageFormat = CURRENT) -> bytes:
    if not path.exists():
        return b""
    data, size = path.read_bytes(), page_format.page_size
    pages = []
    at = WAL_HEADER
    while at + FRAME_HEADER + size <= len(data):
        number = int.from_bytes(data[at : at + 4], "big")
        frame = data[at + FRAME_HEADER : at + FRAME_HEADER + size]
        pages.append(_decrypt_page(frame, key, number == 1, page_format))
        at += FRAME_HEADER + size
    return b"".join(pages)


def plaintext_on_disk(database: Path, key: bytes, page_format: PageFormat = CURRENT) -> bytes:
    """The database file and its WAL, decrypted."""
    wal = database.with_name(database.name + "-wal")
    return database_plaintext(database, key, page_format) + wal_plaintext(wal, key, page_format)
