//! `cce_errors::reqwest` against real servers over loopback: the example
//! cluster service, and a stand-in gateway answering the way gateways in
//! front of services do (HTML pages, empty bodies, mislabelled JSON, bodies
//! that never end).

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use cce_errors::decode::DecodeErrorKind;
use cce_errors::reqwest::{ClientError, ResponseExt as _, error_for_status};
use futures_util::StreamExt as _;
use http_body::Frame;

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use cluster_service::common::{ApiError, Store};
use support::{client, create_body, serve_axum};

async fn example() -> String {
    let store = Store::new(Duration::from_mins(1));
    serve_axum(cluster_service::app(cluster_service::routes(store))).await
}

/// Sends `request` with credentials to the example service, then turns an
/// error status into a `ClientError`.
async fn send_authorized(
    request: reqwest::RequestBuilder,
) -> Result<reqwest::Response, ClientError> {
    request
        .header("x-auth-token", "t")
        .send()
        .await
        .unwrap()
        .error_for_cce_status()
        .await
}

#[tokio::test]
async fn success_passes_through_and_errors_decode() {
    let base = example().await;
    let clusters = format!("{base}/api/v3/projects/p1/clusters");

    let created = send_authorized(client().post(&clusters).json(&create_body("prod")))
        .await
        .expect("a 201 passes through");
    assert_eq!(created.status(), StatusCode::CREATED);
    let cluster: serde_json::Value = created.json().await.unwrap();
    let uid = cluster["metadata"]["uid"].as_str().unwrap().to_owned();

    // 404, with the detail and the request id the service sent.
    let error = send_authorized(
        client()
            .get(format!("{clusters}/missing"))
            .header("x-request-id", "req-client-1"),
    )
    .await
    .expect_err("a 404 is an error");
    let remote = error.remote().expect("a decoded error");
    assert_eq!(remote.status(), StatusCode::NOT_FOUND);
    assert_eq!(remote.code(), "CCE.01404001");
    assert_eq!(remote.message(), "Resource not found.");
    assert_eq!(
        remote.detail(),
        Some("cluster missing does not exist in project p1")
    );
    assert_eq!(remote.request_id(), Some("req-client-1"));
    // `ClusterNotFound` has fields, so the code stays text, not a typed value.
    assert!(error.typed::<ApiError>().is_none());

    // 401: a variant without fields comes back typed.
    let error = error_for_status(client().get(&clusters).send().await.unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(error.typed::<ApiError>(), Some(ApiError::Unauthorized)),
        "{error}"
    );

    // 429 from deleting a cluster still being created.
    let error = send_authorized(client().delete(format!("{clusters}/{uid}")))
        .await
        .unwrap_err();
    assert_eq!(
        error.remote().map(cce_errors::decode::RemoteError::code),
        Some("CCE.01429002")
    );

    // An error no handler wrote: a wrong method.
    let error = send_authorized(client().put(&clusters)).await.unwrap_err();
    let remote = error.remote().unwrap();
    assert_eq!(remote.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(remote.code(), "CCE.01400001");
    assert!(remote.request_id().is_some());
}

/// A body that never ends: reading it all would never finish.
struct Endless;

impl http_body::Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&[b' '; 8192])))))
    }
}

fn gateway() -> Router {
    Router::new()
        .route(
            "/html",
            get(|| async {
                (
                    StatusCode::BAD_GATEWAY,
                    [(header::CONTENT_TYPE, "text/html")],
                    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                )
            }),
        )
        .route("/empty", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
        .route(
            "/text-json",
            get(|| async {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::CONTENT_TYPE, "text/plain")],
                    r#"{"errorCode": "CCE.02429001", "errorMessage": "The throttling threshold has been reached."}"#,
                )
            }),
        )
        .route(
            "/apigw",
            get(|| async {
                (
                    StatusCode::UNAUTHORIZED,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information", "request_id": "9f1c"}"#,
                )
            }),
        )
        .route(
            "/endless",
            get(|| async {
                let mut response = Response::new(Body::new(Endless));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                response.into_response()
            }),
        )
        .route(
            "/stalled",
            get(|| async {
                let body = futures_util::stream::once(async {
                    Ok::<_, std::io::Error>(Bytes::from_static(br#"{"errorCode": "#))
                })
                .chain(futures_util::stream::pending());
                (
                    StatusCode::BAD_GATEWAY,
                    [(header::CONTENT_TYPE, "application/json")],
                    Body::from_stream(body),
                )
            }),
        )
        .route("/ok", get(|| async { "fine" }))
}

#[tokio::test]
async fn an_error_body_that_stalls_is_decoded_as_far_as_it_came() {
    let base = serve_axum(gateway()).await;
    let response = client()
        .get(format!("{base}/stalled"))
        .header("x-request-id", "req-stall")
        .send()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let error = cce_errors::reqwest::error_for_status_within(response, Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let ClientError::Undecodable(error) = error else {
        panic!("a truncated body is no error body: {error:?}");
    };
    assert_eq!(error.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(error.kind(), DecodeErrorKind::NotJson);
    assert_eq!(error.excerpt(), r#"{"errorCode": "#);
}

#[tokio::test]
async fn what_gateways_send_decodes_or_keeps_its_status() {
    let base = serve_axum(gateway()).await;
    let call = |path: &str| {
        let url = format!("{base}{path}");
        async move {
            client()
                .get(url)
                .send()
                .await
                .unwrap()
                .error_for_cce_status()
                .await
        }
    };

    let ok = call("/ok").await.expect("a 200 passes through");
    assert_eq!(ok.text().await.unwrap(), "fine");

    let Err(ClientError::Undecodable(html)) = call("/html").await else {
        panic!("an HTML page is not an error body");
    };
    assert_eq!(html.kind(), DecodeErrorKind::NotJson);
    assert_eq!(html.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(html.content_type(), Some("text/html"));
    assert!(
        html.excerpt()
            .starts_with("<html><head><title>502 Bad Gateway")
    );

    let Err(ClientError::Undecodable(empty)) = call("/empty").await else {
        panic!("an empty body is not an error body");
    };
    assert_eq!(empty.kind(), DecodeErrorKind::Empty);
    assert_eq!(empty.status(), StatusCode::SERVICE_UNAVAILABLE);

    let Err(ClientError::Remote(throttled)) = call("/text-json").await else {
        panic!("JSON labelled text/plain decodes");
    };
    assert_eq!(throttled.code(), "CCE.02429001");

    let Err(ClientError::Remote(gateway)) = call("/apigw").await else {
        panic!("an API gateway body decodes");
    };
    assert_eq!(gateway.code(), "APIGW.0301");
    assert_eq!(gateway.request_id(), Some("9f1c"));

    // The read stops after `MAX_BODY` bytes; without the bound this would
    // never return.
    let endless = tokio::time::timeout(Duration::from_secs(10), call("/endless"))
        .await
        .expect("the client stops reading");
    let Err(ClientError::Undecodable(endless)) = endless else {
        panic!("an endless body is too large");
    };
    assert_eq!(endless.kind(), DecodeErrorKind::TooLarge);
}

#[tokio::test]
async fn a_connection_failure_is_a_transport_error() {
    // A port nobody listens on: bind, read the port, close.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = client()
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .map_err(ClientError::from)
        .unwrap_err();
    assert!(matches!(error, ClientError::Transport(_)));
    // A report printing the chain shows each text once: `Display` is the
    // transport error's, and the chain goes on with that error's source.
    let chain = report(&error);
    assert!(chain.len() >= 2, "{chain:?}");
    for (i, text) in chain.iter().enumerate() {
        assert!(
            !chain[i + 1..]
                .iter()
                .any(|later| later.contains(text.as_str())),
            "{text:?} is printed twice in {chain:?}"
        );
    }
}

/// Each error of a chain, as `Display` prints it.
fn report(error: &dyn std::error::Error) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    chain
}

#[test]
fn decode_error_kinds_say_what_is_wrong_in_words() {
    let kinds = [
        (DecodeErrorKind::Empty, "the body is empty"),
        (
            DecodeErrorKind::TooLarge,
            "the body is too large for an error body",
        ),
        (DecodeErrorKind::NotJson, "the body is not JSON"),
        (
            DecodeErrorKind::NotAnErrorObject,
            "the body is not a JSON error object",
        ),
        (
            DecodeErrorKind::NoErrorCode,
            "the body has no errorCode or error_code",
        ),
    ];
    for (kind, text) in kinds {
        assert_eq!(kind.to_string(), text);
    }
    // A remote error and an undecodable one have no source of their own:
    // one line each.
    let remote = ClientError::Remote(
        cce_errors::decode::decode(
            StatusCode::NOT_FOUND,
            &http::HeaderMap::new(),
            br#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#,
        )
        .unwrap(),
    );
    assert_eq!(report(&remote), ["404 Resource not found. [CCE.01404001]"]);
}
