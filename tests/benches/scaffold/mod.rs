//! The least a fixed error response can cost in each framework: status,
//! `content-type` and a static body, with nothing a library adds. The
//! benches time it and the allocation test counts it, as the floor a
//! derived response is compared with.

use bytes::Bytes;

/// `ClusterError::NotFound`'s body, as the derive precomputes it.
pub(crate) const FIXED_JSON: &[u8] =
    br#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#;

pub(crate) fn axum_scaffold() -> axum::response::Response {
    let mut response =
        axum::response::Response::new(axum::body::Body::from(Bytes::from_static(FIXED_JSON)));
    *response.status_mut() = http::StatusCode::NOT_FOUND;
    response
        .headers_mut()
        .insert(http::header::CONTENT_TYPE, cce_errors::response::JSON);
    response
}

pub(crate) fn actix_scaffold() -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(actix_web::http::StatusCode::NOT_FOUND)
        .insert_header((
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::HeaderValue::from_static("application/json"),
        ))
        .body(FIXED_JSON)
}
