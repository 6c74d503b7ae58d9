//! Draining an upload the service refused keeps memory bounded: alone in
//! its test binary, as it measures the process's resident memory.

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use cce_errors::axum::CceLayer;
use cce_errors_tests::stack::axum_routes::routes;
use support::serve_axum;
use support::stack::{rss_kib, send_then_read};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draining_keeps_memory_bounded() {
    let base = serve_axum(routes().layer(CceLayer::new())).await;
    // Warm up, then three 32 MiB uploads: the server drops what it drains
    // as it arrives.
    let upload = |base: String| {
        tokio::task::spawn_blocking(move || send_then_read(&base, "/upload", 32 * 1024 * 1024, ""))
    };
    upload(base.clone()).await.unwrap().unwrap();
    let before = rss_kib();
    for _ in 0..3 {
        let answer = upload(base.clone()).await.unwrap().unwrap();
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    }
    let grown = rss_kib().saturating_sub(before);
    assert!(
        grown < 16 * 1024,
        "96 MiB drained, resident memory grew by {grown} KiB"
    );
}
