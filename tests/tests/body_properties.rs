//! What every error body the library sends gives the official clients
//! (README, "Speaking to every client"): a JSON object with string
//! `errorCode` and `errorMessage`, `Content-Type: application/json`, and no
//! detail that repeats the message (the Java SDK's CCE handler would show
//! it twice). Pinned over every fallback body, every layer-made body, and
//! every error of the example services.

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse as _;
use axum::routing::get;
use cce_errors::axum::CceLayer;
use cce_errors::response::{BodyKeys, fallback_body, http_response};
use cce_errors::{CceError, ErrorBody};
use cluster_service::common::{ApiError, parse_create};
use serde_json::Value;
use tower::ServiceExt as _;

/// Asserts the properties on one error response's parts.
#[track_caller]
fn assert_client_safe(what: &str, content_type: Option<&str>, body: &[u8]) {
    assert_eq!(
        content_type.map(|t| t.split(';').next().unwrap_or_default().trim()),
        Some("application/json"),
        "{what}: content type"
    );
    let value: Value = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{what}: {e}"));
    let code = value["errorCode"].as_str();
    let message = value["errorMessage"].as_str();
    assert!(
        code.is_some_and(|c| !c.trim().is_empty()),
        "{what}: errorCode in {value}"
    );
    assert!(
        message.is_some_and(|m| !m.trim().is_empty()),
        "{what}: errorMessage in {value}"
    );
    assert_ne!(
        value["message"].as_str(),
        message,
        "{what}: the detail repeats the message"
    );
}

#[test]
fn every_fallback_body_for_every_error_status() {
    for status in 400..=999 {
        let status = StatusCode::from_u16(status).unwrap();
        let body = fallback_body(status).expect("a body for every error status");
        for keys in [BodyKeys::Documented, BodyKeys::Compatible] {
            assert_client_safe(
                &format!("{status} {keys:?}"),
                Some("application/json"),
                &body.to_json(keys),
            );
        }
    }
}

/// One value of each variant of the example services' `ApiError`, and the
/// details `parse_create` gives for malformed bodies.
fn example_errors() -> Vec<ApiError> {
    let mut errors = vec![
        ApiError::Unauthorized,
        ApiError::ClusterNotFound {
            project_id: "p1".into(),
            cluster_id: "c-1".into(),
        },
        ApiError::ContentType,
        ApiError::DuplicateName {
            project_id: "p1".into(),
            name: "demo".into(),
        },
        ApiError::StillCreating {
            cluster_id: "c-1".into(),
            retry_after: Duration::from_secs(10),
        },
    ];
    for malformed in [
        &b""[..],
        b"[]",
        b"{",
        b"{}",
        br#"{"kind": "Node"}"#,
        br#"{"kind": "Cluster", "apiVersion": "v2"}"#,
        br#"{"kind": "Cluster", "apiVersion": "v3", "metadata": {}}"#,
        br#"{"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": ""}}"#,
        br#"{"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "Bad_Name"}}"#,
        br#"{"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "demo"}, "spec": 1}"#,
    ] {
        errors.push(parse_create(malformed).expect_err("malformed"));
    }
    errors
}

#[test]
fn every_error_of_the_example_services() {
    let errors = example_errors();
    // Every variant has a value here: a new variant needs one.
    for doc in ApiError::variant_docs() {
        assert!(
            errors
                .iter()
                .any(|e| e.code() == doc.error_code.code() && e.to_body().detail.is_some()),
            "no sample for {doc:?}"
        );
    }
    for error in &errors {
        let what = format!("{error:?}");
        let response = http_response(error);
        assert_client_safe(
            &what,
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            response.body(),
        );
        let actix = actix_web::ResponseError::error_response(error);
        assert_eq!(
            actix
                .headers()
                .get("content-type")
                .map(actix_web::http::header::HeaderValue::as_bytes),
            Some(&b"application/json"[..]),
            "{what}"
        );
    }
}

#[tokio::test]
async fn bodies_the_layer_makes() {
    async fn panics() -> &'static str {
        panic!("boom")
    }
    // A mapping that returns what clients cannot use: the layer sends the
    // documented body instead, or drops the repeated detail.
    let layer = CceLayer::new().with_fallback(|status: StatusCode| match status.as_u16() {
        404 => Some(ErrorBody::new("", "Resource not found.")),
        405 => {
            Some(ErrorBody::new("CCE.01400001", "Invalid request.").with_detail("Invalid request."))
        }
        _ => None,
    });
    let app = axum::Router::new()
        .route(
            "/text",
            get(|| async { (StatusCode::BAD_GATEWAY, "upstream down") }),
        )
        .route("/empty", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
        .route("/panic", get(panics))
        .route(
            "/derived",
            get(|| async { ApiError::ContentType.into_response() }),
        )
        .layer(layer);
    for (method, path, status) in [
        ("GET", "/text", 502),
        ("GET", "/empty", 503),
        ("GET", "/panic", 500),
        ("GET", "/nowhere", 404),
        ("POST", "/text", 405),
        ("GET", "/derived", 400),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_client_safe(&format!("{method} {path}"), content_type.as_deref(), &body);
    }
}

/// A detail whose placeholders make it the message word for word (a fixed
/// one is refused while compiling: `ui-tests/ui/fail/detail-repeats-message.rs`).
#[derive(Debug, CceError)]
enum Echoing {
    #[cce(code = "CCE.01400001", detail = "{said}")]
    Said { said: String },
    #[cce(code = "CCE.01404001", detail = "Resource {what}.")]
    Partly { what: &'static str },
}

#[test]
fn a_formatted_detail_that_repeats_the_message_is_not_sent() {
    let repeating = [
        Echoing::Said {
            said: "Invalid request.".into(),
        },
        Echoing::Partly { what: "not found" },
    ];
    for error in &repeating {
        let what = format!("{error:?}");
        let (status, content_type, body) = parts(error);
        assert!(status.is_client_error(), "{what}");
        assert_client_safe(&what, content_type.as_deref(), &body);
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert!(value.get("message").is_none(), "{what}: {value}");
        assert_eq!(error.to_body().detail, None, "{what}");
        let serialized = serde_json::to_value(error).unwrap();
        assert!(serialized.get("message").is_none(), "{what}: {serialized}");
        assert_eq!(
            cce_errors::tonic::status_of(error).message(),
            format!("{} [{}]", error.message(), error.code()),
            "{what}"
        );
    }
    // Any other value is a detail like any other, even one the message
    // starts with, or one that starts with the message.
    for (said, detail) in [
        ("Invalid request", "Invalid request"),
        ("Invalid request. Twice.", "Invalid request. Twice."),
        ("", ""),
    ] {
        let error = Echoing::Said { said: said.into() };
        assert_eq!(error.to_body().detail.as_deref(), Some(detail), "{said:?}");
        let value: Value = serde_json::from_slice(&parts(&error).2).unwrap();
        assert_eq!(value["message"], detail, "{said:?}");
    }
}

/// Status, content type and body of the response axum gets for `error`.
fn parts(error: &Echoing) -> (StatusCode, Option<String>, Vec<u8>) {
    let response = cce_errors::response::http_response(error);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|t| t.to_str().ok())
        .map(str::to_owned);
    (
        response.status(),
        content_type,
        response.into_body().to_vec(),
    )
}
