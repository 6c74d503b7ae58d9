//! The deprecated process-wide switch `set_body_keys`, in a test process of
//! its own: it still gives the responses of derived types and of layers
//! without their own setting the compatibility keys, and it no longer
//! changes how `ErrorBody` or a derived type serializes.

#![allow(deprecated)]

use axum::Router;
use axum::response::IntoResponse as _;
use axum::routing::get;
use cce_errors::axum::CceLayer;
use cce_errors::response::{BodyKeys, body_keys, set_body_keys};
use cce_errors::{CceError, ErrorBody};
use cce_errors_tests::ClusterError;
use serde_json::{Value, json};
use tower::ServiceExt as _;

fn compatible() {
    set_body_keys(BodyKeys::Compatible);
    assert_eq!(body_keys(), BodyKeys::Compatible);
}

fn subnet() -> ClusterError {
    ClusterError::SubnetNotInVpc {
        subnet_id: "subnet-1".into(),
        vpc_id: "vpc-1".into(),
    }
}

async fn json_of(response: axum::response::Response) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn responses_of_derived_types_carry_both_key_sets() {
    compatible();
    let errors: Vec<Box<dyn CceError>> = vec![
        Box::new(ClusterError::NotFound),
        Box::new(subnet()),
        Box::new(ClusterError::Quota("a \"quoted\" \u{2028} detail")),
    ];
    for error in &errors {
        let body = cce_errors::response::body_of(error.as_ref());
        assert_eq!(
            body.as_ref(),
            error.to_body().to_json(BodyKeys::Compatible).as_slice(),
            "{error:?}"
        );
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["error_code"], value["errorCode"]);
        assert_eq!(value["error_msg"], value["errorMessage"]);
    }
    let actix = actix_web::ResponseError::error_response(&subnet());
    let bytes = futures_util::FutureExt::now_or_never(actix_web::body::to_bytes(actix.into_body()))
        .unwrap()
        .unwrap();
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["error_code"], "CCE.01400002");
}

#[tokio::test]
async fn axum_responses_and_layers_without_their_own_setting_follow_it() {
    compatible();
    let body = json_of(subnet().into_response()).await;
    assert_eq!(body["error_code"], "CCE.01400002");
    let router = Router::new().route("/subnet", get(|| async { subnet() }));
    let get = |path: &str| {
        http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let following = router.clone().layer(CceLayer::new());
    let body = json_of(following.clone().oneshot(get("/unmatched")).await.unwrap()).await;
    assert_eq!(body["error_code"], "CCE.01404001");
    // A layer that says otherwise wins for what it makes.
    let own = router.layer(CceLayer::new().with_body_keys(BodyKeys::Documented));
    let body = json_of(own.oneshot(get("/unmatched")).await.unwrap()).await;
    assert!(body.get("error_code").is_none());
}

#[test]
fn serialization_keeps_the_documented_keys() {
    compatible();
    assert_eq!(
        serde_json::to_value(subnet()).unwrap(),
        json!({
            "errorCode": "CCE.01400002",
            "errorMessage": "Subnet not found in the VPC.",
            "message": "subnet subnet-1 is not in VPC vpc-1",
        })
    );
    assert_eq!(
        serde_json::to_string(&ErrorBody::new("CCE.01404001", "Resource not found.")).unwrap(),
        r#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#
    );
}
