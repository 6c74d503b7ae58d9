#!/usr/bin/env python3
"""Compile-time benchmarks of `#[derive(CceError)]` (issue 6).

    python3 tests/compile-bench/run.py incremental   # derive vs thiserror vs hand-written, 100/1,000/5,000 variants
    python3 tests/compile-bench/run.py cold          # cold build of default-feature cce-errors vs thiserror + serde_json + http
    python3 tests/compile-bench/run.py verify        # only check that the three generated styles behave the same
    python3 tests/compile-bench/run.py service       # a realistic axum service: cce-errors vs thiserror + hand-written, cold and incremental
    python3 tests/compile-bench/run.py deps          # fails if cce-errors adds a second syn/quote/proc-macro2/serde* build to that service
    python3 tests/compile-bench/run.py all           # incremental, then cold
    python3 tests/compile-bench/run.py instructions  # rustc's instructions (valgrind's callgrind) for one incremental rebuild per style: deterministic

Everything is generated under --work-dir (default: <workspace>/target/compile-bench/),
built with its own CARGO_TARGET_DIR there, never in the workspace's target
directory. Python 3 standard library only; see README.md next to this file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKSPACE = HERE.parent.parent
TABLE = WORKSPACE / "cce-errors-derive" / "tables" / "cce_02_0250.rst"
STYLES = ("derive", "thiserror", "handwritten")
STATUS_CONST = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    412: "PRECONDITION_FAILED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "UNPROCESSABLE_ENTITY",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}


EDITS = {
    "comment": "a comment with a counter appended at the end of src/lib.rs (no span moves)",
    "variant": "the enum gets one more unit variant `Added<counter>` (a new name each run), as when a variant is added: "
    "the enum and every match over it change",
}


def log(msg: str) -> None:
    print(msg, flush=True)


# ---------------------------------------------------------------------------
# The table


def read_table(path: Path) -> list[tuple[int, str, str]]:
    """(status, code, message) of every row of the page's grid table."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows: list[tuple[int, str, str]] = []
    header: list[str] | None = None
    cells: list[str] | None = None
    in_grid = False
    for line in lines:
        if line.startswith("+") and set(line) <= set("+-=|"):
            if cells is not None:
                text = [re.sub(r"\s+", " ", c).strip() for c in cells]
                if header is None:
                    header = text
                else:
                    row = dict(zip(header, text))
                    rows.append((int(row["Status Code"]), row["Error Code"], row["Error Message"]))
            cells = None
            in_grid = True
            continue
        if in_grid and line.startswith("|"):
            parts = line.strip().strip("|").split("|")
            if cells is None:
                cells = parts
            else:
                cells = [a + " " + b for a, b in zip(cells, parts)]
            continue
        in_grid = False
        cells = None
    if not rows:
        sys.exit(f"no rows read from {path}")
    return rows


def rust_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fmt_lit(s: str) -> str:
    """A literal for a format string (thiserror's #[error], write!)."""
    return rust_str(s.replace("{", "{{").replace("}", "}}"))


# ---------------------------------------------------------------------------
# Generated crates


class Variant:
    def __init__(self, i: int, row: tuple[int, str, str], name: str | None = None) -> None:
        self.i = i
        self.status, self.code, self.message = row
        self.name = name or f"V{i}"
        # Half of the variants (the odd ones) carry a detail naming a String field.
        self.detailed = i % 2 == 1 and name is None
        self.detail_fmt = f"resource {{name}} failed in case {i}"

    @property
    def pattern(self) -> str:
        return f"E::{self.name} {{ name }}" if self.detailed else f"E::{self.name}"

    @property
    def status_expr(self) -> str:
        const = STATUS_CONST.get(self.status)
        return f"http::StatusCode::{const}" if const else f"http::StatusCode::from_u16({self.status}).unwrap()"


def variants(n: int, table: list[tuple[int, str, str]], added: int | None = None) -> list[Variant]:
    vs = [Variant(i, table[i % len(table)]) for i in range(n)]
    if added is not None:
        # `--edit variant`: one more unit variant, named after the run's counter.
        vs.append(Variant(n, table[added % len(table)], name=f"Added{added}"))
    return vs


HAND_INTO_RESPONSE_TAIL = """\
        };
        let body = match detail {
            Some(detail) => serde_json::json!({ "errorCode": code, "errorMessage": message, "message": detail }),
            None => serde_json::json!({ "errorCode": code, "errorMessage": message }),
        };
        let bytes = serde_json::to_vec(&body).expect("a JSON value always serializes");
        let mut response = axum_core::response::Response::new(axum_core::body::Body::from(bytes));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        headers.insert("x-cce-error-code", http::HeaderValue::from_static(code));
        response
    }
}
"""


def enum_body(vs: list[Variant], attr) -> list[str]:
    out = []
    for v in vs:
        if attr is not None:
            out.append(f"    {attr(v)}")
        out.append(f"    {v.name} {{ name: String }}," if v.detailed else f"    {v.name},")
    return out


def hand_into_response(vs: list[Variant]) -> list[str]:
    out = [
        "impl axum_core::response::IntoResponse for E {",
        "    fn into_response(self) -> axum_core::response::Response {",
        "        let (status, code, message, detail): (http::StatusCode, &'static str, &str, Option<String>) = match &self {",
    ]
    for v in vs:
        detail = f"Some(format!({fmt_lit(v.detail_fmt).replace('{{name}}', '{name}')}))" if v.detailed else "None"
        out.append(f"            {v.pattern} => ({v.status_expr}, {rust_str(v.code)}, {rust_str(v.message)}, {detail}),")
    out.append(HAND_INTO_RESPONSE_TAIL)
    return out


def display_text(v: Variant) -> str:
    """The format string of the Display of a variant (same text as the derive's Display)."""
    head = fmt_lit(f"{v.message} [{v.code}]")[:-1]  # without the closing quote
    if v.detailed:
        return head + ": " + fmt_lit(v.detail_fmt)[1:].replace("{{name}}", "{name}")
    return head + '"'


def lib_rs(style: str, n: int, table, added: int | None = None) -> str:
    vs = variants(n, table, added)
    lines = [f"//! Generated by tests/compile-bench/run.py: {n} variants, {style} style. Do not edit.", ""]
    if style == "derive":
        lines.append("#[derive(Debug, cce_errors::CceError)]")
        lines.append("pub enum E {")
        lines += enum_body(
            vs,
            lambda v: f"#[cce(code = {rust_str(v.code)}, detail = {rust_str(v.detail_fmt)})]"
            if v.detailed
            else f"#[cce(code = {rust_str(v.code)})]",
        )
        lines.append("}")
    elif style == "thiserror":
        lines.append("#[derive(Debug, thiserror::Error)]")
        lines.append("pub enum E {")
        lines += enum_body(vs, lambda v: f"#[error({display_text(v)})]")
        lines.append("}")
        lines.append("")
        lines += hand_into_response(vs)
    elif style == "handwritten":
        lines.append("#[derive(Debug)]")
        lines.append("pub enum E {")
        lines += enum_body(vs, None)
        lines.append("}")
        lines.append("")
        lines.append("impl std::fmt::Display for E {")
        lines.append("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {")
        lines.append("        match self {")
        for v in vs:
            if v.detailed:
                lines.append(f"            {v.pattern} => write!(f, {display_text(v)}),")
            else:
                lines.append(f"            {v.pattern} => f.write_str({rust_str(f'{v.message} [{v.code}]')}),")
        lines.append("        }")
        lines.append("    }")
        lines.append("}")
        lines.append("")
        lines.append("impl std::error::Error for E {}")
        lines.append("")
        lines += hand_into_response(vs)
    else:
        raise ValueError(style)
    return "\n".join(lines) + "\n"


def crate_name(style: str, n: int) -> str:
    return f"cb-{style}-{n}"


# Cargo compiles path dependencies incrementally and crates.io ones not
# (the `incremental` setting of the Cargo reference): from a path, the
# cce-errors crates would be built with the incremental cache's overhead
# (1.4 to 1.8x their time in the service's cold build, from `--timings`)
# that neither a user's build of them nor the baseline's `thiserror` pays.
# Built as crates.io builds them.
AS_FROM_CRATES_IO = [
    "# Built as a crates.io dependency is: without incremental compilation.",
    *(f"[profile.dev.package.{crate}]\nincremental = false" for crate in ("cce-errors", "cce-errors-derive", "cce-errors-table")),
    "",
]


def write_crate(dir: Path, name: str, deps: list[str], lib: str, lock: Path, extra: str = "") -> None:
    (dir / "src").mkdir(parents=True, exist_ok=True)
    manifest = "\n".join(
        [
            "# Generated by tests/compile-bench/run.py. Do not edit.",
            "[package]",
            f'name = "{name}"',
            'version = "0.0.0"',
            'edition = "2024"',
            "publish = false",
            "",
            "[dependencies]",
            *deps,
            extra,
            "# Its own workspace: not a member of the cce-errors workspace.",
            "[workspace]",
            "",
            *(AS_FROM_CRATES_IO if any(d.startswith("cce-errors = { path") for d in deps) else []),
        ]
    )
    path = dir / "Cargo.toml"
    if not path.exists() or path.read_text() != manifest:
        path.write_text(manifest)
    # The workspace's lock (of the snapshot), copied afresh every run: no new
    # resolution, the versions the workspace uses (cargo only prunes what the
    # crate does not need).
    shutil.copyfile(lock, dir / "Cargo.lock")
    lib_path = dir / "src" / "lib.rs"
    lib_path.write_text(lib)


def style_deps(style: str, cce_path: Path) -> list[str]:
    common = ['axum-core = "0.5"', 'http = "1"', 'serde_json = "1"']
    if style == "derive":
        return [f'cce-errors = {{ path = "{cce_path}", features = ["axum"] }}']
    if style == "thiserror":
        return ['thiserror = "2"', *common]
    return common


# ---------------------------------------------------------------------------
# Snapshot of the workspace crates


def snapshot(work: Path, use_live: bool) -> Path:
    """The directory holding `cce-errors` and `cce-errors-derive` to build against.

    By default a copy taken when the run starts, so that edits made to the
    workspace while the benchmark runs neither trigger rebuilds in the middle
    of a measurement nor mix two versions of the derive in one table."""
    if use_live:
        return WORKSPACE
    dest = work / "snapshot"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("target", "fuzz")
    for crate in ("cce-errors", "cce-errors-derive"):
        shutil.copytree(WORKSPACE / crate, dest / crate, ignore=ignore)
    root = (WORKSPACE / "Cargo.toml").read_text()
    # Only the two crates are members of the copy (the package and lint
    # tables they inherit from stay as they are).
    root = re.sub(r"(?m)^exclude\s*=.*$", "", root)
    root = re.sub(r"(?m)^members\s*=.*$", 'members = ["cce-errors", "cce-errors-derive"]', root)
    root = re.sub(r"(?m)^default-members\s*=.*$", 'default-members = ["cce-errors", "cce-errors-derive"]', root)
    (dest / "Cargo.toml").write_text(root)
    shutil.copyfile(WORKSPACE / "Cargo.lock", dest / "Cargo.lock")
    digest = hashlib.sha256()
    for f in sorted(p for p in dest.rglob("*") if p.is_file()):
        digest.update(str(f.relative_to(dest)).encode() + b"\0" + f.read_bytes())
    log(f"snapshot:  {dest}, sha256 of its files {digest.hexdigest()[:16]}")
    return dest


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(WORKSPACE), "log", "-1", "--format=%h %s"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(WORKSPACE), "status", "--porcelain", "--", "cce-errors", "cce-errors-derive", "Cargo.toml", "Cargo.lock"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if dirty.strip():
            files = ", ".join(line[3:] for line in dirty.splitlines() if line.strip())
            return f"{head}, with uncommitted changes: {files}"
        return head
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


# ---------------------------------------------------------------------------
# Running cargo


def cargo_env(target: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(target)
    env.pop("CARGO_BUILD_TARGET_DIR", None)
    env.setdefault("CARGO_TERM_COLOR", "never")
    return env


def show_cmd(cmd: list[str], target: Path) -> str:
    return f"CARGO_TARGET_DIR={shlex.quote(str(target))} " + " ".join(shlex.quote(c) for c in cmd)


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str, str]:
    """Wall seconds, CPU seconds (user+sys of cargo and every rustc), stdout, stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-20000:])
        sys.stderr.write(proc.stderr[-20000:])
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)} in {cwd}")
    return wall, cpu, proc.stdout, proc.stderr


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    out = lambda *c: subprocess.run(list(c), capture_output=True, text=True).stdout.strip()  # noqa: E731
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    env = {k: v for k, v in os.environ.items() if k.startswith(("CARGO_", "RUSTFLAGS", "RUSTC")) or k == "RUSTUP_TOOLCHAIN"}
    return [
        f"nproc:     {os.cpu_count()} (cargo jobs: default = nproc)",
        f"cpu:       {cpu}",
        f"memory:    {mem}",
        f"os:        {platform.platform()}",
        f"rustc -V:  {out('rustc', '-V')}",
        f"cargo -V:  {out('cargo', '-V')}",
        f"python:    {platform.python_version()}",
        f"env:       {env or '(no CARGO_*/RUSTFLAGS/RUSTC* variables set)'}",
        f"workspace: {WORKSPACE} at {git_state()}",
        f"loadavg:   {loadavg()} (at start; another process on the machine shows here)",
    ]


def lock_check(crate: Path, ws_lock: Path) -> list[str]:
    """Packages of a generated crate's lock that the workspace lock does not have."""
    pat = re.compile(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"')
    ws = set(pat.findall(ws_lock.read_text()))
    mine = set(pat.findall((crate / "Cargo.lock").read_text()))
    return sorted(f"{n} {v}" for n, v in mine - ws if not n.startswith(("cb-", "cold-", "verify-")))


def stats(xs: list[float]) -> tuple[float, float, float]:
    return statistics.median(xs), min(xs), max(xs)


# ---------------------------------------------------------------------------
# incremental


def mode_incremental(args, work: Path, src: Path, table) -> None:
    target = work / "target"
    crates = work / "crates"
    env = cargo_env(target)
    ws_lock = src / "Cargo.lock"
    cce_path = src / "cce-errors"
    cmd = ["cargo", "build"]
    results: dict[tuple[int, str], dict] = {}
    log("")
    log("== incremental: generated crates, warm build, then touch src/lib.rs and time `cargo build` ==")
    log(f"crates in {crates}, target dir {target}")
    log(f"edit before each timed build (--edit {args.edit}): {EDITS[args.edit]}")
    log("commands, in each crate's directory (one per timed run, after rewriting src/lib.rs):")
    log(f"  {show_cmd(cmd, target)}")
    log("")
    counter = 0
    for n in args.sizes:
        base = {}
        for style in STYLES:
            d = crates / crate_name(style, n)
            base[style] = lib_rs(style, n, table)
            write_crate(d, crate_name(style, n), style_deps(style, cce_path), base[style], ws_lock)
        if args.verify and n == min(args.sizes):
            verify(work, src, table, n, crates)
        for style in STYLES:
            d = crates / crate_name(style, n)
            wall, cpu, _, _ = timed(cmd, env, d)
            extra = lock_check(d, ws_lock)
            if extra:
                log(f"  WARNING: {d.name} resolved packages the workspace lock does not have: {extra}")
            size = len(base[style].encode())
            log(f"  warm   N={n:<5} {style:<11} {wall:7.2f} s  (lib.rs {size / 1024:.0f} KiB; includes any dependency not yet built)")
            results[(n, style)] = {"wall": [], "cpu": [], "load": [], "bytes": size}
        for r in range(args.runs):
            # Rotate the order so no style always runs first after another's build.
            order = STYLES[r % 3 :] + STYLES[: r % 3]
            for style in order:
                d = crates / crate_name(style, n)
                counter += 1
                if args.edit == "comment":
                    source = base[style] + f"// compile-bench touch {counter}\n"
                else:
                    source = lib_rs(style, n, table, added=counter)
                (d / "src" / "lib.rs").write_text(source)
                load = loadavg()
                wall, cpu, _, err = timed(cmd, env, d)
                if f"Compiling {crate_name(style, n)}" not in err:
                    sys.exit(f"{d.name}: cargo did not recompile the crate after the touch:\n{err}")
                res = results[(n, style)]
                res["wall"].append(wall)
                res["cpu"].append(cpu)
                res["load"].append(load)
                log(f"  run {r + 1}/{args.runs} N={n:<5} {style:<11} {wall:7.3f} s wall  {cpu:7.3f} s cpu  (loadavg before: {load})")
        # What cargo costs with nothing to compile (checking the freshness of
        # every unit of the dependency graph): part of each rebuild above, the
        # same whatever the enum's size, larger the more packages a style's
        # dependencies bring.
        for style in STYLES:
            d = crates / crate_name(style, n)
            for _ in range(args.runs):
                wall, _, _, err = timed(cmd, env, d)
                if "Compiling" in err:
                    sys.exit(f"{d.name}: a build with nothing changed compiled something:\n{err}")
                results[(n, style)].setdefault("noop", []).append(wall)
            log(f"  no-op  N={n:<5} {style:<11} {statistics.median(results[(n, style)]['noop']):7.3f} s wall (median of {args.runs})")
        log("")

    log(f"== incremental build after editing src/lib.rs, --edit {args.edit} (seconds, wall clock) ==")
    log(
        f"{'N':>6}  {'style':<11} {'median':>8} {'min':>8} {'max':>8} {'cpu med':>8}  {'vs thiserror':>12}"
        f"  {'no-op':>7} {'compile':>8} {'vs thiserror':>12}  {'lib.rs':>8}"
    )
    for n in args.sizes:
        ref = statistics.median(results[(n, "thiserror")]["wall"])
        ref_cpu = statistics.median(results[(n, "thiserror")]["cpu"])
        ref_compile = ref - statistics.median(results[(n, "thiserror")]["noop"])
        for style in STYLES:
            res = results[(n, style)]
            med, lo, hi = stats(res["wall"])
            cpu = statistics.median(res["cpu"])
            noop = statistics.median(res["noop"])
            compile_ = med - noop
            log(
                f"{n:>6}  {style:<11} {med:8.3f} {lo:8.3f} {hi:8.3f} {cpu:8.3f}  {med / ref:11.2f}x"
                f"  {noop:7.3f} {compile_:8.3f} {compile_ / ref_compile:11.2f}x  {res['bytes'] / 1024:6.0f} KiB"
                + (f"   (cpu ratio {cpu / ref_cpu:.2f}x)" if style != "thiserror" else "")
            )
    log(f"(median of {args.runs} runs each; 'cpu med' is user+sys of cargo and rustc; 'vs thiserror' divides the wall medians;")
    log(" 'no-op' is the median of `cargo build` with nothing changed, 'compile' the rebuild's median minus it)")
    if 1000 in args.sizes and 5000 in args.sizes:
        log("")
        log("== growth: median at 5,000 variants / median at 1,000 ==")
        for style in STYLES:
            a = statistics.median(results[(5000, style)]["wall"])
            b = statistics.median(results[(1000, style)]["wall"])
            log(f"  {style:<11} {a:7.3f} / {b:6.3f} = {a / b:5.2f}x")
    log("")
    log("raw samples (wall s):")
    for (n, style), res in results.items():
        log(f"  N={n:<5} {style:<11} " + " ".join(f"{x:.3f}" for x in res["wall"]))


# ---------------------------------------------------------------------------
# instructions: the incremental rebuild counted in instructions, not seconds

WRAPPER = """#!/bin/sh
# RUSTC_WORKSPACE_WRAPPER of compile-bench's `instructions` mode: cargo runs
# "$0 rustc ARGS..." for the generated crate only (each is its own
# workspace; dependencies are compiled without it). With CB_CALLGRIND_DIR
# set, rustc runs under callgrind, one output file per process.
if [ -n "$CB_CALLGRIND_DIR" ]; then
    exec valgrind -q --tool=callgrind --callgrind-out-file="$CB_CALLGRIND_DIR/callgrind.%p" "$@"
fi
exec "$@"
"""


def callgrind_total(path: Path) -> int:
    """The instructions a callgrind output file counted (its `summary:` or `totals:` line)."""
    # Line by line: a rustc profile is tens of megabytes; the line is near its end.
    with path.open(errors="replace") as lines:
        for line in lines:
            m = re.match(r"^(?:summary|totals):\s*(\d+)", line)
            if m:
                return int(m.group(1))
    sys.exit(f"{path}: no summary line")


def mode_instructions(args, work: Path, src: Path, table) -> None:
    """Each style's incremental rebuild (the same comment edit as
    `incremental`) with rustc under valgrind's callgrind: the instructions
    rustc executes, the derive's (or thiserror's) proc macro included. The
    machine's load does not change them, so one rebuild per crate says what
    `--runs` timed ones say only on a quiet machine. Cargo's own no-op work
    (checking the dependency graph's freshness), which wall time includes,
    is not counted."""
    if shutil.which("valgrind") is None:
        sys.exit("instructions: valgrind is not installed (Debian/Ubuntu: apt-get install valgrind)")
    target = work / "target"
    crates = work / "crates"
    wrapper = work / "rustc-callgrind.sh"
    wrapper.write_text(WRAPPER)
    wrapper.chmod(0o755)
    env = cargo_env(target)
    env["RUSTC_WORKSPACE_WRAPPER"] = str(wrapper)
    env.pop("CB_CALLGRIND_DIR", None)
    ws_lock = src / "Cargo.lock"
    cce_path = src / "cce-errors"
    cmd = ["cargo", "build"]
    log("")
    log("== instructions: one incremental rebuild per crate, rustc under callgrind ==")
    log(f"crates in {crates}, target dir {target}; RUSTC_WORKSPACE_WRAPPER={wrapper}")
    log(f"edit before the counted build: {EDITS['comment']}")
    counts: dict[tuple[int, str], int] = {}
    for n in args.sizes:
        for style in STYLES:
            d = crates / crate_name(style, n)
            base = lib_rs(style, n, table)
            write_crate(d, crate_name(style, n), style_deps(style, cce_path), base, ws_lock)
            # A build through the wrapper first: cargo rebuilds a crate
            # whose wrapper changed, and that rebuild is not the one counted.
            timed(cmd, env, d)
            (d / "src" / "lib.rs").write_text(base + "// compile-bench instructions\n")
            with tempfile.TemporaryDirectory(prefix="callgrind-", dir=work) as out:
                counted = dict(env, CB_CALLGRIND_DIR=out)
                wall, _, _, err = timed(cmd, counted, d)
                if f"Compiling {crate_name(style, n)}" not in err:
                    sys.exit(f"{d.name}: cargo did not recompile the crate after the edit:\n{err}")
                files = sorted(Path(out).glob("callgrind.*"))
                if not files:
                    sys.exit(f"{d.name}: callgrind wrote no output in {out}")
                # The compilation is the largest; cargo may also have asked
                # the wrapped rustc for its version.
                counts[(n, style)] = max(callgrind_total(f) for f in files)
            log(f"  N={n:<5} {style:<11} {counts[(n, style)] / 1e9:7.3f} G instructions  ({wall:.0f} s under callgrind)")
            # The generated source back; the crate stays built through the
            # wrapper (a later `incremental` run's warm build rebuilds it
            # without, untimed).
            (d / "src" / "lib.rs").write_text(base)
    log("")
    log("== instructions of rustc for the incremental rebuild (G = 10^9) ==")
    log(f"{'N':>6}  {'style':<11} {'instructions':>13}  {'vs thiserror':>12}")
    for n in args.sizes:
        ref = counts[(n, "thiserror")]
        for style in STYLES:
            c = counts[(n, style)]
            log(f"{n:>6}  {style:<11} {c / 1e9:11.3f} G  {c / ref:11.2f}x")
    if 1000 in args.sizes and 5000 in args.sizes:
        log("")
        log("== growth in instructions: 5,000 variants / 1,000 ==")
        for style in STYLES:
            log(f"  {style:<11} {counts[(5000, style)] / counts[(1000, style)]:5.2f}x")


# ---------------------------------------------------------------------------
# verify: the three styles give the same Display, status, headers and body


def verify(work: Path, src: Path, table, n: int, crates: Path) -> None:
    d = work / "crates" / f"verify-{n}"
    vs = variants(n, table)
    deps = [
        f'{crate_name(s, n)} = {{ path = "{crates / crate_name(s, n)}" }}' for s in STYLES
    ] + ['axum-core = "0.5"', 'http-body = "1"']
    lines = [
        "//! Generated by tests/compile-bench/run.py: the three styles behave the same. Do not edit.",
        "use axum_core::response::IntoResponse;",
        "",
        "fn body(response: axum_core::response::Response) -> (String, Vec<(String, String)>, Vec<u8>) {",
        "    let (parts, mut body) = response.into_parts();",
        "    let mut headers: Vec<(String, String)> = parts",
        "        .headers",
        "        .iter()",
        "        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))",
        "        .collect();",
        "    headers.sort();",
        "    let mut bytes = Vec::new();",
        "    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());",
        "    loop {",
        "        match http_body::Body::poll_frame(std::pin::Pin::new(&mut body), &mut cx) {",
        "            std::task::Poll::Ready(Some(Ok(frame))) => {",
        "                if let Ok(data) = frame.into_data() { bytes.extend_from_slice(&data); }",
        "            }",
        "            std::task::Poll::Ready(None) => break,",
        '            other => panic!("the body of an error response is ready at once: {:?}", other.is_pending()),',
        "        }",
        "    }",
        "    (parts.status.to_string(), headers, bytes)",
        "}",
        "",
    ]
    # One function per variant: a single `main` with thousands of locals
    # overflows rustc's stack (in LLVM's debug info) at N = 1,000.
    for v in vs:
        lines.append(f"fn check_{v.name}() {{")
        for s in STYLES:
            m = crate_name(s, n).replace("-", "_")
            val = f'{m}::E::{v.name} {{ name: String::from("a\\"b{{0}}<c>") }}' if v.detailed else f"{m}::E::{v.name}"
            lines.append(f"    let {s} = {val};")
        lines.append("    let d = (derive.to_string(), body(derive.into_response()));")
        lines.append("    let t = (thiserror.to_string(), body(thiserror.into_response()));")
        lines.append("    let h = (handwritten.to_string(), body(handwritten.into_response()));")
        lines.append(f'    assert_eq!(d, t, "{v.name}: derive vs thiserror");')
        lines.append(f'    assert_eq!(d, h, "{v.name}: derive vs handwritten");')
        lines.append(f'    assert_eq!((d.1).0, "{v.status} {http_reason(v.status)}".trim());')
        lines.append("}")
        lines.append("")
    lines.append("fn main() {")
    for v in vs:
        lines.append(f"    check_{v.name}();")
    lines.append(f'    println!("{len(vs)} variants: same Display, status, headers and body in the three styles");')
    lines.append("}")
    d.mkdir(parents=True, exist_ok=True)
    write_crate(d, f"verify-{n}", deps, "", src / "Cargo.lock")
    (d / "src" / "lib.rs").unlink(missing_ok=True)
    (d / "src" / "main.rs").write_text("\n".join(lines) + "\n")
    target = work / "target"
    cmd = ["cargo", "run", "--quiet"]
    log(f"verify: {show_cmd(cmd, target)}  (in {d})")
    _, _, out, _ = timed(cmd, cargo_env(target), d)
    log("verify: " + out.strip())
    log("")


def http_reason(status: int) -> str:
    from http import HTTPStatus

    reasons = {429: "Too Many Requests"}
    return reasons.get(status, HTTPStatus(status).phrase)


# ---------------------------------------------------------------------------
# cold


COLD_CCE_LIB = """\
//! Generated by tests/compile-bench/run.py: cold build, cce-errors with default features.
#[derive(Debug, cce_errors::CceError)]
pub enum E {
    #[cce(code = "CCE.01404001", detail = "cluster {0} not found")]
    NotFound(String),
}
"""

COLD_BASELINE_LIB = """\
//! Generated by tests/compile-bench/run.py: cold build, thiserror + serde_json + http.
#[derive(Debug, thiserror::Error)]
pub enum E {
    #[error("Resource not found. [CCE.01404001]: cluster {0} not found")]
    NotFound(String),
}

impl E {
    pub fn status(&self) -> http::StatusCode {
        http::StatusCode::NOT_FOUND
    }

    pub fn body(&self) -> serde_json::Value {
        match self {
            E::NotFound(id) => serde_json::json!({
                "errorCode": "CCE.01404001",
                "errorMessage": "Resource not found.",
                "message": format!("cluster {id} not found"),
            }),
        }
    }
}
"""

PROC_MACRO_TRIO = {"proc-macro2", "quote", "syn", "unicode-ident"}


def compiled_units(stdout: str) -> list[tuple[str, str, str]]:
    """(package, version, kind) of each unit a `--message-format=json` build compiled."""
    units = []
    for line in stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("reason") != "compiler-artifact":
            continue
        pid = msg["package_id"]
        # "registry+https://...#name@1.2.3", "path+file:///...#name@0.1.0" or "path+file:///.../name#0.1.0"
        frag = pid.rsplit("#", 1)[-1]
        if "@" in frag:
            name, version = frag.split("@", 1)
        else:
            name, version = pid.rsplit("#", 1)[0].rstrip("/").rsplit("/", 1)[-1], frag
        kinds = msg["target"]["kind"]
        kind = "build script" if msg["target"]["name"] == "build-script-build" or "custom-build" in kinds else ",".join(kinds)
        units.append((name, version, kind))
    return units


def mode_cold(args, work: Path, src: Path) -> None:
    ws_lock = src / "Cargo.lock"
    crates = work / "crates"
    cce_dir = crates / "cold-cce-errors"
    base_dir = crates / "cold-thiserror-serde_json-http"
    write_crate(cce_dir, "cold-cce-errors", [f'cce-errors = {{ path = "{src / "cce-errors"}" }}'], COLD_CCE_LIB, ws_lock)
    write_crate(
        base_dir,
        "cold-thiserror-serde_json-http",
        ['thiserror = "2"', 'serde_json = "1"', 'http = "1"'],
        COLD_BASELINE_LIB,
        ws_lock,
    )
    cmd = ["cargo", "build", "--message-format=json"]
    tree_cmd = ["cargo", "tree", "-p", "cce-errors", "-e", "normal"]
    log("")
    log("== cold: a crate depending on cce-errors (default features) vs one depending on thiserror + serde_json + http ==")
    log(f"crates: {cce_dir}")
    log(f"        {base_dir}")
    log("commands, in each crate's directory, each run with a new empty target dir (registry cache kept):")
    log(f"  {show_cmd(cmd, work / 'cold-XXXX')}")
    log(f"crates of a default-feature build of cce-errors: {' '.join(tree_cmd)}  (in {cce_dir})")
    tree = subprocess.run(tree_cmd, cwd=cce_dir, env=cargo_env(work / "cold-tree"), capture_output=True, text=True)
    if tree.returncode != 0:
        sys.exit(tree.stderr)
    log(tree.stdout.rstrip())
    log("")

    samples: dict[str, dict] = {"cce-errors": {"wall": [], "cpu": [], "units": None}, "thiserror+serde_json+http": {"wall": [], "cpu": [], "units": None}}
    dirs = {"cce-errors": cce_dir, "thiserror+serde_json+http": base_dir}
    names = list(dirs)
    for r in range(args.cold_runs):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            target = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
            try:
                load = loadavg()
                wall, cpu, out, _ = timed(cmd, cargo_env(target), dirs[name])
            finally:
                shutil.rmtree(target, ignore_errors=True)
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
            samples[name]["units"] = compiled_units(out)
            log(f"  run {r + 1}/{args.cold_runs} {name:<26} {wall:7.2f} s wall  {cpu:7.2f} s cpu  (loadavg before: {load})")
    for name, d in dirs.items():
        extra = lock_check(d, ws_lock)
        if extra:
            log(f"  WARNING: {d.name} resolved packages the workspace lock does not have: {extra}")

    log("")
    log("== units compiled by each cold build (from the build's JSON output) ==")
    own = {"cold-cce-errors", "cold-thiserror-serde_json-http"}
    pkgs: dict[str, set[tuple[str, str]]] = {}
    for name in names:
        units = samples[name]["units"]
        pkgs[name] = {(u[0], u[1]) for u in units if u[0] not in own}
        log(f"{name}: {len(units)} units (libraries, proc macros, build scripts), {len(pkgs[name])} packages besides the bench crate")
        for pkg, version, kind in sorted(set(units)):
            log(f"    {pkg} {version} ({kind})")
    cce = pkgs["cce-errors"]
    base = pkgs["thiserror+serde_json+http"]
    allowed = {n for n, _ in base} | PROC_MACRO_TRIO | {"cce-errors", "cce-errors-derive"}
    beyond = sorted(f"{n} {v}" for n, v in cce if n not in allowed)
    log(
        "packages of the cce-errors build whose name is not among those of the thiserror + serde_json + http build, "
        f"the proc-macro trio (proc-macro2, quote, syn; with unicode-ident) or cce-errors/cce-errors-derive: {beyond or 'none'}"
    )
    other_versions = sorted(f"{n} {v}" for n, v in cce if n in {m for m, _ in base} and (n, v) not in base)
    if other_versions:
        log(f"same package, another version than the baseline build compiles: {other_versions}")
    only_base = sorted(f"{n} {v}" for n, v in base - cce)
    log(f"compiled by the baseline build only: {only_base or 'none'}")
    log("")
    log("== cold build (seconds, wall clock, fresh CARGO_TARGET_DIR each run) ==")
    log(f"{'build':<28} {'median':>8} {'min':>8} {'max':>8} {'cpu med':>8}")
    for name in names:
        med, lo, hi = stats(samples[name]["wall"])
        log(f"{name:<28} {med:8.2f} {lo:8.2f} {hi:8.2f} {statistics.median(samples[name]['cpu']):8.2f}")
    a = statistics.median(samples["cce-errors"]["wall"])
    b = statistics.median(samples["thiserror+serde_json+http"]["wall"])
    ac = statistics.median(samples["cce-errors"]["cpu"])
    bc = statistics.median(samples["thiserror+serde_json+http"]["cpu"])
    log(f"ratio cce-errors / (thiserror + serde_json + http): {a / b:.2f}x wall, {ac / bc:.2f}x cpu  (median of {args.cold_runs} runs each)")




# ---------------------------------------------------------------------------
# service: a realistic axum service, with thiserror + a hand-written
# IntoResponse, or with cce-errors (issue 15)

SERVICE_STYLES = ("cce-errors", "thiserror")
SERVICE_VARIANTS = 60

SERVICE_DEPS = [
    'axum = "0.8"',
    'tokio = { version = "1", features = ["macros", "rt-multi-thread", "net"] }',
    'serde = { version = "1", features = ["derive"] }',
    'serde_json = "1"',
    'tower-http = { version = "0.6", features = ["trace", "request-id", "catch-panic"] }',
    'uuid = { version = "1", features = ["v4"] }',
]


class ServiceVariant:
    """Variant i of the 60-variant enum: table row i mod 43; the kind cycles
    through a unit variant, a detail naming two `String` fields, a detail
    naming a `u32` and a `String`, and a source (`std::io::Error`) beside a
    detail naming a `u32`; variants 0 and 1 are `#[from]` sources."""

    def __init__(self, i: int, row: tuple[int, str, str]) -> None:
        self.i = i
        self.status, self.code, self.message = row
        self.kind = "from_io" if i == 0 else "from_json" if i == 1 else ("unit", "two", "num", "source")[i % 4]
        self.name = {"from_io": "Io", "from_json": "Json"}.get(self.kind, f"V{i}")

    @property
    def detail(self) -> str | None:
        return {
            "two": f"cluster {{cluster_id}} in project {{project_id}} failed at check {self.i}",
            "num": f"node pool {{pool}} has {{count}} nodes, over the limit of check {self.i}",
            "source": f"storage step {{step}} of check {self.i} failed",
        }.get(self.kind)

    def fields(self) -> str:
        return {
            "unit": "",
            "two": " { cluster_id: String, project_id: String }",
            "num": " { pool: String, count: u32 }",
            "source": " { step: u32, source: std::io::Error }",
            "from_io": "(#[from] std::io::Error)",
            "from_json": "(#[from] serde_json::Error)",
        }[self.kind]

    def pattern(self) -> str:
        return {
            "unit": f"ApiError::{self.name}",
            "two": f"ApiError::{self.name} {{ cluster_id, project_id }}",
            "num": f"ApiError::{self.name} {{ pool, count }}",
            "source": f"ApiError::{self.name} {{ step, .. }}",
            "from_io": f"ApiError::{self.name}(_)",
            "from_json": f"ApiError::{self.name}(_)",
        }[self.kind]

    @property
    def status_expr(self) -> str:
        const = STATUS_CONST.get(self.status)
        return f"StatusCode::{const}" if const else f"StatusCode::from_u16({self.status}).unwrap()"


def service_variants(table) -> list[ServiceVariant]:
    return [ServiceVariant(i, table[i % len(table)]) for i in range(SERVICE_VARIANTS)]


def service_error_rs(style: str, table) -> str:
    vs = service_variants(table)
    out = [f"//! Generated by tests/compile-bench/run.py: the service's errors, {style} style. Do not edit.", ""]
    if style == "cce-errors":
        out += ["use cce_errors::CceError;", "", "#[derive(Debug, CceError)]", "pub enum ApiError {"]
        for v in vs:
            attr = f"code = {rust_str(v.code)}" + (f", detail = {rust_str(v.detail)}" if v.detail else "")
            out.append(f"    #[cce({attr})]")
            out.append(f"    {v.name}{v.fields()},")
        out.append("}")
        return "\n".join(out) + "\n"
    out += [
        "use axum::Json;",
        "use axum::http::StatusCode;",
        "use axum::response::{IntoResponse, Response};",
        "",
        "#[derive(Debug, thiserror::Error)]",
        "pub enum ApiError {",
    ]
    for v in vs:
        text = fmt_lit(f"{v.message} [{v.code}]")[:-1]
        if v.detail:
            text += ": " + fmt_lit(v.detail)[1:].replace("{{", "{").replace("}}", "}")
        else:
            text += '"'
        out.append(f"    #[error({text})]")
        out.append(f"    {v.name}{v.fields()},")
    out += [
        "}",
        "",
        "impl IntoResponse for ApiError {",
        "    fn into_response(self) -> Response {",
        "        let (status, code, message, detail): (StatusCode, &'static str, &str, Option<String>) = match &self {",
    ]
    for v in vs:
        if v.detail:
            detail = "Some(format!(" + rust_str(v.detail) + "))"
        else:
            detail = "None"
        out.append(f"            {v.pattern()} => ({v.status_expr}, {rust_str(v.code)}, {rust_str(v.message)}, {detail}),")
    out += [
        "        };",
        "        let body = match detail {",
        '            Some(detail) => serde_json::json!({ "errorCode": code, "errorMessage": message, "message": detail }),',
        '            None => serde_json::json!({ "errorCode": code, "errorMessage": message }),',
        "        };",
        '        (status, [("x-cce-error-code", code)], Json(body)).into_response()',
        "    }",
        "}",
    ]
    return "\n".join(out) + "\n"


SERVICE_MAIN = """\
//! Generated by tests/compile-bench/run.py: a small cluster API on axum. Do not edit.
mod error;

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use error::ApiError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Cluster {
    id: String,
    name: String,
    nodes: u32,
}

async fn show(Path(id): Path<String>) -> Result<Json<Cluster>, ApiError> {
    if id == "missing" {
        return Err(ApiError::__TWO__ { cluster_id: id, project_id: "p1".into() });
    }
    if id == "big" {
        return Err(ApiError::__NUM__ { pool: id, count: 500 });
    }
    Ok(Json(Cluster { id, name: "demo".into(), nodes: 3 }))
}

async fn create(body: axum::body::Bytes) -> Result<Json<Cluster>, ApiError> {
    let cluster: Cluster = serde_json::from_slice(&body)?;
    if cluster.nodes == 0 {
        return Err(ApiError::__UNIT__);
    }
    Ok(Json(cluster))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new()
        .route("/clusters/{id}", get(show))
        .route("/clusters", axum::routing::post(create))
__LAYERS__;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await
}
"""

SERVICE_LAYERS = {
    "cce-errors": """\
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(cce_errors::axum::CceLayer::new())""",
    "thiserror": """\
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))""",
}


def write_service(crates: Path, style: str, src: Path, table) -> Path:
    d = crates / f"service-{style}"
    own = (
        f'cce-errors = {{ path = "{src / "cce-errors"}", features = ["axum"] }}'
        if style == "cce-errors"
        else 'thiserror = "2"'
    )
    write_crate(d, f"service-{style}", [*SERVICE_DEPS, own], "", src / "Cargo.lock")
    (d / "src" / "lib.rs").unlink(missing_ok=True)
    # The handlers use the first variant of each kind, whatever the cycle.
    main = SERVICE_MAIN.replace("__LAYERS__", SERVICE_LAYERS[style])
    for kind in ("two", "num", "unit"):
        first = next(v for v in service_variants(table) if v.kind == kind)
        main = main.replace(f"__{kind.upper()}__", first.name)
    (d / "src" / "main.rs").write_text(main)
    (d / "src" / "error.rs").write_text(service_error_rs(style, table))
    return d


def mode_service(args, work: Path, src: Path, table) -> None:
    crates = work / "crates"
    dirs = {style: write_service(crates, style, src, table) for style in SERVICE_STYLES}
    cmd = ["cargo", "build"] + (["--timings"] if args.timings else [])
    log("")
    log(f"== service: a realistic axum service ({SERVICE_VARIANTS}-variant error enum), cce-errors vs thiserror + hand-written IntoResponse ==")
    for style, d in dirs.items():
        log(f"  {style:<10} {d}  (src/main.rs, src/error.rs)")
    log("  both depend on " + "; ".join(SERVICE_DEPS))
    log("  cce-errors: + cce-errors (features axum); thiserror: + thiserror 2")
    log(f"cold: each run in a new empty target dir, the two alternating: {show_cmd(cmd, work / 'service-cold-XXXX')}")
    cold: dict[str, list[float]] = {s: [] for s in SERVICE_STYLES}
    cold_cpu: dict[str, list[float]] = {s: [] for s in SERVICE_STYLES}
    targets = {s: work / f"service-target-{s}" for s in SERVICE_STYLES}
    for r in range(args.cold_runs):
        order = SERVICE_STYLES if r % 2 == 0 else SERVICE_STYLES[::-1]
        for style in order:
            target = Path(tempfile.mkdtemp(prefix="service-cold-", dir=work))
            try:
                load = loadavg()
                wall, cpu, _, _ = timed(cmd, cargo_env(target), dirs[style])
                if args.timings:
                    report = dirs[style] / "target" / "cargo-timings"
                    for html in (target / "cargo-timings").glob("cargo-timing-*.html"):
                        report.mkdir(parents=True, exist_ok=True)
                        shutil.copy(html, report / f"cold-run{r + 1}-{html.name}")
            finally:
                # The last run's target dir is kept for the incremental builds.
                if r == args.cold_runs - 1:
                    if targets[style].exists():
                        shutil.rmtree(targets[style])
                    target.rename(targets[style])
                else:
                    shutil.rmtree(target, ignore_errors=True)
            cold[style].append(wall)
            cold_cpu[style].append(cpu)
            log(f"  cold run {r + 1}/{args.cold_runs} {style:<10} {wall:7.2f} s wall  {cpu:7.2f} s cpu  (loadavg before: {load})")
    for style, d in dirs.items():
        extra = lock_check(d, src / "Cargo.lock")
        if extra:
            log(f"  note: {d.name} resolved packages the workspace lock does not have: {extra}")
    log("")
    log(f"incremental: append a comment to src/error.rs, then {' '.join(cmd)} in the kept target dir, {args.runs} runs, alternating")
    incr: dict[str, list[float]] = {s: [] for s in SERVICE_STYLES}
    base = {s: (dirs[s] / "src" / "error.rs").read_text() for s in SERVICE_STYLES}
    for r in range(args.runs):
        order = SERVICE_STYLES if r % 2 == 0 else SERVICE_STYLES[::-1]
        for style in order:
            (dirs[style] / "src" / "error.rs").write_text(base[style] + f"// compile-bench touch {r}\n")
            load = loadavg()
            wall, _, _, err = timed(["cargo", "build"], cargo_env(targets[style]), dirs[style])
            if f"Compiling service-{style}" not in err:
                sys.exit(f"service-{style}: cargo did not recompile the service after the touch:\n{err}")
            incr[style].append(wall)
            log(f"  incremental run {r + 1}/{args.runs} {style:<10} {wall:7.3f} s  (loadavg before: {load})")
    log("")
    log("== realistic service (seconds, wall clock) ==")
    log(f"{'build':<24} {'style':<10} {'median':>8} {'min':>8} {'max':>8}")
    for label, data in (("cold", cold), ("incremental (error.rs)", incr)):
        for style in SERVICE_STYLES:
            med, lo, hi = stats(data[style])
            log(f"{label:<24} {style:<10} {med:8.3f} {lo:8.3f} {hi:8.3f}")
    c = statistics.median(cold["cce-errors"]) / statistics.median(cold["thiserror"])
    cc = statistics.median(cold_cpu["cce-errors"]) / statistics.median(cold_cpu["thiserror"])
    i = statistics.median(incr["cce-errors"]) / statistics.median(incr["thiserror"])
    log(f"ratio cce-errors / thiserror: cold {c:.3f}x wall ({cc:.3f}x cpu), median of {args.cold_runs} runs each;"
        f" incremental {i:.3f}x, median of {args.runs} runs each")
    if args.timings:
        log(f"cargo --timings reports: {dirs['cce-errors'] / 'target' / 'cargo-timings'} and {dirs['thiserror'] / 'target' / 'cargo-timings'}")


# ---------------------------------------------------------------------------
# deps: what cce-errors adds to the realistic service's dependency graph

WATCHED = ("syn", "quote", "proc-macro2", "serde", "serde_core", "serde_json")


def builds(service: Path, env: dict[str, str]) -> tuple[set[tuple[str, str, str]], str]:
    """(package, version, host|target) of every package of the service's
    graph (normal and build edges), and `cargo tree -d`'s output. A package
    under a proc macro or a build script is built for the host; cargo builds
    host units apart from target ones (the dev profile's `build-override`),
    so one in both places is built twice."""
    tree = subprocess.run(
        ["cargo", "tree", "-e", "normal,build", "--no-dedupe", "-f", "{p}"],
        cwd=service, env=env, capture_output=True, text=True,
    )
    if tree.returncode != 0:
        sys.exit(f"cargo tree failed in {service}:\n{tree.stderr}")
    dups = subprocess.run(
        ["cargo", "tree", "-d", "-e", "normal,build"], cwd=service, env=env, capture_output=True, text=True
    ).stdout
    found: set[tuple[str, str, str]] = set()
    nodes: list[tuple[int, bool]] = []  # (column of the text, built for the host) of each ancestor
    build_labels: list[int] = []  # columns of `[build-dependencies]` labels in force
    for line in tree.stdout.splitlines():
        text = line.lstrip(" \u2502\u251c\u2514\u2500")
        col = len(line) - len(text)
        if not text:
            continue
        while nodes and nodes[-1][0] >= col:
            nodes.pop()
        while build_labels and build_labels[-1] >= col:
            build_labels.pop()
        if text.startswith("["):
            # `[build-dependencies]`, `[dev-dependencies]`: the sections of
            # the node whose text is at this column.
            if text.startswith("[build-dependencies]"):
                build_labels.append(col)
            continue
        parts = text.split()
        if len(parts) < 2:
            continue
        name, version = parts[0], parts[1].lstrip("v")
        parent_host = nodes[-1][1] if nodes else False
        under_build = bool(build_labels) and build_labels[-1] == col - 4
        host = parent_host or under_build or "(proc-macro)" in text
        nodes.append((col, host))
        found.add((name, version, "host" if host else "target"))
    return found, dups


def mode_deps(args, work: Path, src: Path, table) -> None:
    crates = work / "crates"
    env = cargo_env(work / "deps-target")
    graphs = {}
    log("")
    log("== deps: what cce-errors adds to a realistic service's build graph ==")
    for style in SERVICE_STYLES:
        d = write_service(crates, style, src, table)
        graphs[style], dups = builds(d, env)
        log(f"$ cargo tree -d -e normal,build   (in {d})")
        log(dups.rstrip() or "(no package in two versions)")
        log("")
    failed = []
    for name in WATCHED:
        mine = sorted((v, c) for n, v, c in graphs["cce-errors"] if n == name)
        theirs = sorted((v, c) for n, v, c in graphs["thiserror"] if n == name)
        extra = sorted(set(mine) - set(theirs))
        verdict = "ok"
        if extra and len(mine) > 1:
            verdict = "EXTRA BUILD: " + ", ".join(f"{v} for the {c}" for v, c in extra)
            failed.append(name)
        log(f"  {name:<12} cce-errors service: {', '.join(f'{v} ({c})' for v, c in mine) or '-':<40} "
            f"thiserror service: {', '.join(f'{v} ({c})' for v, c in theirs) or '-':<40} {verdict}")
    if failed:
        sys.exit(f"cce-errors brings a second version or a second host build of {', '.join(failed)} "
                 "that the thiserror service does not have")
    log("cce-errors brings no second version and no second host build of " + ", ".join(WATCHED))
    # The two services must compile, or the `service` mode measures nothing:
    # `cargo check` both (one target dir, so the second reuses the first's
    # dependencies).
    for style in SERVICE_STYLES:
        d = crates / f"service-{style}"
        log(f"$ cargo check   (in {d})")
        check = subprocess.run(["cargo", "check", "--quiet"], cwd=d, env=env, capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit(f"the {style} service does not compile:\n{check.stderr}")
    log("both services compile")


# ---------------------------------------------------------------------------


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", nargs="?", default="incremental", choices=["incremental", "cold", "verify", "service", "deps", "all", "instructions"])
    p.add_argument("--timings", action="store_true", help="service: pass --timings to each cold build and keep its report")
    p.add_argument("--sizes", default="100,1000,5000", help="variant counts (default 100,1000,5000)")
    p.add_argument("--runs", type=int, default=5, help="timed incremental builds per crate (default 5)")
    p.add_argument("--cold-runs", type=int, default=3, help="cold builds of each crate (default 3)")
    p.add_argument("--work-dir", default=str(WORKSPACE / "target" / "compile-bench"), help="where crates and target dirs go")
    p.add_argument("--edit", default="comment", choices=sorted(EDITS), help="the change before each timed incremental build (default comment)")
    p.add_argument("--live", action="store_true", help="build against the workspace crates in place instead of a copy taken at start")
    p.add_argument("--no-verify", dest="verify", action="store_false", help="skip the behaviour check of the generated crates")
    args = p.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.runs < 1 or args.cold_runs < 1:
        sys.exit("--runs and --cold-runs must be at least 1")

    work = Path(args.work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log(f"$ python3 {' '.join(shlex.quote(a) for a in sys.argv)}")
    log("== machine ==")
    for line in machine():
        log(line)
    src = snapshot(work, args.live)
    log(f"cce-errors built from: {src}" + ("" if args.live else " (a copy of the workspace's cce-errors and cce-errors-derive taken at start)"))
    table = read_table(TABLE if args.live else src / "cce-errors-derive" / "tables" / TABLE.name)
    log(f"table: {len(table)} codes, cycled through in order")
    if args.mode in ("incremental", "all"):
        mode_incremental(args, work, src, table)
    if args.mode == "verify":
        crates = work / "crates"
        n = min(args.sizes)
        for style in STYLES:
            write_crate(crates / crate_name(style, n), crate_name(style, n), style_deps(style, src / "cce-errors"), lib_rs(style, n, table), src / "Cargo.lock")
        verify(work, src, table, n, crates)
    if args.mode in ("cold", "all"):
        mode_cold(args, work, src)
    if args.mode == "instructions":
        mode_instructions(args, work, src, table)
    if args.mode == "service":
        mode_service(args, work, src, table)
    if args.mode == "deps":
        mode_deps(args, work, src, table)
    log("")
    log(f"loadavg at end: {loadavg()}; total time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
