"""The frame parser fuzzed: whatever bytes arrive, only typed ProtocolErrors come out (and no hang).

A few thousand examples run in the suite; `YC_FUZZ_EXAMPLES=100000` raises the count, and
`python -m benchmarks.fuzz_frames` runs 200k random mutations without hypothesis's bookkeeping.
"""

from __future__ import annotations

import contextlib
import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.devices.idcard.cardtext import parse_card_text
from app.devices.idcard.frames import FrameSplitter, ProtocolError, decode_command, decode_response
from tests.support.frame_fuzz import mutate, target, valid_frames

EXAMPLES = int(os.environ.get("YC_FUZZ_EXAMPLES", "1000"))
FRAMES = valid_frames()
fuzz = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@fuzz
@given(st.binary(max_size=3000), st.integers(1, 400))
def test_arbitrary_bytes_raise_only_protocol_errors(data: bytes, chunk: int) -> None:
    target(data, chunk)
    for decode in (decode_response, decode_command):
        with contextlib.suppress(ProtocolError):
            decode(data)


@fuzz
@given(st.sampled_from(FRAMES), st.integers(0, 2**32 - 1), st.integers(1, 2000))
def test_mutated_real_frames_raise_only_protocol_errors(frame: bytes, seed: int, chunk: int) -> None:
    target(mutate(random.Random(seed), frame), chunk)


@fuzz
@given(st.binary(min_size=256, max_size=256))
def test_any_text_block_parses_or_raises_a_protocol_error(block: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_card_text(block)


def test_the_target_understands_the_valid_frames() -> None:
    # The fuzz target is not vacuous: the unmutated frames decode as answers to some command.
    assert all(target(frame) >= 1 for frame in FRAMES)
    assert target(b"".join(FRAMES[:7]), 5) >= 7


def test_a_splitter_fed_noise_forever_keeps_bounded_memory() -> None:
    splitter = FrameSplitter(max_noise=64)
    rng = random.Random(1)
    for _ in range(200):
        with contextlib.suppress(ProtocolError):
            splitter.feed(rng.randbytes(50).replace(b"\xaa", b"\x00"))
        assert splitter.pending <= 64 + 50
