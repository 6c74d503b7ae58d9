//! Decoding a received body into `ErrorBody`: the documented keys, the
//! fallbacks real responses need, borrowing, and errors instead of panics.

use std::borrow::Cow;

use cce_errors::{ErrorBody, ErrorCode};
use serde::Deserialize;
use serde_json::{Value, json};

/// Decodes `text` both ways, owned (the `Deserialize` impl) and borrowed
/// (`ErrorBody::from_slice`), and checks that they agree.
fn decode(text: &str) -> Result<ErrorBody<'_>, serde_json::Error> {
    let owned: Result<ErrorBody<'static>, serde_json::Error> = serde_json::from_str(text);
    let borrowed = ErrorBody::from_slice(text.as_bytes());
    match (&owned, &borrowed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
        _ => panic!("owned {owned:?} and borrowed {borrowed:?} disagree for {text}"),
    }
    borrowed
}

fn expect_error(text: &str) -> String {
    match decode(text) {
        Ok(body) => panic!("{text:?} decoded to {body:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn documented_keys() {
    let body = decode(r#"{"errorCode": "CCE.01401001", "errorMessage": "Authorization failed."}"#)
        .unwrap();
    assert_eq!(
        body,
        ErrorBody::new("CCE.01401001", "Authorization failed.")
    );
    assert_eq!(body.detail, None);
}

#[test]
fn message_becomes_detail() {
    let body = decode(
        r#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found.", "message": "cluster c-1 not found"}"#,
    )
    .unwrap();
    assert_eq!(body.code, "CCE.01404001");
    assert_eq!(body.message, "Resource not found.");
    assert_eq!(body.detail.as_deref(), Some("cluster c-1 not found"));
}

#[test]
fn snake_case_fallbacks_alone() {
    let body =
        decode(r#"{"error_code": "CCE_CM.0004", "error_msg": "Request body invalid"}"#).unwrap();
    assert_eq!(body.code, "CCE_CM.0004");
    assert_eq!(body.message, "Request body invalid");
    assert_eq!(body.detail, None);
    // One documented key and one fallback mix too.
    let body = decode(r#"{"errorCode": "CCE.01400001", "error_msg": "from snake"}"#).unwrap();
    assert_eq!(body.code, "CCE.01400001");
    assert_eq!(body.message, "from snake");
    let body = decode(r#"{"error_code": "CCE.01400001", "errorMessage": "from camel"}"#).unwrap();
    assert_eq!(body.code, "CCE.01400001");
    assert_eq!(body.message, "from camel");
}

/// A real CCE response can carry a Kubernetes-style status, the documented
/// keys and a service-internal code all at once.
const REALISTIC: &str = r#"{
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "code": 404,
    "reason": "NotFound",
    "message": "cluster 8c2b1c5e not found",
    "details": {"name": "8c2b1c5e", "kind": "clusters"},
    "error_code": "CCE_CM.0004",
    "errorCode": "CCE.01404001",
    "error_msg": "Resource not exist",
    "errorMessage": "Resource not found."
}"#;

#[test]
fn several_key_sets_at_once_prefer_camel_case() {
    let body = decode(REALISTIC).unwrap();
    assert_eq!(
        body,
        ErrorBody::new("CCE.01404001", "Resource not found.")
            .with_detail("cluster 8c2b1c5e not found")
    );
}

#[test]
fn camel_case_wins_whatever_the_key_order() {
    for text in [
        r#"{"errorCode": "CCE.01400001", "error_code": "X", "errorMessage": "m", "error_msg": "y"}"#,
        r#"{"error_code": "X", "errorCode": "CCE.01400001", "error_msg": "y", "errorMessage": "m"}"#,
        r#"{"error_msg": "y", "error_code": "X", "errorMessage": "m", "errorCode": "CCE.01400001"}"#,
    ] {
        let body = decode(text).unwrap();
        assert_eq!(
            (&*body.code, &*body.message),
            ("CCE.01400001", "m"),
            "{text}"
        );
    }
}

#[test]
fn unknown_keys_are_ignored_whatever_their_values() {
    let body = decode(
        r#"{"a": [1, {"b": null}], "errorCode": "CCE.01400001", "x": {"errorCode": "nested"},
            "errorMessage": "Invalid request.", "n": 1.5e300, "t": true, "z": null, "ErrorCode": "case"}"#,
    )
    .unwrap();
    assert_eq!(body, ErrorBody::new("CCE.01400001", "Invalid request."));
}

#[test]
fn missing_code_is_an_error_naming_the_key() {
    let message = expect_error(r#"{"errorMessage": "Invalid request."}"#);
    assert!(message.contains("errorCode"), "{message}");
    let message = expect_error(r#"{"error_msg": "Invalid request.", "message": "d"}"#);
    assert!(message.contains("errorCode"), "{message}");
}

#[test]
fn missing_message_is_an_error_naming_the_key() {
    let message = expect_error(r#"{"errorCode": "CCE.01400001"}"#);
    assert!(message.contains("errorMessage"), "{message}");
    let message = expect_error(r#"{"errorCode": "CCE.01400001", "message": "detail only"}"#);
    assert!(message.contains("errorMessage"), "{message}");
}

#[test]
fn empty_object_is_an_error() {
    let message = expect_error("{}");
    assert!(message.contains("errorCode"), "{message}");
}

#[test]
fn documented_keys_must_hold_strings() {
    for text in [
        r#"{"errorCode": 1400001, "errorMessage": "m"}"#,
        r#"{"errorCode": true, "errorMessage": "m"}"#,
        r#"{"errorCode": ["CCE.01400001"], "errorMessage": "m"}"#,
        r#"{"errorCode": "CCE.01400001", "errorMessage": 5}"#,
        r#"{"errorCode": "CCE.01400001", "errorMessage": {"en": "m"}}"#,
    ] {
        let message = expect_error(text);
        assert!(message.contains("invalid type"), "{text}: {message}");
    }
}

#[test]
fn null_documented_key_falls_back() {
    let body = decode(
        r#"{"errorCode": null, "error_code": "CCE_CM.0004", "errorMessage": null, "error_msg": "snake"}"#,
    )
    .unwrap();
    assert_eq!(body.code, "CCE_CM.0004");
    assert_eq!(body.message, "snake");
    // Without a fallback a null is as good as missing.
    let message = expect_error(r#"{"errorCode": null, "errorMessage": "m"}"#);
    assert!(message.contains("errorCode"), "{message}");
}

#[test]
fn fallback_keys_holding_other_values_are_skipped() {
    let body = decode(
        r#"{"error_code": 4, "error_msg": {"zh": "x"}, "errorCode": "CCE.01400001", "errorMessage": "m"}"#,
    )
    .unwrap();
    assert_eq!(body, ErrorBody::new("CCE.01400001", "m"));
    for value in [
        "4",
        "-4",
        "4.5",
        "true",
        "null",
        "[1, \"a\"]",
        "{\"a\": [1]}",
    ] {
        let text = format!(
            r#"{{"error_code": {value}, "error_msg": {value}, "errorCode": "C", "errorMessage": "m", "message": {value}}}"#
        );
        let body = decode(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(body, ErrorBody::new("C", "m"), "{text}");
    }
    // Skipped is skipped: a number under `error_code` is no code.
    let message = expect_error(r#"{"error_code": 4, "errorMessage": "m"}"#);
    assert!(message.contains("errorCode"), "{message}");
}

#[test]
fn a_key_given_twice_keeps_its_last_value() {
    let body = decode(
        r#"{"errorCode": "first", "errorCode": "second", "errorMessage": "m", "message": "a", "message": "b"}"#,
    )
    .unwrap();
    assert_eq!(body.code, "second");
    assert_eq!(body.detail.as_deref(), Some("b"));
    // A documented key read first, a fallback key after it (which the fast
    // path skips, as it would lose), then the documented key nulled: the
    // fallback's value stands, as in a full read.
    for text in [
        r#"{"errorCode": "C", "error_code": "S", "errorMessage": "m", "errorCode": null}"#,
        r#"{"errorMessage": "m", "error_msg": "s", "errorCode": "C", "errorMessage": null}"#,
    ] {
        let slice = ErrorBody::from_slice(text.as_bytes()).unwrap();
        let full = decode(text).unwrap();
        assert_eq!(slice, full, "{text}");
        let remote = cce_errors::decode::decode(
            http::StatusCode::BAD_REQUEST,
            &http::HeaderMap::new(),
            text.as_bytes(),
        )
        .unwrap();
        assert_eq!(remote.body(), &full, "{text}");
    }
    assert_eq!(
        ErrorBody::from_slice(
            br#"{"errorCode": "C", "error_code": "S", "errorMessage": "m", "errorCode": null}"#
        )
        .unwrap()
        .code,
        "S"
    );
}

#[test]
fn strings_without_escapes_are_borrowed() {
    let text = r#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found.", "message": "plain"}"#;
    let body = ErrorBody::from_slice(text.as_bytes()).unwrap();
    assert!(matches!(body.code, Cow::Borrowed(_)), "{:?}", body.code);
    assert!(
        matches!(body.message, Cow::Borrowed(_)),
        "{:?}",
        body.message
    );
    assert!(
        matches!(body.detail, Some(Cow::Borrowed(_))),
        "{:?}",
        body.detail
    );
    // Borrowed from the input itself, not from a copy.
    let range = text.as_bytes().as_ptr_range();
    assert!(range.contains(&body.code.as_ptr()));

    let mut deserializer = serde_json::Deserializer::from_str(text);
    let body = ErrorBody::deserialize_borrowed(&mut deserializer).unwrap();
    assert!(matches!(body.code, Cow::Borrowed(_)), "{:?}", body.code);
}

#[test]
fn the_deserialize_impl_is_owned_so_it_works_where_deserialize_owned_is_required() {
    fn owned<T: serde::de::DeserializeOwned>(value: Value) -> T {
        serde_json::from_value(value).unwrap()
    }
    let body: ErrorBody<'static> = owned(serde_json::json!({
        "errorCode": "CCE.01401001",
        "errorMessage": "Authorization failed.",
    }));
    assert_eq!(
        body,
        ErrorBody::new("CCE.01401001", "Authorization failed.")
    );

    let text = br#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found."}"#;
    let body: ErrorBody<'static> = serde_json::from_reader(&text[..]).unwrap();
    assert!(matches!(body.code, Cow::Owned(_)));
    assert_eq!(body.error_code().map(ErrorCode::code), Some("CCE.01404001"));
}

#[test]
fn from_slice_rejects_trailing_data() {
    let err = ErrorBody::from_slice(br#"{"errorCode": "A", "errorMessage": "m"} {}"#).unwrap_err();
    assert!(err.to_string().contains("trailing"), "{err}");
}

#[test]
fn strings_with_escapes_are_owned_and_unescaped() {
    let text = r#"{"errorCode": "CCE.0140400\u0031", "errorMessage": "say \"hi\"", "message": "a\nb", "error_code": "x\/y"}"#;
    let body = ErrorBody::from_slice(text.as_bytes()).unwrap();
    assert!(matches!(body.code, Cow::Owned(_)), "{:?}", body.code);
    assert!(matches!(body.message, Cow::Owned(_)), "{:?}", body.message);
    assert!(
        matches!(body.detail, Some(Cow::Owned(_))),
        "{:?}",
        body.detail
    );
    assert_eq!(body.code, "CCE.01404001");
    assert_eq!(body.message, "say \"hi\"");
    assert_eq!(body.detail.as_deref(), Some("a\nb"));
    assert_eq!(body.error_code().map(ErrorCode::code), Some("CCE.01404001"));
}

#[test]
fn escaped_keys_are_recognised() {
    let body = decode(r#"{"error\u0043ode": "CCE.01400001", "errorMessag\u0065": "m"}"#).unwrap();
    assert_eq!(body, ErrorBody::new("CCE.01400001", "m"));
}

#[test]
fn into_owned_outlives_the_input() {
    let owned: ErrorBody<'static> = {
        let text = String::from(
            r#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found.", "message": "gone"}"#,
        );
        let body = ErrorBody::from_slice(text.as_bytes()).unwrap();
        body.into_owned()
    };
    assert!(matches!(owned.code, Cow::Owned(_)));
    assert!(matches!(owned.message, Cow::Owned(_)));
    assert!(matches!(owned.detail, Some(Cow::Owned(_))));
    assert_eq!(
        owned,
        ErrorBody::new("CCE.01404001", "Resource not found.").with_detail("gone")
    );
    let without = ErrorBody::new("CCE.01404001", "Resource not found.").into_owned();
    assert_eq!(without.detail, None);
}

#[test]
fn error_code_looks_up_the_table_row() {
    let body = decode(REALISTIC).unwrap();
    let row = body.error_code().unwrap();
    assert!(std::ptr::eq(
        row,
        ErrorCode::lookup("CCE.01404001").unwrap()
    ));
    assert_eq!(row.status(), http::StatusCode::NOT_FOUND);

    let body = decode(r#"{"error_code": "CCE_CM.0004", "error_msg": "m"}"#).unwrap();
    assert_eq!(body.error_code(), None);
    let body = ErrorBody::new(" CCE.01404001", "Resource not found.");
    assert_eq!(body.error_code(), None);
}

#[test]
fn decodes_from_a_json_value() {
    let value: Value = serde_json::from_str(REALISTIC).unwrap();
    let body = ErrorBody::deserialize(&value).unwrap();
    assert_eq!(body.code, "CCE.01404001");
    assert_eq!(body.detail.as_deref(), Some("cluster 8c2b1c5e not found"));
    let body = ErrorBody::deserialize(json!({"errorCode": "C", "errorMessage": "m"})).unwrap();
    assert_eq!(body, ErrorBody::new("C", "m"));
}

#[test]
fn serialize_then_decode_is_identity() {
    for body in [
        ErrorBody::new("CCE.01400001", "Invalid request."),
        ErrorBody::new("CCE.01400001", "Invalid request.").with_detail("x \"y\" \\ z\n\u{1F600}"),
    ] {
        let bytes = serde_json::to_vec(&body).unwrap();
        let back: ErrorBody<'_> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, body);
    }
}

#[test]
fn inputs_that_are_not_objects_are_errors() {
    for text in [
        "",
        " ",
        "[]",
        r#"["CCE.01400001", "Invalid request."]"#,
        r#""CCE.01400001""#,
        "404",
        "null",
        "true",
        "{",
        r#"{"errorCode": "CCE.01400001""#,
        r#"{"errorCode": "CCE.01400001", "errorMessage": "m"} trailing"#,
        r#"{"errorCode": "\ud800", "errorMessage": "m"}"#,
    ] {
        // A panic inside would fail this test as well.
        expect_error(text);
    }
    // A value of the wrong type says what was expected.
    for text in ["[]", r#""CCE.01400001""#, "404", "null", "true"] {
        let message = expect_error(text);
        assert!(
            message.contains("invalid type") && message.contains("CCE error body"),
            "{text}: {message}"
        );
    }
}

/// The documented keys read as "a string or null" in one step: through a
/// `serde_json::Value` (owned strings, `null` as unit) the same bodies are
/// accepted and refused as from the bytes.
#[test]
fn documented_keys_read_the_same_through_a_value() {
    for (text, ok) in [
        (
            r#"{"errorCode": "CCE.01400001", "errorMessage": "m"}"#,
            true,
        ),
        (
            r#"{"errorCode": "CCE.0140\u0030001", "errorMessage": "a \"q\""}"#,
            true,
        ),
        (
            r#"{"errorCode": null, "error_code": "C", "errorMessage": "m"}"#,
            true,
        ),
        (r#"{"errorCode": null, "errorMessage": "m"}"#, false),
        (r#"{"errorCode": 1400001, "errorMessage": "m"}"#, false),
        (
            r#"{"errorCode": "CCE.01400001", "errorMessage": ["m"]}"#,
            false,
        ),
    ] {
        let from_bytes = decode(text);
        let value: Value = serde_json::from_str(text).unwrap();
        let from_value = serde_json::from_value::<ErrorBody<'static>>(value);
        assert_eq!(from_bytes.is_ok(), ok, "{text}: {from_bytes:?}");
        match (from_bytes, from_value) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{text}: bytes {a:?}, value {b:?}"),
        }
    }
}
