#!/usr/bin/env bash
# Load test of the axum example service, in one command from the workspace
# root:  tests/load/run.sh [--duration S] [--concurrency C] [...]
# (tests/load/run.sh --help lists the options). Installs oha from crates.io
# if it is missing, builds the example in release mode, runs
# tests/load/load.py, and exits non-zero if a target is missed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

for arg in "$@"; do
    if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
        exec python3 tests/load/load.py --help
    fi
done

install_start=$(date +%s)
oha_log=$(mktemp)
if ! oha=$(tests/load/install_oha.sh 2>"$oha_log"); then
    cat "$oha_log" >&2
    echo "load: could not install oha from crates.io" >&2
    exit 2
fi
cat "$oha_log" >&2
install_note="$(grep -E '^oha: (found|installed)' "$oha_log" | tr '\n' ' ')(step took $(( $(date +%s) - install_start )) s)"
rm -f "$oha_log"

build_start=$(date +%s)
cargo build --release --example cluster_service --features axum,utoipa,tracing >&2
build_note="cargo build --release --example cluster_service --features axum,utoipa,tracing: $(( $(date +%s) - build_start )) s"

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
outdir="$target_dir/load/$(date +%Y%m%d-%H%M%S)"
exec python3 tests/load/load.py \
    --oha "$oha" \
    --service "$target_dir/release/examples/cluster_service" \
    --outdir "$outdir" \
    --install-note "$install_note" \
    --build-note "$build_note" \
    "$@"
