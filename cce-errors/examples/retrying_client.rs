//! A client of the example cluster service that retries what the service
//! says is worth retrying: it creates a cluster, deletes it at once (the
//! service answers 429 with `Retry-After` while the cluster is being
//! created), and lets `RetryingClient` wait and send the delete again.
//!
//! ```sh
//! cargo run --example cluster_service --features axum,utoipa,tracing &
//! cargo run --example retrying_client --features reqwest [BASE_URL]
//! ```

use std::time::{Duration, Instant};

use cce_errors::reqwest::{RetryPolicy, RetryingClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let clusters = format!("{base}/api/v3/projects/p1/clusters");
    let client = reqwest::Client::new();
    let created: serde_json::Value = client
        .post(&clusters)
        .header("X-Auth-Token", "t")
        .json(&serde_json::json!({
            "kind": "Cluster",
            "apiVersion": "v3",
            "metadata": {"name": format!("retry-{}", std::process::id())},
            "spec": {"flavor": "cce.s1.small", "hostNetwork": {"vpc": "vpc-01", "subnet": "subnet-01"}},
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let uid = created["metadata"]["uid"].as_str().unwrap_or_default();
    let url = format!("{clusters}/{uid}");
    println!("created {uid}");

    // Without retries: the error, and what it says about retrying.
    let once = RetryingClient::new(client.clone(), RetryPolicy::new().with_max_retries(0));
    let first = once
        .send(once.inner().delete(&url).header("X-Auth-Token", "t"))
        .await;
    if let Err(error) = &first
        && let Some(remote) = error.remote()
    {
        println!(
            "without retries: {remote}; retryable: {}, retry after: {:?}",
            remote.is_retryable(),
            remote.retry_after()
        );
    }

    // With them: waits as told, within 60 s, then sends the delete again.
    let retrying = RetryingClient::new(
        client,
        RetryPolicy::new().with_max_delay(Duration::from_secs(60)),
    );
    let started = Instant::now();
    let response = retrying
        .send(retrying.inner().delete(&url).header("X-Auth-Token", "t"))
        .await?;
    println!(
        "with retries: {} after {:.1} s",
        response.status(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
