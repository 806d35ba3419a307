"""Row ids that sort by creation time (UUID version 7, RFC 9562), as 32 hex digits like uuid4().hex.

A random id (uuid4) puts each new case, and everything keyed by its id (items and materials, which are
clustered on it, the timeline's and the outbox's indexes), on a random page of each b-tree: once the
trees outgrow the page cache, a decision reads and decrypts pages only to change them. Ids that grow with
time append at the right edge of each tree, whose pages stay cached. The first 48 bits are the creation
time in milliseconds (the case records its creation time anyway); the other 74 are random.
Attachment ids (scanned pages, issued documents) are made the same way.
"""

from __future__ import annotations

import os
import time


def time_ordered_id(now_ns: int | None = None) -> str:
    ms = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits, of which 74 are used
    rand_a = rand >> 68  # 12 bits
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return f"{value:032x}"  # uuid.UUID(int=value).hex, without building the object
