//! Error responses, independent of any framework: the status, headers and
//! body bytes that the axum and actix-web integrations both send, and the
//! CCE body for statuses that no handler chose (an unmatched route, a
//! rejected body, a panic).

use std::borrow::Cow;
use std::time::Duration;

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use std::sync::atomic::{AtomicBool, Ordering};

use http::{HeaderName, HeaderValue, StatusCode};

use crate::private::{DetailOf, Wire};
use crate::{CceError, ErrorBody, ErrorCode};

/// The content type of every error body.
pub const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The response for `error`: its table status, `content-type:
/// application/json`, `Retry-After` when the error has one, and the JSON
/// body. The framework integrations send exactly this.
///
/// ```
/// use cce_errors::CceError;
///
/// #[derive(Debug, CceError)]
/// #[cce(code = "CCE.01429002")]
/// struct Locked {
///     #[cce(retry_after)]
///     seconds: u64,
/// }
///
/// let response = cce_errors::response::http_response(&Locked { seconds: 30 });
/// assert_eq!(response.status(), 429);
/// assert_eq!(response.headers()["retry-after"], "30");
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
pub fn http_response<E: CceError + ?Sized>(error: &E) -> http::Response<Cow<'static, [u8]>> {
    with_status_and_headers(error, http::Response::new(body_of(error)))
}

/// `response` with `error`'s status and headers: what [`http_response`]
/// and the axum integration (which builds its own body type) share.
pub(crate) fn with_status_and_headers<E: CceError + ?Sized, B>(
    error: &E,
    mut response: http::Response<B>,
) -> http::Response<B> {
    *response.status_mut() = error.status();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, JSON);
    if let Some(after) = error.retry_after() {
        headers.insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds(after)));
    }
    response
}

/// The JSON body of `error`, as [`body_keys`] chooses its keys.
///
/// For a derived type, with the documented keys, it costs no serialization:
/// a variant whose detail is fixed has its whole body computed while
/// compiling, and is returned borrowed; a variant with a detail template has
/// the body up to the detail computed, and the detail is escaped straight
/// into one buffer as it is formatted. The bytes are those `serde_json`
/// gives for [`CceError::to_body`].
pub fn body_of<E: CceError + ?Sized>(error: &E) -> Cow<'static, [u8]> {
    // The precomputed bodies have the documented keys; the compatibility
    // mode (opt-in) serializes the body instead.
    if body_keys() == BodyKeys::Compatible {
        return Cow::Owned(body_bytes(&error.to_body()));
    }
    match error.__cce_wire() {
        Some(Wire::Fixed { body, .. }) => Cow::Borrowed(body.as_bytes()),
        Some(Wire::Detail { prefix, capacity }) => {
            let mut body = Vec::with_capacity(capacity);
            body.extend_from_slice(prefix.as_bytes());
            let mut serializer = serde_json::Serializer::new(&mut body);
            if serde_core::Serializer::collect_str(&mut serializer, &DetailOf(error)).is_err() {
                // A field's `Display` failed: the body without a detail.
                let mut bare = error.to_body();
                bare.detail = None;
                return Cow::Owned(body_bytes(&bare));
            }
            body.push(b'}');
            Cow::Owned(body)
        }
        None => Cow::Owned(body_bytes(&error.to_body())),
    }
}

/// The JSON bytes of a body.
pub fn body_bytes(body: &ErrorBody<'_>) -> Vec<u8> {
    // Serializing strings into a Vec cannot fail; the fallback is only there
    // so that no path of a response can panic.
    serde_json::to_vec(body).unwrap_or_else(|_| {
        br#"{"errorCode":"CCE.01500001","errorMessage":"Internal error."}"#.to_vec()
    })
}

/// `Retry-After` is in whole seconds; a fraction rounds up, so that a client
/// never comes back early.
pub fn retry_after_seconds(after: Duration) -> u64 {
    after.as_secs() + u64::from(after.subsec_nanos() > 0)
}

/// The CCE body sent for an error status that no `CceError` produced: the
/// framework's own responses (unmatched route, wrong method, rejected body,
/// timeout) and panics. The status stays what it was; the code comes from
/// this mapping, and the detail is a fixed text that never repeats the
/// request or an internal message.
///
/// | status | code | detail |
/// | --- | --- | --- |
/// | 400 | `CCE.01400001` Invalid request. | The request is malformed. |
/// | 401 | `CCE.01401001` Authorization failed. | The request carries no valid credentials. |
/// | 403 | `CCE.01403001` Forbidden. | — |
/// | 404, 410 | `CCE.01404001` Resource not found. | No resource or route matches the request. |
/// | 405 | `CCE.01400001` Invalid request. | The method is not allowed for this resource. |
/// | 406 | `CCE.01400001` Invalid request. | This API answers in application/json. |
/// | 408, 504 | `CCE.01500001` Internal error. | The request timed out. |
/// | 409 | `CCE.01409001` The resource already exists. | — |
/// | 412 | `CCE.01409002` Resource updated with out-of-date version. | — |
/// | 413 | `CCE.01400001` Invalid request. | The request body is too large. |
/// | 414 | `CCE.01400001` Invalid request. | The request URI is too long. |
/// | 415 | `CCE.01400006` Content type not supported. | Send the body as application/json. |
/// | 422 | `CCE.01400001` Invalid request. | The request body does not have the expected fields or values. |
/// | 429 | `CCE.02429001` The throttling threshold has been reached. | — |
/// | 431 | `CCE.01400001` Invalid request. | The request headers are too large. |
/// | 503 | `CCE.01500001` Internal error. | The service is temporarily unavailable. |
/// | other 4xx | `CCE.01400001` Invalid request. | — |
/// | other 5xx | `CCE.01500001` Internal error. | — |
///
/// Returns `None` for a status below 400.
pub fn fallback_body(status: StatusCode) -> Option<ErrorBody<'static>> {
    let (code, detail) = match status.as_u16() {
        0..=399 => return None,
        400 => ("CCE.01400001", Some("The request is malformed.")),
        401 => (
            "CCE.01401001",
            Some("The request carries no valid credentials."),
        ),
        403 => ("CCE.01403001", None),
        404 | 410 => (
            "CCE.01404001",
            Some("No resource or route matches the request."),
        ),
        405 => (
            "CCE.01400001",
            Some("The method is not allowed for this resource."),
        ),
        406 => (
            "CCE.01400001",
            Some("This API answers in application/json."),
        ),
        408 | 504 => ("CCE.01500001", Some("The request timed out.")),
        409 => ("CCE.01409001", None),
        412 => ("CCE.01409002", None),
        413 => ("CCE.01400001", Some("The request body is too large.")),
        414 => ("CCE.01400001", Some("The request URI is too long.")),
        415 => ("CCE.01400006", Some("Send the body as application/json.")),
        422 => (
            "CCE.01400001",
            Some("The request body does not have the expected fields or values."),
        ),
        429 => ("CCE.02429001", None),
        431 => ("CCE.01400001", Some("The request headers are too large.")),
        503 => (
            "CCE.01500001",
            Some("The service is temporarily unavailable."),
        ),
        _ if status.is_client_error() => ("CCE.01400001", None),
        _ => ("CCE.01500001", None),
    };
    let row = ErrorCode::lookup(code)?;
    Some(ErrorBody {
        code: Cow::Borrowed(row.code()),
        message: Cow::Borrowed(row.message()),
        detail: detail.map(Cow::Borrowed),
    })
}

/// How the service-wide integrations (`CceLayer`, `CceMiddleware`) choose
/// the body for an error status no `CceError` produced; [`fallback_body`]
/// by default.
pub type Fallback = fn(StatusCode) -> Option<ErrorBody<'static>>;

/// The body of the 500 response to a panic: `fallback`'s for 500, else
/// [`fallback_body`]'s.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn panic_body(fallback: Fallback) -> Vec<u8> {
    let status = StatusCode::INTERNAL_SERVER_ERROR;
    fallback(status)
        .or_else(|| fallback_body(status))
        .map_or_else(Vec::new, |body| body_bytes(&body))
}

/// Whether a `Content-Type` value is `application/json` (parameters such
/// as `charset` aside, any case).
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn is_json(content_type: Option<&[u8]>) -> bool {
    content_type
        .and_then(|value| value.split(|&b| b == b';').next())
        .is_some_and(|mime| mime.trim_ascii().eq_ignore_ascii_case(b"application/json"))
}

/// Which keys error bodies carry; see [`set_body_keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyKeys {
    /// The documented body: `errorCode`, `errorMessage`, and `message` for
    /// a detail.
    #[default]
    Documented,
    /// The documented keys, and also `error_code` and `error_msg` holding
    /// the same values as `errorCode` and `errorMessage`, for clients that
    /// read only those (the generic error handlers of the official SDKs).
    Compatible,
}

static COMPATIBLE_KEYS: AtomicBool = AtomicBool::new(false);

/// Chooses, for this whole process, which keys every error body carries:
/// the serialization of derived types and of [`ErrorBody`], and so every
/// response of the framework integrations. A service sets it once at
/// start-up; the default is [`BodyKeys::Documented`].
///
/// ```
/// use cce_errors::response::{set_body_keys, BodyKeys};
/// use cce_errors::ErrorBody;
///
/// set_body_keys(BodyKeys::Compatible);
/// let body = ErrorBody::new("CCE.01404001", "Resource not found.");
/// assert_eq!(
///     serde_json::to_string(&body)?,
///     r#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found.","error_code":"CCE.01404001","error_msg":"Resource not found."}"#,
/// );
/// # set_body_keys(BodyKeys::Documented);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn set_body_keys(keys: BodyKeys) {
    COMPATIBLE_KEYS.store(keys == BodyKeys::Compatible, Ordering::Relaxed);
}

/// The keys error bodies carry in this process.
pub fn body_keys() -> BodyKeys {
    if COMPATIBLE_KEYS.load(Ordering::Relaxed) {
        BodyKeys::Compatible
    } else {
        BodyKeys::Documented
    }
}

/// The header openstacksdk-based clients read the request id from; the
/// integrations can send it beside `X-Request-Id`, with the same value.
pub const X_OPENSTACK_REQUEST_ID: HeaderName = HeaderName::from_static("x-openstack-request-id");

/// The longest client-sent request id that is echoed back.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// Whether a client-sent `X-Request-Id` may be echoed: 1 to 128 visible
/// ASCII characters. Anything else (empty, too long, spaces, control
/// characters, CR/LF, non-ASCII) is replaced by a new id.
pub fn is_sane_request_id(value: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&value.len()) && value.iter().all(u8::is_ascii_graphic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_codes_are_table_rows_and_keep_nothing_below_400() {
        for status in 100..=999 {
            let status = StatusCode::from_u16(status).unwrap();
            match fallback_body(status) {
                None => assert!(status.as_u16() < 400),
                Some(body) => {
                    let row = ErrorCode::lookup(&body.code).unwrap();
                    assert_eq!(body.message, row.message());
                    // A client error stays a client error, a server error a server error.
                    assert_eq!(
                        row.status().is_client_error(),
                        status.is_client_error() && !matches!(status.as_u16(), 408),
                        "{status}"
                    );
                }
            }
        }
        assert_eq!(
            fallback_body(StatusCode::UNSUPPORTED_MEDIA_TYPE)
                .unwrap()
                .code,
            "CCE.01400006"
        );
        assert_eq!(
            fallback_body(StatusCode::TOO_MANY_REQUESTS).unwrap().code,
            "CCE.02429001"
        );
    }

    #[cfg(any(feature = "axum", feature = "actix-web"))]
    #[test]
    fn json_content_types() {
        for json in [
            &b"application/json"[..],
            b"Application/JSON; charset=utf-8",
            b" application/json ;charset=UTF-8",
        ] {
            assert!(is_json(Some(json)), "{json:?}");
        }
        for other in [
            &b"application/jsonx"[..],
            b"application/problem+json",
            b"text/plain",
            b"",
        ] {
            assert!(!is_json(Some(other)), "{other:?}");
        }
        assert!(!is_json(None));
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_seconds(Duration::from_millis(3001)), 4);
        assert_eq!(retry_after_seconds(Duration::from_nanos(1)), 1);
        assert_eq!(retry_after_seconds(Duration::ZERO), 0);
    }

    #[test]
    fn request_id_sanity() {
        assert!(is_sane_request_id(b"req-1"));
        assert!(is_sane_request_id(&[b'a'; MAX_REQUEST_ID_LEN]));
        for bad in [
            &b""[..],
            b"a b",
            b"a\r\nx: y",
            b"caf\xc3\xa9",
            b"\x7f",
            &[b'a'; MAX_REQUEST_ID_LEN + 1],
        ] {
            assert!(!is_sane_request_id(bad), "{bad:?}");
        }
    }
}
