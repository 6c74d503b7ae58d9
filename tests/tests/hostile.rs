//! Hostile detail values: quotes, backslashes, control characters,
//! U+2028/U+2029, non-BMP characters, `</script>`, and a 1 MiB string give,
//! in every integration, a body that is valid JSON and decodes back to the
//! same text.

use axum::response::IntoResponse as _;
use cce_errors::{CceError, ErrorBody};

#[derive(Debug, CceError)]
enum Hostile {
    #[cce(code = "CCE.01400001", detail = "{0}")]
    Detail(String),
    #[cce(code = "CCE.01400002", detail = "subnet {0:?} in {1}")]
    Debugged(String, String),
}

fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "\"quoted\" and 'single'",
        "back\\slash \\\" \\u0000 \\n",
        "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{1f}\u{7f}\t\r\n",
        "line\u{2028}separator\u{2029}paragraph",
        "crab 🦀, math 𝔸, emoji 👩‍👩‍👧",
        "</script><script>alert(1)</script><!--",
        "{\"errorCode\": \"CCE.01500001\"}",
        "",
        "\u{feff}BOM and \u{fffd} replacement",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    values.push("x\"\\\u{2028}🦀".repeat(1024 * 1024 / 8));
    assert!(values.last().unwrap().len() >= 1024 * 1024);
    values
}

#[track_caller]
fn assert_round_trip(what: &str, bytes: &[u8], expected: &str) {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: not valid JSON: {e}"));
    assert_eq!(value["message"].as_str(), Some(expected), "{what}");
    let body = ErrorBody::from_slice(bytes).unwrap();
    assert_eq!(body.detail.as_deref(), Some(expected), "{what}");
    let remote = cce_errors::decode::decode(
        http::StatusCode::BAD_REQUEST,
        &http::HeaderMap::new(),
        bytes,
    );
    // Over `MAX_BODY`, the decoder refuses instead of reading it all.
    if bytes.len() <= cce_errors::decode::MAX_BODY {
        assert_eq!(remote.unwrap().detail(), Some(expected), "{what}");
    }
}

#[tokio::test]
async fn every_integration_sends_valid_json_with_the_same_text() {
    for value in hostile_values() {
        let errors = [
            (Hostile::Detail(value.clone()), value.clone()),
            (
                Hostile::Debugged(value.clone(), value.clone()),
                format!("subnet {value:?} in {value}"),
            ),
        ];
        for (error, expected) in errors {
            assert_eq!(error.detail().as_deref(), Some(expected.as_str()));
            assert_round_trip(
                "serde_json",
                &serde_json::to_vec(&error).unwrap(),
                &expected,
            );
            assert_round_trip("body_of", &cce_errors::response::body_of(&error), &expected);
            let response = actix_web::ResponseError::error_response(&error);
            let body = actix_web::body::to_bytes(response.into_body())
                .await
                .unwrap();
            assert_round_trip("actix-web", &body, &expected);
            let (_, body) = error.into_response().into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            assert_round_trip("axum", &body, &expected);
        }
    }
}

#[test]
fn json_escapes_in_received_bodies_decode_and_lone_surrogates_are_refused() {
    let pair = br#"{"errorCode": "CCE.01400001", "errorMessage": "m", "message": "\ud83e\udd80 \u2028 \u0000 \""}"#;
    let remote =
        cce_errors::decode::decode(http::StatusCode::BAD_REQUEST, &http::HeaderMap::new(), pair)
            .unwrap();
    assert_eq!(remote.detail(), Some("🦀 \u{2028} \u{0} \""));
    for lone in [
        &br#"{"errorCode": "CCE.01400001", "errorMessage": "m", "message": "\ud800"}"#[..],
        br#"{"errorCode": "CCE.01400001", "errorMessage": "m", "message": "\udc00x"}"#,
        br#"{"errorCode": "\ud83e", "errorMessage": "m"}"#,
    ] {
        let error = cce_errors::decode::decode(
            http::StatusCode::BAD_REQUEST,
            &http::HeaderMap::new(),
            lone,
        )
        .expect_err("a lone surrogate is not text");
        assert_eq!(error.kind(), cce_errors::decode::DecodeErrorKind::NotJson);
    }
}
