//! What the benches (`benches/responses.rs`) and the allocation test
//! (`tests/allocations.rs`) compare the library with: the errors both
//! measure, the bodies a careful engineer writes by hand for them, and the
//! least a fixed error response can cost in each framework (status,
//! `content-type` and a static body, with nothing a library adds), the
//! floor a derived response is compared with.

use bytes::Bytes;
use cce_errors::ErrorCode;
use cce_errors_tests::ClusterError;
use serde::Serialize;

// ---------------------------------------------------------------------------
// The errors, and what a careful engineer writes by hand for them.

pub(crate) const SUBNET: &str = "0d3f4a2e-5b6c-4d7e-8f90-a1b2c3d4e5f6";
pub(crate) const VPC: &str = "9c8b7a6d-5e4f-4321-8765-fedcba987654";

/// The variant with a detail naming two `String` fields.
pub(crate) fn detail() -> ClusterError {
    ClusterError::SubnetNotInVpc {
        subnet_id: SUBNET.to_owned(),
        vpc_id: VPC.to_owned(),
    }
}

/// The hand-written body of a response without a detail.
#[derive(Serialize)]
pub(crate) struct FixedBody {
    #[serde(rename = "errorCode")]
    code: &'static str,
    #[serde(rename = "errorMessage")]
    message: &'static str,
}

/// The hand-written body of a response with a detail.
#[derive(Serialize)]
pub(crate) struct DetailBody {
    #[serde(rename = "errorCode")]
    code: &'static str,
    #[serde(rename = "errorMessage")]
    message: &'static str,
    #[serde(rename = "message")]
    detail: String,
}

/// `ClusterError::NotFound`'s body, hand-written.
pub(crate) const FIXED_BODY: FixedBody = FixedBody {
    code: FIXED_CODE,
    message: "Resource not found.",
};

/// `SubnetNotInVpc`'s code and its table message, as a hand-written
/// service has them: constants.
const DETAIL_CODE: &str = "CCE.01400002";

/// `ClusterError::NotFound`'s code, as a hand-written service has it.
const FIXED_CODE: &str = "CCE.01404001";
pub(crate) fn detail_message() -> &'static str {
    ErrorCode::lookup(DETAIL_CODE).map_or("", ErrorCode::message)
}

/// What a hand-written error type does to answer: render the detail into
/// its body.
pub(crate) fn detail_body(message: &'static str, subnet_id: &str, vpc_id: &str) -> DetailBody {
    DetailBody {
        code: DETAIL_CODE,
        message,
        detail: format!("subnet {subnet_id} is not in VPC {vpc_id}"),
    }
}

/// The hand-written axum response of `ClusterError::NotFound`: the same
/// wire as the derived one (status, content type, the code in
/// `X-Cce-Error-Code`, the body).
pub(crate) fn axum_hand_fixed() -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (
        http::StatusCode::NOT_FOUND,
        [(cce_errors::response::X_CCE_ERROR_CODE, FIXED_CODE)],
        axum::Json(FIXED_BODY),
    )
        .into_response()
}

/// The hand-written axum response of `SubnetNotInVpc`.
pub(crate) fn axum_hand_detail(
    message: &'static str,
    subnet_id: &str,
    vpc_id: &str,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (
        http::StatusCode::BAD_REQUEST,
        [(cce_errors::response::X_CCE_ERROR_CODE, DETAIL_CODE)],
        axum::Json(detail_body(message, subnet_id, vpc_id)),
    )
        .into_response()
}

/// The hand-written actix-web response of `ClusterError::NotFound`.
pub(crate) fn actix_hand_fixed() -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(actix_web::http::StatusCode::NOT_FOUND)
        .insert_header(("x-cce-error-code", FIXED_CODE))
        .json(FIXED_BODY)
}

/// The hand-written actix-web response of `SubnetNotInVpc`.
pub(crate) fn actix_hand_detail(
    message: &'static str,
    subnet_id: &str,
    vpc_id: &str,
) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(actix_web::http::StatusCode::BAD_REQUEST)
        .insert_header(("x-cce-error-code", DETAIL_CODE))
        .json(detail_body(message, subnet_id, vpc_id))
}

// ---------------------------------------------------------------------------
// The floor of a fixed response.

/// `ClusterError::NotFound`'s body, as the derive precomputes it.
pub(crate) const FIXED_JSON: &[u8] =
    br#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#;

pub(crate) fn axum_scaffold() -> axum::response::Response {
    let mut response =
        axum::response::Response::new(axum::body::Body::from(Bytes::from_static(FIXED_JSON)));
    *response.status_mut() = http::StatusCode::NOT_FOUND;
    let headers = response.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, cce_errors::response::JSON);
    headers.insert(
        cce_errors::response::X_CCE_ERROR_CODE,
        http::HeaderValue::from_static(FIXED_CODE),
    );
    response
}

pub(crate) fn actix_scaffold() -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(actix_web::http::StatusCode::NOT_FOUND)
        .insert_header((
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::HeaderValue::from_static("application/json"),
        ))
        .insert_header((
            actix_web::http::header::HeaderName::from_static("x-cce-error-code"),
            actix_web::http::header::HeaderValue::from_static(FIXED_CODE),
        ))
        .body(FIXED_JSON)
}
