#!/usr/bin/env bash
# Writes cce.cluster.v1.rs again from cluster.proto, as tonic-prost-build
# 0.14.9 generates it (messages, client and server; no transport helpers).
# Needs protoc (Debian: apt-get install protobuf-compiler) and crates.io.
# The example and the tests build from the checked-in file without protoc.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src"
cat >"$WORK/Cargo.toml" <<'TOML'
[package]
name = "regenerate-cluster-proto"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tonic-prost-build = "=0.14.9"

[workspace]
TOML
cat >"$WORK/src/main.rs" <<'RUST'
fn main() {
    let dir = std::env::args().nth(1).expect("the directory of cluster.proto");
    tonic_prost_build::configure()
        .build_transport(false)
        .out_dir(&dir)
        .compile_protos(&[format!("{dir}/cluster.proto")], &[dir.clone()])
        .expect("tonic-prost-build");
}
RUST
cargo run --quiet --manifest-path "$WORK/Cargo.toml" --target-dir "$WORK/target" -- "$HERE"
echo "wrote $HERE/cce.cluster.v1.rs"
