//! Retry decisions on the client side (`RemoteError::retry_after`,
//! `is_retryable`) and `cce_errors::reqwest::RetryingClient`, against the
//! example cluster service and stand-ins over loopback.

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse as _;
use axum::routing::get;
use cce_errors::axum::CceLayer;
use cce_errors::decode::decode;
use cce_errors::reqwest::{ClientError, RetryPolicy, RetryingClient};
use cluster_service::common::{ApiError, Store};
use support::{client, create_body, serve_axum};

/// A service answering every request with `answer`, counting the requests.
async fn counting(answer: fn() -> axum::response::Response) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    let app = Router::new()
        .route(
            "/thing",
            get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async move { answer() }
            }),
        )
        .layer(CceLayer::new());
    (serve_axum(app).await, hits)
}

fn quick() -> RetryPolicy {
    RetryPolicy::new().with_backoff(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_the_delay_and_then_succeeds() {
    let store = Store::new(Duration::from_millis(900));
    let base = serve_axum(cluster_service::app(cluster_service::routes(store))).await;
    let clusters = format!("{base}/api/v3/projects/p1/clusters");
    let created = client()
        .post(&clusters)
        .header("x-auth-token", "t")
        .json(&create_body("retried"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let uid = created.json::<serde_json::Value>().await.unwrap()["metadata"]["uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = format!("{clusters}/{uid}");

    // Without retries: the 429, with its delay and the decision.
    let plain = RetryingClient::new(client(), RetryPolicy::new().with_max_retries(0));
    let error = plain
        .send(plain.inner().delete(&url).header("x-auth-token", "t"))
        .await
        .unwrap_err();
    let remote = error.remote().expect("a decoded error");
    assert_eq!(remote.status(), 429);
    assert_eq!(remote.code(), "CCE.01429002");
    assert_eq!(remote.retry_after(), Some(Duration::from_secs(1)));
    assert!(remote.is_retryable());

    // With them: it waits about the second it was told, then succeeds.
    let retrying = RetryingClient::new(client(), RetryPolicy::new());
    let started = Instant::now();
    let deleted = retrying
        .send(retrying.inner().delete(&url).header("x-auth-token", "t"))
        .await
        .expect("the delete succeeds once the cluster is created");
    let took = started.elapsed();
    assert_eq!(deleted.status(), 200);
    assert!(
        (Duration::from_millis(900)..Duration::from_secs(5)).contains(&took),
        "took {took:?}"
    );
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let (base, hits) =
        counting(|| ApiError::InvalidBody("metadata.name is required".into()).into_response())
            .await;
    let retrying = RetryingClient::new(client(), quick());
    let error = retrying
        .send(retrying.inner().get(format!("{base}/thing")))
        .await
        .unwrap_err();
    let remote = error.remote().unwrap();
    assert_eq!(
        (remote.status(), remote.code()),
        (StatusCode::BAD_REQUEST, "CCE.01400001")
    );
    assert!(!remote.is_retryable());
    assert_eq!(remote.retry_after(), None);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_always_503_service_is_retried_up_to_the_limit_and_the_last_error_comes_back() {
    let (base, hits) = counting(|| StatusCode::SERVICE_UNAVAILABLE.into_response()).await;
    let retrying = RetryingClient::new(client(), quick().with_max_retries(3));
    let started = Instant::now();
    let error = retrying
        .send(retrying.inner().get(format!("{base}/thing")))
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 4, "the request and 3 retries");
    let remote = error.remote().unwrap();
    assert_eq!(remote.status(), 503);
    assert_eq!(remote.code(), "CCE.01500001");
    // Backed off, not hammered: three waits of at least 5 ms.
    assert!(started.elapsed() >= Duration::from_millis(15));
}

#[tokio::test]
async fn the_budget_bounds_the_retries_of_the_whole_client() {
    let (base, hits) = counting(|| StatusCode::SERVICE_UNAVAILABLE.into_response()).await;
    // No retries beyond 0 % of the traffic and none per second: none at all.
    let broke = RetryingClient::new(
        client(),
        quick().with_budget(Duration::from_secs(1), 0, 0.0),
    );
    for _ in 0..3 {
        broke
            .send(broke.inner().get(format!("{base}/thing")))
            .await
            .unwrap_err();
    }
    assert_eq!(hits.load(Ordering::SeqCst), 3, "no request was retried");
}

#[tokio::test]
async fn a_delay_longer_than_the_limit_comes_back_at_once() {
    let (base, hits) = counting(|| {
        let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
        response
            .headers_mut()
            .insert("retry-after", HeaderValue::from_static("3600"));
        response
    })
    .await;
    let retrying = RetryingClient::new(client(), quick().with_max_delay(Duration::from_secs(30)));
    let started = Instant::now();
    let error = retrying
        .send(retrying.inner().get(format!("{base}/thing")))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        error.remote().unwrap().retry_after(),
        Some(Duration::from_hours(1))
    );
}

#[tokio::test]
async fn a_connection_refused_is_retried_for_idempotent_methods_only() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/thing");
    // Back-offs long enough to tell a retried request from one that is not,
    // on a loaded machine.
    let slow = RetryPolicy::new()
        .with_backoff(Duration::from_millis(500), Duration::from_secs(1))
        .with_max_retries(2);
    let retrying = RetryingClient::new(client(), slow);
    let started = Instant::now();
    let error = retrying.send(retrying.inner().get(&url)).await.unwrap_err();
    assert!(matches!(error, ClientError::Transport(_)));
    // Two back-offs of at least 500 ms each were waited.
    assert!(started.elapsed() >= Duration::from_secs(1));
    let started = Instant::now();
    let error = retrying
        .send(retrying.inner().post(&url))
        .await
        .unwrap_err();
    assert!(matches!(error, ClientError::Transport(_)));
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "a POST is not retried"
    );
}

#[test]
fn retry_delays_from_headers_and_bodies() {
    let body = br#"{"errorCode":"CCE.02429001","errorMessage":"The throttling threshold has been reached."}"#;
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", HeaderValue::from_static("7"));
    let remote = decode(StatusCode::TOO_MANY_REQUESTS, &headers, body).unwrap();
    assert_eq!(remote.retry_after(), Some(Duration::from_secs(7)));
    assert!(remote.is_retryable());
    // A Kubernetes `Status` says it in its details.
    let status = br#"{"kind":"Status","code":429,"details":{"name":"c-1","retryAfterSeconds":12},"errorCode":"CCE.01429002","errorMessage":"Resource locked by other requests."}"#;
    let remote = decode(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), status).unwrap();
    assert_eq!(remote.retry_after(), Some(Duration::from_secs(12)));
    // The header wins; odd values count as none.
    let remote = decode(StatusCode::TOO_MANY_REQUESTS, &headers, status).unwrap();
    assert_eq!(remote.retry_after(), Some(Duration::from_secs(7)));
    for details in [
        r#""details":{"retryAfterSeconds":-1}"#,
        r#""details":{"retryAfterSeconds":"12"}"#,
        r#""details":{"retryAfterSeconds":1.5}"#,
        r#""details":[12]"#,
        r#""details":null"#,
        r#""details":{"retryAfterSeconds":{"a":[1]}}"#,
    ] {
        let body = format!(r#"{{{details},"errorCode":"CCE.01429002","errorMessage":"m"}}"#);
        let remote = decode(
            StatusCode::TOO_MANY_REQUESTS,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(remote.retry_after(), None, "{body}");
    }
    // Not retryable: a client error that is not 429; its body's delay is
    // not even read.
    let remote = decode(StatusCode::NOT_FOUND, &headers, body).unwrap();
    assert!(!remote.is_retryable());
    let remote = decode(StatusCode::CONFLICT, &HeaderMap::new(), status).unwrap();
    assert_eq!(remote.retry_after(), None);
    let remote = decode(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), status).unwrap();
    assert_eq!(remote.retry_after(), Some(Duration::from_secs(12)));
}

/// DCS's table, whose `Retryable` column marks `DCS.4009` (a 409, "busy").
static DCS: &[cce_errors::ErrorCode] = cce_errors::table!("tables/dcs_error_codes.csv");

#[derive(Debug, cce_errors::CceError)]
#[cce(table = "tables/dcs_error_codes.csv")]
enum DcsError {
    #[cce(code = "DCS.4009")]
    Busy,
    #[cce(code = "DCS.4001")]
    Invalid,
}

#[tokio::test]
async fn codes_a_teams_table_marks_retryable_are_retried_with_that_table() {
    let (busy, busy_hits) = counting(|| DcsError::Busy.into_response()).await;
    let (invalid, invalid_hits) = counting(|| DcsError::Invalid.into_response()).await;
    // Without the table, a 409 is final.
    let plain = RetryingClient::new(client(), quick());
    let error = plain
        .send(plain.inner().get(format!("{busy}/thing")))
        .await
        .unwrap_err();
    let remote = error.remote().unwrap();
    assert_eq!((remote.status().as_u16(), remote.code()), (409, "DCS.4009"));
    assert!(!remote.is_retryable());
    assert!(remote.is_retryable_in(DCS));
    assert_eq!(busy_hits.load(Ordering::SeqCst), 1);
    // With it, retried; a code the table does not mark is still final.
    let with_table = RetryingClient::new(client(), quick().with_max_retries(2).with_table(DCS));
    with_table
        .send(with_table.inner().get(format!("{busy}/thing")))
        .await
        .unwrap_err();
    assert_eq!(busy_hits.load(Ordering::SeqCst), 1 + 3);
    with_table
        .send(with_table.inner().get(format!("{invalid}/thing")))
        .await
        .unwrap_err();
    assert_eq!(invalid_hits.load(Ordering::SeqCst), 1);
}
