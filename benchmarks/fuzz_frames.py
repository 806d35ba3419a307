"""The GA/T 467 receive path fuzzed at volume: random mutations of real answers and random bytes.

python -m benchmarks.fuzz_frames [inputs] [seed]   (default 200000; last line: inputs run, escapes)

The same target as tests/unit/devices/test_frame_fuzz.py (which runs a few thousand inputs through
hypothesis in every suite run; YC_FUZZ_EXAMPLES raises that count). Any exception other than a
ProtocolError subclass stops the run with the input that caused it written to fuzz-crash.bin.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from tests.support.frame_fuzz import mutate, target, valid_frames

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261125
    rng = random.Random(seed)
    frames = valid_frames()
    understood = 0
    start = time.perf_counter()
    for index in range(count):
        data = rng.randbytes(rng.randint(0, 2500)) if index % 10 == 9 else mutate(rng, rng.choice(frames))
        try:
            understood += target(data, rng.randint(1, 600)) > 0
        except Exception:
            Path("fuzz-crash.bin").write_bytes(data)
            print(f"input {index} escaped with a non-protocol error (saved to fuzz-crash.bin)")
            raise
    elapsed = time.perf_counter() - start
    print(
        f"seed {seed}: {count} inputs in {elapsed:.1f} s ({count / elapsed:.0f}/s), {understood} still understood"
    )
    print(f"fuzz: {count} inputs, 0 escapes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
