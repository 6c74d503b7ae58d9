#!/usr/bin/env bash
# Checks that the official clients decode the error responses of the cce-errors
# example service (examples/cluster_service.rs, axum) as expected, with its
# default body and with its compatibility body; then that Python's `requests`
# and `urllib` read the errors of a production-like stack (compression inside
# the layer, endless and stalled error bodies, 64 MiB uploads over the limit)
# on axum and actix-web (tests/src/bin/stack_server.rs, stack_check.py).
#
#     tests/clients/ci.sh
#
# It builds the example once, starts it twice on free ports (plain, and with
# CCE_ERRORS_COMPAT=1), installs the pinned clients (run.sh --install; reused
# from $CLIENTS_DIR, default /tmp/cce-clients, when the pins have not changed),
# runs the three client scripts against each service with --expect default and
# --expect compat, and stops both services however it ends.
#
# Needs the Rust toolchain, python3 (3.9+) with venv, node and npm, and access
# to crates.io, PyPI and the npm registry (for a first build and install).
#
# Exit status: non-zero if the build, a service's start, an install or any
# check failed.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", b - a }'; }
step() { printf '\n==> %s\n' "$*"; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    local pid
    for pid in ${PIDS[@]+"${PIDS[@]}"}; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in ${PIDS[@]+"${PIDS[@]}"}; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$(now)

step "cargo build --example cluster_service --features axum,utoipa,tracing"
start=$(now)
(cd "$ROOT" && cargo build --example cluster_service --features axum,utoipa,tracing \
    --message-format=json-render-diagnostics >"$WORK/build.json")
SERVICE=$(python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    t = m.get("target") or {}
    if m.get("reason") == "compiler-artifact" and t.get("name") == "cluster_service" \
            and "example" in t.get("kind", []) and m.get("executable"):
        print(m["executable"])
' <"$WORK/build.json" | tail -n 1)
[ -x "$SERVICE" ] || { echo "cargo build reported no cluster_service executable" >&2; exit 1; }
build_time=$(took "$start" "$(now)")
echo "built $SERVICE ($build_time)"

# start NAME ENV-ARGS...: runs the service under `env ENV-ARGS...` on a free
# port, waits for the line saying where it listens, and sets ADDR.
start_service() {
    local name=$1 pid line
    shift
    env "$@" "$SERVICE" 127.0.0.1:0 >"$WORK/$name.out" 2>"$WORK/$name.log" &
    pid=$!
    PIDS+=("$pid")
    ADDR=
    for _ in $(seq 1 200); do
        line=$(grep -m 1 '^cluster service (axum) listening on http://' "$WORK/$name.out" || true)
        if [ -n "$line" ]; then
            ADDR=${line#cluster service (axum) listening on http://}
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$ADDR" ]; then
        echo "the $name service did not say where it listens; its output:" >&2
        cat "$WORK/$name.out" "$WORK/$name.log" >&2
        exit 1
    fi
    echo "$name service (pid $pid) on http://$ADDR"
}

step "cargo build -p cce-errors-tests --bin stack_server"
(cd "$ROOT" && cargo build -p cce-errors-tests --bin stack_server \
    --message-format=json-render-diagnostics >"$WORK/stack-build.json")
STACK=$(python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    t = m.get("target") or {}
    if m.get("reason") == "compiler-artifact" and t.get("name") == "stack_server" and m.get("executable"):
        print(m["executable"])
' <"$WORK/stack-build.json" | tail -n 1)
[ -x "$STACK" ] || { echo "cargo build reported no stack_server executable" >&2; exit 1; }

# start_stack FRAMEWORK: runs the stack server and sets ADDR.
start_stack() {
    local framework=$1 pid line
    "$STACK" "$framework" 127.0.0.1:0 >"$WORK/stack-$framework.out" 2>"$WORK/stack-$framework.log" &
    pid=$!
    PIDS+=("$pid")
    ADDR=
    for _ in $(seq 1 200); do
        line=$(grep -m 1 "^stack server ($framework) listening on http://" "$WORK/stack-$framework.out" || true)
        if [ -n "$line" ]; then
            ADDR=${line#stack server ($framework) listening on http://}
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$ADDR" ]; then
        echo "the $framework stack server did not say where it listens; its output:" >&2
        cat "$WORK/stack-$framework.out" "$WORK/stack-$framework.log" >&2
        exit 1
    fi
    echo "$framework stack server (pid $pid) on http://$ADDR"
}

step "starting the example service twice"
start_service default -u CCE_ERRORS_COMPAT
DEFAULT_URL=http://$ADDR
start_service compat CCE_ERRORS_COMPAT=1
COMPAT_URL=http://$ADDR

step "installing the pinned clients"
start=$(now)
"$HERE/run.sh" --install
install_time=$(took "$start" "$(now)")

status=0
declare -A run_time
for mode in default compat; do
    if [ "$mode" = default ]; then url=$DEFAULT_URL; else url=$COMPAT_URL; fi
    step "run.sh --expect $mode $url"
    start=$(now)
    "$HERE/run.sh" --expect "$mode" "$url" | tee "$WORK/$mode.txt" || status=1
    run_time[$mode]=$(took "$start" "$(now)")
done

CLIENTS_DIR=${CLIENTS_DIR:-/tmp/cce-clients}
for framework in axum actix; do
    start_stack "$framework"
    step "stack_check.py stack http://$ADDR ($framework)"
    "$CLIENTS_DIR/venv/bin/python" "$HERE/stack_check.py" stack "http://$ADDR" \
        | tee "$WORK/stack-$framework.txt" || status=1
done
step "stack_check.py example $DEFAULT_URL"
"$CLIENTS_DIR/venv/bin/python" "$HERE/stack_check.py" example "$DEFAULT_URL" \
    | tee "$WORK/stack-example.txt" || status=1

# issue 14: the gRPC example service (examples/grpc_service.rs) against a
# gRPC client no one here wrote, Python's grpcio with grpcio-status (pinned
# in grpc_requirements.txt, in a virtualenv of their own, reused while the
# pins have not changed): status codes, ErrorInfo reason, domain and
# metadata, RetryInfo, LocalizedMessage and x-request-id are checked.
step "cargo build --example grpc_service --features tonic"
(cd "$ROOT" && cargo build --example grpc_service --features tonic \
    --message-format=json-render-diagnostics >"$WORK/grpc-build.json")
GRPC_SERVICE=$(python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    t = m.get("target") or {}
    if m.get("reason") == "compiler-artifact" and t.get("name") == "grpc_service" \
            and "example" in t.get("kind", []) and m.get("executable"):
        print(m["executable"])
' <"$WORK/grpc-build.json" | tail -n 1)
[ -x "$GRPC_SERVICE" ] || { echo "cargo build reported no grpc_service executable" >&2; exit 1; }
"$GRPC_SERVICE" 127.0.0.1:0 >"$WORK/grpc.out" 2>"$WORK/grpc.log" &
grpc_pid=$!
PIDS+=("$grpc_pid")
GRPC_ADDR=
for _ in $(seq 1 200); do
    grpc_line=$(grep -m 1 '^cluster service (gRPC) listening on http://' "$WORK/grpc.out" || true)
    if [ -n "$grpc_line" ]; then
        GRPC_ADDR=${grpc_line#cluster service (gRPC) listening on http://}
        break
    fi
    kill -0 "$grpc_pid" 2>/dev/null || break
    sleep 0.05
done
if [ -z "$GRPC_ADDR" ]; then
    echo "the gRPC service did not say where it listens; its output:" >&2
    cat "$WORK/grpc.out" "$WORK/grpc.log" >&2
    exit 1
fi
echo "gRPC service (pid $grpc_pid) on $GRPC_ADDR"
GRPC_VENV=${CLIENTS_DIR:-/tmp/cce-clients}/grpc-venv
grpc_pins=$(sha256sum "$HERE/grpc_requirements.txt" | cut -d' ' -f1)
if [ ! -x "$GRPC_VENV/bin/python" ] || [ "$(cat "$GRPC_VENV/.pins" 2>/dev/null)" != "$grpc_pins" ]; then
    step "installing the pinned gRPC client in $GRPC_VENV"
    rm -rf "$GRPC_VENV"
    python3 -m venv "$GRPC_VENV"
    "$GRPC_VENV/bin/pip" install --quiet --disable-pip-version-check \
        --no-deps --requirement "$HERE/grpc_requirements.txt"
    "$GRPC_VENV/bin/pip" check --disable-pip-version-check >/dev/null
    echo "$grpc_pins" >"$GRPC_VENV/.pins"
fi
step "grpc_check.py $GRPC_ADDR (grpcio, grpcio-status)"
"$GRPC_VENV/bin/python" "$HERE/grpc_check.py" "$GRPC_ADDR" | tee "$WORK/grpc.txt" || status=1
# end of issue 14

step "summary"
# Each script ends with "SCRIPT --expect MODE: passed|FAILED, N/M checks".
grep -hE -- '--expect (default|compat): (passed|FAILED), ' "$WORK/default.txt" "$WORK/compat.txt" || true
grep -hE -- '^stack_check.py (stack|example) [^ ]+: (passed|FAILED), ' "$WORK"/stack-*.txt || true
echo "times: build $build_time, install $install_time," \
    "runs ${run_time[default]} (default) + ${run_time[compat]} (compat), total $(took "$started" "$(now)")"
if [ "$status" -ne 0 ]; then
    echo "client checks FAILED (the MISMATCH lines above give expected and actual values)"
else
    echo "client checks passed"
fi
exit "$status"
