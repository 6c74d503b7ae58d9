//! The opt-in compatibility settings of `CceLayer` and `CceMiddleware`:
//! error bodies that also carry `error_code` and `error_msg` with the
//! values of `errorCode` and `errorMessage`, and `X-Openstack-Request-Id`.
//! They are settings of each layer: nothing else in the process changes
//! (the deprecated process-wide switch is in `compat_deprecated.rs`).

use actix_web::{App, HttpResponse, web};
use axum::Router;
use axum::routing::get;
use cce_errors::actix::CceMiddleware;
use cce_errors::axum::CceLayer;
use cce_errors::decode::decode;
use cce_errors::response::BodyKeys;
use cce_errors::{CceError, ErrorBody};
use cce_errors_tests::ClusterError;
use serde_json::{Value, json};
use tower::ServiceExt as _;

fn subnet() -> ClusterError {
    ClusterError::SubnetNotInVpc {
        subnet_id: "subnet-1".into(),
        vpc_id: "vpc-1".into(),
    }
}

async fn body_of(response: axum::response::Response) -> (http::HeaderMap, Value) {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.headers, serde_json::from_slice(&bytes).unwrap())
}

async fn panics() -> &'static str {
    panic!("boom")
}

#[tokio::test]
async fn a_layer_with_compatible_keys_changes_its_responses_and_nothing_else() {
    let router = Router::new()
        .route("/subnet", get(|| async { subnet() }))
        .route("/panic", get(panics));
    let compatible = router
        .clone()
        .layer(CceLayer::new().with_body_keys(BodyKeys::Compatible));
    let documented = router.layer(CceLayer::new());
    let get = |path: &str| {
        http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let (_, body) = body_of(compatible.clone().oneshot(get("/subnet")).await.unwrap()).await;
    assert_eq!(
        body,
        json!({
            "errorCode": "CCE.01400002",
            "errorMessage": "Subnet not found in the VPC.",
            "message": "subnet subnet-1 is not in VPC vpc-1",
            "error_code": "CCE.01400002",
            "error_msg": "Subnet not found in the VPC.",
        })
    );
    for path in ["/panic", "/unmatched"] {
        let (_, body) = body_of(compatible.clone().oneshot(get(path)).await.unwrap()).await;
        assert_eq!(body["error_code"], body["errorCode"], "{path}");
        assert_eq!(body["error_msg"], body["errorMessage"], "{path}");
        let (_, body) = body_of(documented.clone().oneshot(get(path)).await.unwrap()).await;
        assert!(body.get("error_code").is_none(), "{path}");
    }
    // In the same process, a client's serialization and the derived
    // type's own `Serialize` keep the documented keys.
    let (_, body) = body_of(documented.oneshot(get("/subnet")).await.unwrap()).await;
    assert!(body.get("error_code").is_none());
    assert_eq!(
        serde_json::to_value(subnet()).unwrap(),
        json!({
            "errorCode": "CCE.01400002",
            "errorMessage": "Subnet not found in the VPC.",
            "message": "subnet subnet-1 is not in VPC vpc-1",
        })
    );
    let body = ErrorBody::new("APIGW.0301", "m \"quoted\"").with_detail("d");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"errorCode": "APIGW.0301", "errorMessage": "m \"quoted\"", "message": "d"})
    );
}

#[test]
fn our_decoder_reads_the_compatible_body_as_the_same_error() {
    let bytes = subnet().to_body().to_json(BodyKeys::Compatible);
    let remote = decode(subnet().status(), &http::HeaderMap::new(), &bytes).unwrap();
    assert_eq!(remote.body(), &subnet().to_body());
    let bytes = ClusterError::NotFound
        .to_body()
        .to_json(BodyKeys::Compatible);
    let remote = decode(http::StatusCode::NOT_FOUND, &http::HeaderMap::new(), &bytes).unwrap();
    assert!(matches!(
        remote.typed::<ClusterError>(),
        Some(ClusterError::NotFound)
    ));
    // Never different values, whatever the body holds.
    let body = ErrorBody::new("APIGW.0301", "m \"quoted\" \u{2028}").with_detail("d");
    let value: Value = serde_json::from_slice(&body.to_json(BodyKeys::Compatible)).unwrap();
    assert_eq!(value["error_code"], value["errorCode"]);
    assert_eq!(value["error_msg"], value["errorMessage"]);
}

#[tokio::test]
async fn axum_responses_and_the_openstack_request_id() {
    let router = Router::new()
        .route("/ok", get(|| async { "fine" }))
        .route("/missing", get(|| async { ClusterError::NotFound }))
        .route("/panic", get(panics));
    let with = router.clone().layer(
        CceLayer::new()
            .with_body_keys(BodyKeys::Compatible)
            .with_openstack_request_id(),
    );
    let without = router.layer(CceLayer::new());
    for path in ["/ok", "/missing", "/panic", "/unmatched"] {
        let request = || {
            http::Request::get(path)
                .header("x-request-id", "req-os-1")
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let response = with.clone().oneshot(request()).await.unwrap();
        assert_eq!(response.headers()["x-request-id"], "req-os-1", "{path}");
        assert_eq!(
            response.headers()["x-openstack-request-id"],
            "req-os-1",
            "{path}"
        );
        let status = response.status();
        if status.as_u16() >= 400 {
            let (_, body) = body_of(response).await;
            assert_eq!(body["error_code"], body["errorCode"], "{path}");
            assert_eq!(body["error_msg"], body["errorMessage"], "{path}");
        }
        // A generated id is sent under both names too.
        let response = with
            .clone()
            .oneshot(
                http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(
            response.headers()["x-openstack-request-id"],
            response.headers()["x-request-id"],
            "{path}"
        );
        // Not asked for, not sent.
        let response = without.clone().oneshot(request()).await.unwrap();
        assert!(
            response.headers().get("x-openstack-request-id").is_none(),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn actix_responses_and_the_openstack_request_id() {
    let app = actix_web::test::init_service(
        App::new()
            .route(
                "/ok",
                web::get().to(|| async { HttpResponse::Ok().body("fine") }),
            )
            .route(
                "/missing",
                web::get().to(|| async { Err::<HttpResponse, _>(ClusterError::NotFound) }),
            )
            .route(
                "/rejected",
                web::get().to(|| async { HttpResponse::BadRequest().body("plain text") }),
            )
            .wrap(
                CceMiddleware::new()
                    .with_body_keys(BodyKeys::Compatible)
                    .with_openstack_request_id(),
            ),
    )
    .await;
    for path in ["/ok", "/missing", "/rejected", "/unmatched"] {
        let request = actix_web::test::TestRequest::get()
            .uri(path)
            .insert_header(("x-request-id", "req-os-2"))
            .to_request();
        let response = actix_web::test::call_service(&app, request).await;
        let header = |name| response.headers().get(name).map(|v| v.to_str().unwrap());
        assert_eq!(header("x-request-id"), Some("req-os-2"), "{path}");
        assert_eq!(header("x-openstack-request-id"), Some("req-os-2"), "{path}");
        if response.status().as_u16() >= 400 {
            let body: Value = actix_web::test::read_body_json(response).await;
            assert_eq!(body["error_code"], body["errorCode"], "{path}");
            assert_eq!(body["error_msg"], body["errorMessage"], "{path}");
            assert!(
                body["error_code"].as_str().unwrap().starts_with("CCE."),
                "{path}"
            );
        }
    }
}
