"""Sample analysis on one core: `python bench/sample_bench.py [SIZES…]` from the repo root.

Writes a chat-format training sample of each size (default 1k, 10k and 100k examples, about
2 KB each, so 10k is about 20 MB), analyses each in a fresh process and prints the wall time
and that process's peak resident memory. The target (issue 13): 10k examples in ≤ 10 s, and
peak memory that does not grow with the file. Prints numbers; asserts nothing.
"""

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.samples import Limits, analyse  # noqa: E402

WORDS = "invoice refund delivery warranty account password upgrade contract discount parcel courier".split()


def write_sample(path: Path, count: int, seed: int = 13) -> None:
    """Chat examples of ~2 KB: a shared system prompt, a question, a long answer; 5% repeated."""
    rng = random.Random(seed)
    with open(path, "w") as handle:
        previous = None
        for i in range(count):
            if previous and rng.random() < 0.05:
                handle.write(previous)
                continue
            question = " ".join(rng.choice(WORDS) for _ in range(30)) + f" case {i}?"
            answer = " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(250))
            record = {
                "messages": [
                    {"role": "system", "content": "You answer for Acme's support desk, briefly and politely."},
                    {"role": "user", "content": question},
                    {"role": "assistant", "content": answer},
                ]
            }
            previous = json.dumps(record) + "\n"
            handle.write(previous)


def measure(path: str) -> None:
    """Run in the child: analyse once and print seconds and peak memory as JSON."""
    started = time.perf_counter()
    result = analyse(path, limits=Limits(max_lines=None))
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "valid": result.valid_examples}))


def main(sizes: list[int]) -> None:
    print(f"{'examples':>9} {'file MB':>8} {'seconds':>8} {'peak MB':>8} {'valid':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            path = Path(tmp) / f"sample-{count}.jsonl"
            write_sample(path, count)
            done = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True, check=True, cwd=ROOT
            )
            data = json.loads(done.stdout)
            size_mb = path.stat().st_size / 1e6
            print(f"{count:>9,} {size_mb:>8.1f} {data['seconds']:>8.2f} {data['peak_mb']:>8.0f} {data['valid']:>8,}")
            path.unlink()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2])
    else:
        main([int(n) for n in sys.argv[1:]] or [1_000, 10_000, 100_000])
