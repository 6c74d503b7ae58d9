#!/usr/bin/env python3
"""Instructions per operation, counted by valgrind's callgrind: unlike a
time, the count is the same on a busy machine as on a quiet one.

    python3 tests/benches/instructions.py [N]      # N operations per way (default 20000)

Two probes, built in release mode (`tests/src/bin/`), each run once per way
under `valgrind --tool=callgrind`:

- `decode_probe`: `ErrorBody::from_slice` against a plain struct reading the
  same three keys, on the criterion bench's realistic body;
- `response_probe`: the derived axum and actix-web responses against the
  bench's hand-written ones (`tests/benches/scaffold`), without and with a
  detail, each built and consumed as the bench does.

Prints each way's inclusive instruction count per operation (the probe's
own loop function, from `callgrind_annotate --inclusive=yes`) and the
ratios the targets in BENCHMARKS.md are about.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def build(probe: str) -> str:
    out = subprocess.run(
        ["cargo", "build", "--release", "-p", "cce-errors-tests", "--bin", probe, "--message-format=json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    exe = None
    for line in out.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == probe:
            exe = msg.get("executable") or exe
    if not exe:
        sys.exit(f"no {probe} executable in cargo's output")
    return exe


def count(exe: str, way: str, n: int, function: str) -> float:
    """Inclusive instructions of `function` per operation, running `exe way n`."""
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}", exe, way, str(n)],
            capture_output=True, check=True,
        )
        annotated = subprocess.run(
            ["callgrind_annotate", "--inclusive=yes", out.name], capture_output=True, text=True, check=True
        ).stdout
    match = re.compile(r"^\s*([\d,]+) .*:" + re.escape(function) + r"\b", re.M).search(annotated)
    if not match:
        sys.exit(f"no inclusive count for {function} ({way}) in callgrind_annotate's output")
    return int(match.group(1).replace(",", "")) / n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    decode = build("decode_probe")
    counts = {}
    for way in ("errorbody", "plain"):
        counts[way] = count(decode, way, n, f"decode_probe::{way}")
        print(f"{way:<22} {counts[way]:9.0f} instructions per decode ({n} decodes)")
    print(f"ratio ErrorBody::from_slice / plain struct (3 keys): {counts['errorbody'] / counts['plain']:.3f}x")
    print()
    responses = build("response_probe")
    for framework in ("axum", "actix"):
        for body in ("fixed", "detail"):
            pair = {}
            for side in ("derived", "hand"):
                way = f"{framework}-{body}-{side}"
                pair[side] = count(responses, way, n, "response_probe::run")
                print(f"{way:<22} {pair[side]:9.0f} instructions per response ({n} responses)")
            print(f"ratio {framework}, {'no detail' if body == 'fixed' else 'detail'}, derived / hand-written: "
                  f"{pair['derived'] / pair['hand']:.3f}x")


if __name__ == "__main__":
    main()
