#!/usr/bin/env bash
# Installs the load generator `oha` from crates.io with cargo, unless an oha
# of the pinned version is already there: $OHA, then $OHA_ROOT/bin/oha when
# OHA_ROOT is set (and then only there), else ~/.cargo/bin/oha or the PATH's.
# OHA_VERSION (default 1.16.0) pins the version whose JSON and SQLite
# output load.py reads; OHA_ROOT (default ~/.cargo) is where it installs. Prints the path of the binary on
# stdout; progress and the install time go to stderr.
set -euo pipefail
OHA_VERSION="${OHA_VERSION:-1.16.0}"
want="oha ${OHA_VERSION}"
candidates=("${OHA:-}")
if [[ -n "${OHA_ROOT:-}" ]]; then
    # An explicit root: use or install oha there only.
    candidates+=("$OHA_ROOT/bin/oha")
else
    OHA_ROOT="$HOME/.cargo"
    candidates+=("$OHA_ROOT/bin/oha" "$(command -v oha 2>/dev/null || true)")
fi
for candidate in "${candidates[@]}"; do
    if [[ -n "$candidate" && -x "$candidate" ]] && [[ "$("$candidate" --version 2>/dev/null)" == "$want" ]]; then
        echo "oha: found $candidate ($want), no install" >&2
        echo "$candidate"
        exit 0
    fi
done
echo "oha: installing $want from crates.io into $OHA_ROOT (cargo install --locked) ..." >&2
start=$(date +%s)
cargo install oha --version "$OHA_VERSION" --locked --root "$OHA_ROOT" >&2
end=$(date +%s)
echo "oha: installed in $((end - start)) s" >&2
echo "$OHA_ROOT/bin/oha"
