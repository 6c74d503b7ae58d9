#!/usr/bin/env bash
# Runs the official clients (Huawei Cloud Python SDK, openstacksdk, Huawei
# Cloud Node.js SDK core) against a running CCE-style service and prints what
# each one raises for a 401, a 404 and a 400 with a detail; with --expect, each
# script also checks what its client shows against the example service's
# default body (default) or its compatibility body (compat).
#
#     tests/clients/run.sh [--expect default|compat] BASE_URL
#                                              e.g. http://127.0.0.1:18080
#     tests/clients/run.sh --install           install the clients only
#
# tests/clients/ci.sh starts the example service itself, in both modes, and
# runs this with --expect.
#
# It starts no service: run the example (cargo run -p cce-errors --example
# cluster_service --features axum,utoipa,tracing 127.0.0.1:18080) or
# tests/clients/compat_server.py first.
#
# The clients are installed, at the versions pinned in requirements.txt and
# package-lock.json, under $CLIENTS_DIR (default /tmp/cce-clients): a Python
# virtualenv in $CLIENTS_DIR/venv and node_modules in $CLIENTS_DIR/node. An
# install whose pins have not changed is reused. Needs python3 (3.9+) with venv,
# node and npm, and access to PyPI and the npm registry for the first install.
#
# Exit status: non-zero if an install fails, a client got no error at all, or
# (with --expect) a check failed.

set -euo pipefail

usage() {
    echo "usage: $0 [--expect default|compat] BASE_URL" >&2
    echo "       $0 --install" >&2
    exit 2
}
EXPECT=()
INSTALL_ONLY=0
case "${1:-}" in
    --install)
        [ $# -eq 1 ] || usage
        INSTALL_ONLY=1 ;;
    --expect)
        [ $# -eq 3 ] || usage
        case "$2" in default | compat) ;; *) usage ;; esac
        EXPECT=(--expect "$2")
        BASE=$3 ;;
    *)
        [ $# -eq 1 ] || usage
        BASE=$1 ;;
esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLIENTS_DIR=${CLIENTS_DIR:-/tmp/cce-clients}
mkdir -p "$CLIENTS_DIR"

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", b - a }'; }

# Python: a virtualenv with the pinned requirements.
PY_STAMP="$CLIENTS_DIR/venv/.pins"
PY_PINS=$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$CLIENTS_DIR/venv/bin/python" ] || [ "$(cat "$PY_STAMP" 2>/dev/null)" != "$PY_PINS" ]; then
    start=$(now)
    rm -rf "$CLIENTS_DIR/venv"
    python3 -m venv "$CLIENTS_DIR/venv"
    "$CLIENTS_DIR/venv/bin/pip" install --quiet --disable-pip-version-check \
        --no-deps --requirement "$HERE/requirements.txt"
    "$CLIENTS_DIR/venv/bin/pip" check --disable-pip-version-check >/dev/null
    echo "$PY_PINS" >"$PY_STAMP"
    echo "== installed the Python clients in $CLIENTS_DIR/venv ($(took "$start" "$(now)"))"
else
    echo "== reusing the Python clients in $CLIENTS_DIR/venv"
fi

# Node: npm ci from the committed lock file.
NODE_DIR="$CLIENTS_DIR/node"
NODE_STAMP="$NODE_DIR/.pins"
NODE_PINS=$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ ! -d "$NODE_DIR/node_modules" ] || [ "$(cat "$NODE_STAMP" 2>/dev/null)" != "$NODE_PINS" ]; then
    start=$(now)
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$HERE/package.json" "$HERE/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$NODE_PINS" >"$NODE_STAMP"
    echo "== installed the Node client in $NODE_DIR ($(took "$start" "$(now)"))"
else
    echo "== reusing the Node client in $NODE_DIR"
fi

[ "$INSTALL_ONLY" -eq 0 ] || exit 0

status=0
run() {
    echo
    echo "== $1"
    shift
    "$@" || status=1
}
run "huaweicloudsdkcore + huaweicloudsdkcce (Python) against $BASE" \
    "$CLIENTS_DIR/venv/bin/python" "$HERE/hwsdk_python.py" ${EXPECT[@]+"${EXPECT[@]}"} "$BASE"
run "openstacksdk (Python) against $BASE" \
    "$CLIENTS_DIR/venv/bin/python" "$HERE/openstack_client.py" ${EXPECT[@]+"${EXPECT[@]}"} "$BASE"
run "@huaweicloud/huaweicloud-sdk-core (Node.js) against $BASE" \
    env NODE_PATH="$NODE_DIR/node_modules" node "$HERE/node_sdk.js" ${EXPECT[@]+"${EXPECT[@]}"} "$BASE"
exit $status
