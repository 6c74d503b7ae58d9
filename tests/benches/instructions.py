#!/usr/bin/env python3
"""Instructions per decode, `ErrorBody::from_slice` against a plain struct
reading the same three keys, counted by valgrind's callgrind: unlike a time,
the count is the same on a busy machine as on a quiet one.

    python3 tests/benches/instructions.py [N]      # N decodes per way (default 20000)

Builds `tests/src/bin/decode_probe.rs` in release mode, runs it once per way
under `valgrind --tool=callgrind`, and prints each way's inclusive
instruction count per decode (the probe's own function, from
`callgrind_annotate --inclusive=yes`) and the ratio.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    build = subprocess.run(
        ["cargo", "build", "--release", "-p", "cce-errors-tests", "--bin", "decode_probe", "--message-format=json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    exe = None
    for line in build.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "decode_probe":
            exe = msg.get("executable") or exe
    if not exe:
        sys.exit("no decode_probe executable in cargo's output")
    counts = {}
    for way in ("errorbody", "plain"):
        with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
            subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}", exe, way, str(n)],
                capture_output=True, check=True,
            )
            annotated = subprocess.run(
                ["callgrind_annotate", "--inclusive=yes", out.name], capture_output=True, text=True, check=True
            ).stdout
        pattern = re.compile(r"^\s*([\d,]+) .*:decode_probe::" + way + r" ", re.M)
        match = pattern.search(annotated)
        if not match:
            sys.exit(f"no inclusive count for decode_probe::{way} in callgrind_annotate's output")
        counts[way] = int(match.group(1).replace(",", "")) / n
        print(f"{way:<10} {counts[way]:9.0f} instructions per decode ({n} decodes)")
    print(f"ratio ErrorBody::from_slice / plain struct (3 keys): {counts['errorbody'] / counts['plain']:.3f}x")


if __name__ == "__main__":
    main()
