//! The client-side decoder against arbitrary responses: it must return a
//! value or a `DecodeError` for every input, never panic, and a decoded
//! body must serialize and decode back to itself.
#![no_main]

use cce_errors::decode::decode;
use cce_errors::ErrorBody;
use http::{HeaderMap, HeaderValue, StatusCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first two bytes pick the status, the next byte how many bytes of
    // header value follow; the rest is the body.
    let (status, rest) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => (500, data),
    };
    let status = StatusCode::from_u16(100 + status % 900).unwrap_or(StatusCode::BAD_GATEWAY);
    let (header, body) = match rest {
        [n, rest @ ..] => rest.split_at(usize::from(*n).min(rest.len())),
        [] => (&[][..], rest),
    };
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(header) {
        headers.insert("x-request-id", value.clone());
        headers.insert("content-type", value);
    }
    match decode(status, &headers, body) {
        Ok(remote) => {
            // What was decoded survives a round trip through the wire format.
            let json = serde_json::to_vec(remote.body()).expect("a body serializes");
            let again = ErrorBody::from_slice(&json).expect("a serialized body decodes");
            assert_eq!(&again, remote.body());
        }
        Err(error) => {
            assert!(error.excerpt().len() <= cce_errors::decode::EXCERPT_LEN);
            let _ = error.to_string();
        }
    }
});
