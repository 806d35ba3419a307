"""The GA/T 467 frame fuzz target and its inputs, shared by the test suite and benchmarks/fuzz_frames.py.

The target runs a byte stream through everything the driver does with received bytes: the splitter (fed
in chunks), frame decoding, the shape check against each command, the base-info split, the card text.
Nothing may escape but ProtocolError subclasses.
"""

from __future__ import annotations

import random

from app.devices.idcard import commands as c
from app.devices.idcard.cardtext import encode_card_text
from app.devices.idcard.frames import FrameSplitter, Ga467Response, ProtocolError
from app.devices.idcard.reader import card_from_answer, decode_answer
from app.devices.idcard.samples import SAMPLE_CARDS

COMMANDS = [
    c.SAM_STATUS,
    c.SAM_ID,
    c.FIND_CARD,
    c.SELECT_CARD,
    c.READ_BASE,
    c.READ_BASE_FINGERPRINT,
    c.READ_ADDRESS,
]


def valid_frames() -> list[bytes]:
    """Real answers: the spec's vectors and read answers for every sample card (with and without FP)."""
    frames = [
        bytes.fromhex(h)
        for h in (
            "AAAAAA9669000400009094",
            "AAAAAA9669000400006064",
            "AAAAAA9669000800009F0000000097",
            "AAAAAA9669000400008084",
            "AAAAAA9669000C00009000000000000000009C",
            "AAAAAA9669000400008185",
            "AAAAAA9669000400004145",
        )
    ]
    for card in SAMPLE_CARDS[:4]:
        text = encode_card_text(card)
        frames.append(
            Ga467Response(0x90, c.encode_base_info(c.BaseInfo(text, card.photo_wlt), False)).encode()
        )
        info = c.BaseInfo(text, card.photo_wlt, bytes(range(256)) * 4)
        frames.append(Ga467Response(0x90, c.encode_base_info(info, True)).encode())
    return frames


def target(data: bytes, chunk: int = 97) -> int:
    """Run `data` through the receive path; returns how many answers were understood."""
    understood = 0
    splitter = FrameSplitter()
    for at in range(0, max(len(data), 1), max(chunk, 1)):
        try:
            frames = splitter.feed(data[at : at + chunk])
        except ProtocolError:
            continue
        for raw in frames:
            for command in COMMANDS:
                try:
                    answer = decode_answer(command, raw)
                    if command in (c.READ_BASE, c.READ_BASE_FINGERPRINT) and answer.sw3 == 0x90:
                        card_from_answer(answer, command is c.READ_BASE_FINGERPRINT)
                    understood += 1
                except ProtocolError:
                    pass
    return understood


def mutate(rng: random.Random, frame: bytes) -> bytes:
    """One random mutation of a valid frame: flips, cuts, splices, LEN rewrites, noise, repeats."""
    data = bytearray(frame)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(8)
        if kind == 0 and data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del data[rng.randrange(len(data) + 1) :]
        elif kind == 2:
            data[rng.randrange(len(data) + 1) : 0] = rng.randbytes(rng.randint(1, 40))
        elif kind == 3 and len(data) >= 7:
            data[5:7] = rng.randrange(0x10000).to_bytes(2, "big")
        elif kind == 4:
            data = bytearray(rng.randbytes(rng.randint(0, 64))) + data
        elif kind == 5:
            data += data[: rng.randint(0, len(data))]
        elif kind == 6 and len(data) > 14:
            # Break the UCS-2 text or the lengths inside a read answer.
            at = rng.randrange(10, len(data))
            data[at : at + 2] = rng.choice([b"\x00\xd8", b"\xff\xff", b"\x00\x00", b"J\x00"])
        else:
            data = bytearray(rng.randbytes(rng.randint(0, 3000)))
    return bytes(data)
