//! The client-side decoder (`cce_errors::decode::decode`) on every shape
//! real CCE-style responses take: the documented body, bodies with several
//! key sets at once, API gateway bodies, HTML pages, empty bodies, JSON
//! labelled as text, and hostile input.

use cce_errors::decode::{DecodeErrorKind, EXCERPT_LEN, MAX_BODY, RemoteError, decode};
use cce_errors::{CceError, ErrorBody, ErrorCode};
use cce_errors_tests::{AddonError, ClusterError, EveryCode};
use http::{HeaderMap, HeaderValue, StatusCode};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

fn json() -> HeaderMap {
    headers(&[("content-type", "application/json")])
}

#[track_caller]
fn remote(status: u16, headers: &HeaderMap, body: &str) -> RemoteError {
    decode(
        StatusCode::from_u16(status).unwrap(),
        headers,
        body.as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{body} did not decode: {e}"))
}

#[test]
fn the_documented_body() {
    let error = remote(
        404,
        &headers(&[
            ("content-type", "application/json"),
            ("x-request-id", "req-42"),
        ]),
        r#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found.", "message": "cluster c-1 not found"}"#,
    );
    assert_eq!(error.status(), StatusCode::NOT_FOUND);
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.message(), "Resource not found.");
    assert_eq!(error.detail(), Some("cluster c-1 not found"));
    assert_eq!(error.request_id(), Some("req-42"));
    let row = error.error_code().unwrap();
    assert!(std::ptr::eq(
        row,
        ErrorCode::lookup("CCE.01404001").unwrap()
    ));
    assert_eq!(
        error.to_string(),
        "404 Resource not found. [CCE.01404001]: cluster c-1 not found (request id req-42)"
    );
}

/// A real CCE response: a Kubernetes `Status` object's fields, the
/// documented pair, and a service-internal code under `error_code`.
const MIXED: &str = r#"{
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": "the cluster version v1.19 is not supported",
    "reason": "BadRequest",
    "code": 400,
    "errorCode": "CCE.01400015",
    "errorMessage": "Version not supported.",
    "error_code": "CCE_CM.0004",
    "error_msg": "cluster version is invalid"
}"#;

#[test]
fn several_key_sets_at_once_take_the_documented_pair() {
    let error = remote(400, &json(), MIXED);
    assert_eq!(error.code(), "CCE.01400015");
    assert_eq!(error.message(), "Version not supported.");
    assert_eq!(
        error.detail(),
        Some("the cluster version v1.19 is not supported")
    );
    assert_eq!(
        error.error_code().map(ErrorCode::status),
        Some(StatusCode::BAD_REQUEST)
    );

    // The same keys in the opposite order give the same answer.
    let reversed = r#"{"error_msg": "cluster version is invalid", "error_code": "CCE_CM.0004",
        "errorMessage": "Version not supported.", "errorCode": "CCE.01400015", "code": 400,
        "message": "the cluster version v1.19 is not supported", "kind": "Status"}"#;
    assert_eq!(remote(400, &json(), reversed).body(), error.body());
}

#[test]
fn an_api_gateway_body_keeps_its_code_and_request_id() {
    let error = remote(
        401,
        &json(),
        r#"{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: decrypt token fail", "request_id": "0b4c1f2d6e7a4b3c9d8e"}"#,
    );
    assert_eq!(error.code(), "APIGW.0301");
    assert_eq!(
        error.message(),
        "Incorrect IAM authentication information: decrypt token fail"
    );
    assert_eq!(error.detail(), None);
    assert_eq!(error.request_id(), Some("0b4c1f2d6e7a4b3c9d8e"));
    assert!(error.error_code().is_none(), "not a CCE table code");
    assert!(error.typed::<ClusterError>().is_none());
}

#[test]
fn the_request_id_comes_from_the_headers_first() {
    let body = r#"{"error_code": "APIGW.0101", "error_msg": "The API does not exist", "request_id": "from-body"}"#;
    let both = headers(&[
        ("x-request-id", "from-header"),
        ("x-openstack-request-id", "openstack"),
    ]);
    assert_eq!(remote(404, &both, body).request_id(), Some("from-header"));
    let openstack = headers(&[("x-openstack-request-id", "openstack")]);
    assert_eq!(
        remote(404, &openstack, body).request_id(),
        Some("openstack")
    );
    assert_eq!(
        remote(404, &HeaderMap::new(), body).request_id(),
        Some("from-body")
    );
    let none = r#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found."}"#;
    assert_eq!(remote(404, &HeaderMap::new(), none).request_id(), None);
}

#[test]
fn json_labelled_as_text_is_decoded() {
    let error = remote(
        429,
        &headers(&[("content-type", "text/plain; charset=utf-8")]),
        r#"{"errorCode": "CCE.02429001", "errorMessage": "The throttling threshold has been reached."}"#,
    );
    assert_eq!(error.code(), "CCE.02429001");
}

#[test]
fn a_missing_message_is_the_tables_or_empty() {
    let known = remote(409, &json(), r#"{"errorCode": "CCE.01409001"}"#);
    assert_eq!(known.message(), "The resource already exists.");
    let unknown = remote(
        409,
        &json(),
        r#"{"errorCode": "SVCSTG.CCE-ADDONMGR.4000001"}"#,
    );
    assert_eq!(unknown.message(), "");
    assert_eq!(unknown.code(), "SVCSTG.CCE-ADDONMGR.4000001");
}

#[test]
fn codes_outside_the_table_and_other_prefixes_keep_their_text() {
    for code in [
        "CCE.01499999",
        "CCE_CM.0004",
        "ECS.0001",
        "APIGW.0308",
        "SVCSTG.CCE-ADDONMGR.4000001",
        "cce.01404001",
        "",
        "\u{2028}🦀",
    ] {
        let body = serde_json::json!({"errorCode": code, "errorMessage": "m", "message": "d"});
        let error = remote(400, &json(), &body.to_string());
        assert_eq!(error.code(), code);
        assert_eq!(error.message(), "m");
        assert_eq!(error.detail(), Some("d"));
        assert!(error.error_code().is_none(), "{code}");
        assert!(error.typed::<EveryCode>().is_none(), "{code}");
    }
}

#[test]
fn typed_errors_come_back_through_from_body_and_transparent_variants() {
    let not_found = remote(
        404,
        &json(),
        r#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found."}"#,
    );
    assert!(matches!(
        not_found.typed::<ClusterError>(),
        Some(ClusterError::NotFound)
    ));
    let installed = remote(
        409,
        &json(),
        r#"{"errorCode": "CCE.03409001", "errorMessage": "Addon instance has installed."}"#,
    );
    assert!(matches!(
        installed.typed::<ClusterError>(),
        Some(ClusterError::Addon(AddonError::AlreadyInstalled))
    ));
    // A variant with fields cannot be rebuilt from a body: the code stays text.
    let subnet = remote(
        400,
        &json(),
        r#"{"errorCode": "CCE.01400002", "errorMessage": "Subnet not found in the VPC.", "message": "subnet s-1"}"#,
    );
    assert!(subnet.typed::<ClusterError>().is_none());
    assert_eq!(subnet.code(), "CCE.01400002");
    assert_eq!(subnet.detail(), Some("subnet s-1"));
}

#[test]
fn every_code_a_derived_type_sends_comes_back_as_the_same_variant() {
    for row in ErrorCode::all() {
        let sent = EveryCode::from_body(&ErrorBody::from(row)).unwrap();
        let bytes = serde_json::to_vec(&sent).unwrap();
        let error = decode(sent.status(), &json(), &bytes).unwrap();
        assert_eq!(error.typed::<EveryCode>(), Some(sent), "{}", row.code());
        assert_eq!(error.status(), row.status());
    }
}

#[track_caller]
fn undecodable(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    kind: DecodeErrorKind,
) -> cce_errors::decode::DecodeError {
    let error = decode(StatusCode::from_u16(status).unwrap(), headers, body)
        .expect_err("the body is not a decodable error body");
    assert_eq!(error.kind(), kind, "{error}");
    assert_eq!(error.status().as_u16(), status);
    error
}

#[test]
fn an_html_gateway_page_keeps_status_content_type_and_an_excerpt() {
    let page = format!(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>{}</body>\r\n</html>\r\n",
        "<center>nginx</center>".repeat(40)
    );
    let error = undecodable(
        502,
        &headers(&[("content-type", "text/html"), ("x-request-id", "gw-7")]),
        page.as_bytes(),
        DecodeErrorKind::NotJson,
    );
    assert_eq!(error.content_type(), Some("text/html"));
    assert_eq!(error.request_id(), Some("gw-7"));
    assert_eq!(error.excerpt().len(), EXCERPT_LEN);
    assert!(page.starts_with(error.excerpt()));
    let shown = error.to_string();
    assert!(shown.starts_with("undecodable error response (status 502, content-type text/html, request id gw-7): the body is not JSON: \"<html>"), "{shown}");
}

#[test]
fn empty_and_blank_bodies() {
    for body in [&b""[..], b"  \r\n\t"] {
        let error = undecodable(503, &HeaderMap::new(), body, DecodeErrorKind::Empty);
        assert_eq!(error.content_type(), None);
    }
}

#[test]
fn json_that_is_not_an_error_object() {
    for body in [
        "[]",
        "[{\"errorCode\": \"CCE.01400001\"}]",
        "42",
        "\"CCE.01400001\"",
        "null",
        "true",
        r#"{"errorCode": 401, "errorMessage": "Authorization failed."}"#,
        r#"{"errorCode": {"value": "CCE.01400001"}, "errorMessage": "m"}"#,
        r#"{"errorCode": "CCE.01400001", "errorMessage": ["m"]}"#,
    ] {
        undecodable(
            400,
            &json(),
            body.as_bytes(),
            DecodeErrorKind::NotAnErrorObject,
        );
    }
}

#[test]
fn objects_without_a_code() {
    for body in [
        "{}",
        r#"{"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": "forbidden", "reason": "Forbidden", "code": 403}"#,
        r#"{"code": "CCE.01403001", "message": "Forbidden."}"#,
        r#"{"errorCode": null, "errorMessage": "m"}"#,
        r#"{"error_code": 301, "error_msg": "m"}"#,
    ] {
        undecodable(403, &json(), body.as_bytes(), DecodeErrorKind::NoErrorCode);
    }
}

#[test]
fn broken_input_is_a_decode_error_not_a_panic() {
    // Nesting far past serde_json's recursion limit, within `MAX_BODY`.
    let deep = "[".repeat(60_000);
    let deep_object = format!(
        "{}{}",
        r#"{"errorCode": "A", "x": "#,
        "{\"a\":".repeat(10_000)
    );
    let cases: Vec<(&[u8], DecodeErrorKind)> = vec![
        (b"{", DecodeErrorKind::NotJson),
        (b"x", DecodeErrorKind::NotJson),
        (b"\xff\xfe\x00", DecodeErrorKind::NotJson),
        (
            b"{\"errorCode\": \"\xff\xfe\", \"errorMessage\": \"m\"}",
            DecodeErrorKind::NotJson,
        ),
        (
            br#"{"errorCode": "\ud800", "errorMessage": "m"}"#,
            DecodeErrorKind::NotJson,
        ),
        (
            br#"{"errorCode": "A", "errorMessage": "m"} trailing"#,
            DecodeErrorKind::NotJson,
        ),
        (
            br#"{"errorCode": NaN, "errorMessage": "m"}"#,
            DecodeErrorKind::NotJson,
        ),
        (br#"{"errorCode": Infinity}"#, DecodeErrorKind::NotJson),
        (
            br#"{"errorCode": -1e400, "errorMessage": "m"}"#,
            DecodeErrorKind::NotJson,
        ),
        (deep.as_bytes(), DecodeErrorKind::NotAnErrorObject),
        (deep_object.as_bytes(), DecodeErrorKind::NotJson),
    ];
    for (body, kind) in cases {
        let error = undecodable(500, &HeaderMap::new(), body, kind);
        assert!(error.excerpt().len() <= EXCERPT_LEN);
    }
}

#[test]
fn a_body_over_the_limit_is_not_read() {
    // 100 MiB of a well-formed body: refused by its length, not parsed.
    let mut body =
        br#"{"errorCode": "CCE.01500001", "errorMessage": "Internal error.", "message": ""#
            .to_vec();
    body.resize(100 * 1024 * 1024, b'a');
    body.extend_from_slice(b"\"}");
    let error = undecodable(500, &json(), &body, DecodeErrorKind::TooLarge);
    assert_eq!(error.excerpt().len(), EXCERPT_LEN);
    // Exactly at the limit is still read.
    let mut at_limit =
        br#"{"errorCode": "CCE.01500001", "errorMessage": "Internal error.", "message": ""#
            .to_vec();
    at_limit.resize(MAX_BODY - 2, b'a');
    at_limit.extend_from_slice(b"\"}");
    assert_eq!(at_limit.len(), MAX_BODY);
    let remote = decode(StatusCode::INTERNAL_SERVER_ERROR, &json(), &at_limit).unwrap();
    assert_eq!(remote.code(), "CCE.01500001");
}

#[test]
fn excerpts_and_ids_are_bounded_and_cut_at_characters() {
    let body = "é".repeat(1000);
    let long_id = "x".repeat(10_000);
    let error = undecodable(
        502,
        &headers(&[
            ("x-request-id", &long_id),
            ("content-type", &"t".repeat(10_000)),
        ]),
        body.as_bytes(),
        DecodeErrorKind::NotJson,
    );
    assert!(error.excerpt().len() <= EXCERPT_LEN);
    assert!(error.excerpt().chars().all(|c| c == 'é'));
    assert!(error.request_id().unwrap().len() <= EXCERPT_LEN);
    assert!(error.content_type().unwrap().len() <= EXCERPT_LEN);
    let id_in_body =
        format!(r#"{{"error_code": "APIGW.0101", "error_msg": "m", "request_id": "{long_id}"}}"#);
    let remote = remote(404, &HeaderMap::new(), &id_in_body);
    assert_eq!(remote.request_id().map(str::len), Some(EXCERPT_LEN));
}

#[test]
fn hostile_detail_text_survives() {
    let detail = "quote \" backslash \\ newline \n nul \u{0} sep \u{2028}\u{2029} crab 🦀 </script><script>alert(1)</script>";
    let sent = ErrorBody::new("CCE.01400001", "Invalid request.").with_detail(detail);
    let bytes = serde_json::to_vec(&sent).unwrap();
    let remote = decode(StatusCode::BAD_REQUEST, &json(), &bytes).unwrap();
    assert_eq!(remote.body(), &sent);
    // Surrogate pairs escaped in the JSON decode to the character.
    let escaped = remote_from(
        r#"{"errorCode": "CCE.01400001", "errorMessage": "m", "message": "\ud83e\udd80"}"#,
    );
    assert_eq!(escaped.detail(), Some("🦀"));
}

fn remote_from(body: &str) -> RemoteError {
    remote(400, &json(), body)
}
