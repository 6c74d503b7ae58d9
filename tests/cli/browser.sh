#!/usr/bin/env bash
# Checks the HTML pages of the `cce-errors` command and of a type's glossary
# in a real headless Chromium (browser.mjs): rendering, anchors and the
# filter box, on three pages: the CCE table (`cce-errors list --format
# html`), a team's table with a Retryable column, and the example services'
# glossary (`cargo run --example glossary -- html`).
#
#     tests/cli/browser.sh
#
# Needs the Rust toolchain, node and npm, and Chromium at $CHROMIUM (default
# /usr/bin/chromium: Debian's `chromium` package; .ci/run installs it).
# playwright-core is installed at the version pinned in package-lock.json
# into $BROWSER_DIR (default /tmp/cce-browser), reused while the pin holds;
# the pages and screenshots go to a temporary directory, kept when a check
# fails.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BROWSER_DIR=${BROWSER_DIR:-/tmp/cce-browser}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$CHROMIUM" ]; then
    echo "no Chromium at $CHROMIUM: install Debian's chromium package, or set CHROMIUM" >&2
    exit 1
fi

if ! cmp -s "$HERE/package-lock.json" "$BROWSER_DIR/package-lock.json" 2>/dev/null \
    || [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
    rm -rf "$BROWSER_DIR"
    mkdir -p "$BROWSER_DIR"
    cp "$HERE/package.json" "$HERE/package-lock.json" "$BROWSER_DIR/"
    (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$HERE/browser.mjs" "$BROWSER_DIR/browser.mjs"

cd "$ROOT"
cargo build --quiet -p cce-errors --features cli --bin cce-errors
cargo build --quiet -p cce-errors --example glossary
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
command="$target_dir/debug/cce-errors"
glossary="$target_dir/debug/examples/glossary"

pages=$(mktemp -d)
for format in html json; do
    "$command" list --format "$format" >"$pages/cce.$format"
    "$command" list --table tests/tables/dcs_error_codes.csv --format "$format" >"$pages/dcs.$format"
    "$glossary" "$format" >"$pages/glossary.$format"
done

if node "$BROWSER_DIR/browser.mjs" "$pages" cce dcs glossary; then
    rm -rf "$pages"
else
    echo "the pages and screenshots are in $pages" >&2
    exit 1
fi
