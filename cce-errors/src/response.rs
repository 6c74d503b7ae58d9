//! Error responses, independent of any framework: the status, headers and
//! body bytes that the axum and actix-web integrations both send, the CCE
//! body for statuses that no handler chose (an unmatched route, a rejected
//! body, a panic), and the settings of `CceLayer` and `CceMiddleware` that
//! both integrations share.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderName, HeaderValue, StatusCode};

use crate::private::{DetailOf, Wire};
use crate::{CceError, ErrorBody, ErrorCode};

/// The content type of every error body.
pub const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The header every error response of this crate carries beside its body:
/// the error code, as in the body's `errorCode` (as Azure Storage sends
/// `x-ms-error-code`).
///
/// Proxies, access logs and metrics can read the code without parsing the
/// body, and `CceLayer` / `CceMiddleware` recognize a CCE response by it
/// whatever middleware inside them did to its body (compressed it,
/// streamed it, boxed it into another body type).
pub const X_CCE_ERROR_CODE: HeaderName = HeaderName::from_static("x-cce-error-code");

/// The response for `error`: its table status, `content-type:
/// application/json`, [`X_CCE_ERROR_CODE`], `Retry-After` when the error has
/// one, and the JSON body. The framework integrations send exactly this.
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
/// assert_eq!(response.headers()["x-cce-error-code"], "CCE.01429002");
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
    if let Some(code) = code_header(error.code()) {
        headers.insert(X_CCE_ERROR_CODE, code);
    }
    if let Some(after) = error.retry_after() {
        headers.insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds(after)));
    }
    response
}

/// The value of [`X_CCE_ERROR_CODE`] for `code`, without copying it; `None`
/// for a code that cannot be a header value (a team's table may hold one
/// with characters outside visible ASCII).
pub(crate) fn code_header(code: &'static str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(code.as_bytes())).ok()
}

/// The JSON body of `error`, with the keys of [`set_body_keys`] (the
/// documented keys unless a service changed that default).
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
    if default_keys() == BodyKeys::Compatible {
        return Cow::Owned(error.to_body().to_json(BodyKeys::Compatible));
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
                return Cow::Owned(bare.to_json(BodyKeys::Documented));
            }
            if repeats_message(&body, prefix.len()) {
                // `{"errorCode":...,"errorMessage":"..."` and the end.
                body.truncate(prefix.len() - DETAIL_KEY.len());
            }
            body.push(b'}');
            Cow::Owned(body)
        }
        None => Cow::Owned(error.to_body().to_json(BodyKeys::Documented)),
    }
}

/// What a derived type's body prefix ends with: the detail's key.
const DETAIL_KEY: &[u8] = b",\"message\":";

/// Whether the detail a body holds after its `prefix_len` bytes of prefix
/// (`{"errorCode":"...","errorMessage":"...","message":`) is its message
/// word for word: such a detail is not sent, as a client that shows the
/// message and the detail together (the Java SDK's CCE handler) would show
/// it twice. Both were escaped by the same rules (the derive's escaper is
/// checked against `serde_json`'s), so the escaped texts are compared.
fn repeats_message(body: &[u8], prefix_len: usize) -> bool {
    const MESSAGE_KEY: &[u8] = b",\"errorMessage\":";
    let Some(before_detail) = prefix_len.checked_sub(DETAIL_KEY.len()) else {
        return false;
    };
    let prefix = &body[..before_detail];
    let Some(message_at) = prefix
        .windows(MESSAGE_KEY.len())
        .position(|window| window == MESSAGE_KEY)
    else {
        return false;
    };
    prefix[message_at + MESSAGE_KEY.len()..] == body[prefix_len..]
}

/// The JSON bytes of a body, with the keys of [`set_body_keys`]; see
/// [`ErrorBody::to_json`] to choose the keys.
pub fn body_bytes(body: &ErrorBody<'_>) -> Vec<u8> {
    body.to_json(default_keys())
}

/// `Retry-After` is in whole seconds; a fraction rounds up, so that a client
/// never comes back early.
pub fn retry_after_seconds(after: Duration) -> u64 {
    after
        .as_secs()
        .saturating_add(u64::from(after.subsec_nanos() > 0))
}

/// The CCE body sent for an error status that no `CceError` produced: the
/// framework's own responses (unmatched route, wrong method, rejected body,
/// timeout) and panics. The status stays what it was; the code comes from
/// this mapping, and the detail is a fixed text that never repeats the
/// request or an internal message, and never equals the message.
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
/// Returns `None` for a status below 400, and only then.
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

/// How `CceLayer` and `CceMiddleware` choose the body for an error status
/// that no `CceError` produced (an unmatched route, a rejected body, a
/// timeout, a panic). [`fallback_body`] is the documented mapping, and any
/// closure `Fn(StatusCode) -> Option<ErrorBody<'static>>` is one:
///
/// ```
/// use cce_errors::ErrorBody;
/// use cce_errors::response::fallback_body;
/// use http::StatusCode;
///
/// // A service whose module has its own throttling code.
/// let mapping = |status: StatusCode| match status {
///     StatusCode::TOO_MANY_REQUESTS => Some(ErrorBody::new("CCE.01429001", "Too many requests.")),
///     other => fallback_body(other),
/// };
/// # #[cfg(feature = "axum")]
/// let layer = cce_errors::axum::CceLayer::new().with_fallback(mapping);
/// ```
pub trait FallbackMapping: Send + Sync + 'static {
    /// The body for `status` (400 to 999). `None` falls back to
    /// [`fallback_body`], so that every error response leaving the service
    /// still has a CCE body.
    fn body_for(&self, status: StatusCode) -> Option<ErrorBody<'static>>;
}

impl<F> FallbackMapping for F
where
    F: Fn(StatusCode) -> Option<ErrorBody<'static>> + Send + Sync + 'static,
{
    fn body_for(&self, status: StatusCode) -> Option<ErrorBody<'static>> {
        self(status)
    }
}

/// `mapping`'s body for `status` when clients can use it, else the
/// documented one ([`fallback_body`]): a body with an empty code or message
/// is not used, and a detail that repeats the message is dropped (the Java
/// SDK's CCE handler would show it twice). `None` only below 400.
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
pub(crate) fn mapped_body(
    mapping: Option<&dyn FallbackMapping>,
    status: StatusCode,
) -> Option<ErrorBody<'static>> {
    mapping
        .and_then(|mapping| mapping.body_for(status))
        .filter(|body| !body.code.trim().is_empty() && !body.message.trim().is_empty())
        .map(|mut body| {
            if body.detail.as_deref() == Some(&*body.message) {
                body.detail = None;
            }
            body
        })
        .or_else(|| fallback_body(status))
}

/// A status mapping as a function pointer, the only form the integrations
/// took before [`FallbackMapping`].
#[deprecated(
    since = "0.1.0",
    note = "pass any `FallbackMapping` (a closure or a fn) to `with_fallback`; this alias is only one of them"
)]
pub type Fallback = fn(StatusCode) -> Option<ErrorBody<'static>>;

/// Which keys error bodies carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyKeys {
    /// The documented body: `errorCode`, `errorMessage`, and `message` for
    /// a detail.
    #[default]
    Documented,
    /// The documented keys, and after them `error_code` and `error_msg`
    /// holding the same values as `errorCode` and `errorMessage`, for clients
    /// that read only those (the generic error handlers of the official
    /// SDKs). A body that already has either key keeps what it has.
    Compatible,
}

static COMPATIBLE_KEYS: AtomicBool = AtomicBool::new(false);

/// Chooses, for this whole process, which keys the responses of derived
/// types carry ([`body_of`], [`http_response`], `IntoResponse`,
/// `ResponseError`), and the keys of every `CceLayer` and `CceMiddleware`
/// that does not choose its own. The serialization of `ErrorBody` and of
/// derived types (`serde_json::to_vec(&error)`) always has the documented
/// keys, whatever this says, so that a client in the same process is not
/// changed by its server's settings.
///
/// ```
/// # #![allow(deprecated)]
/// use cce_errors::response::{set_body_keys, BodyKeys};
///
/// set_body_keys(BodyKeys::Compatible);
/// # set_body_keys(BodyKeys::Documented);
/// ```
#[deprecated(
    since = "0.1.0",
    note = "choose the keys where the responses are made: `CceLayer::with_body_keys` or `CceMiddleware::with_body_keys`"
)]
pub fn set_body_keys(keys: BodyKeys) {
    COMPATIBLE_KEYS.store(keys == BodyKeys::Compatible, Ordering::Relaxed);
}

/// The keys chosen by [`set_body_keys`] (by default the documented keys).
#[deprecated(
    since = "0.1.0",
    note = "the keys are a setting of each `CceLayer` or `CceMiddleware`"
)]
pub fn body_keys() -> BodyKeys {
    default_keys()
}

/// The process-wide default of the deprecated [`set_body_keys`].
pub(crate) fn default_keys() -> BodyKeys {
    if COMPATIBLE_KEYS.load(Ordering::Relaxed) {
        BodyKeys::Compatible
    } else {
        BodyKeys::Documented
    }
}

/// The header openstacksdk-based clients read the request id from; the
/// integrations can send it beside `X-Request-Id`, with the same value.
pub const X_OPENSTACK_REQUEST_ID: HeaderName = HeaderName::from_static("x-openstack-request-id");

/// The header carrying the request id, in requests and responses.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client-sent request id that is echoed back.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// Whether a client-sent `X-Request-Id` may be echoed: 1 to 128 visible
/// ASCII characters. Anything else (empty, too long, spaces, control
/// characters, CR/LF, non-ASCII) is replaced by a new id.
pub fn is_sane_request_id(value: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&value.len()) && value.iter().all(u8::is_ascii_graphic)
}

/// How many bytes of an error response's body `CceLayer` and
/// `CceMiddleware` read, by default, to see whether it is a CCE body (when
/// it is labelled `application/json` and not encoded): 64 KiB, as much as
/// the client decoder reads ([`crate::decode::MAX_BODY`]). A longer body is
/// replaced.
pub const DEFAULT_INSPECT_BYTES: usize = 64 * 1024;

/// How long, by default, `CceLayer` and `CceMiddleware` wait for the body
/// of an error response labelled `application/json` before they replace it:
/// 250 ms. A body that has not ended by then (a stream, a slow upstream) is
/// replaced, so that the response's head reaches the client without
/// waiting for it.
pub const DEFAULT_INSPECT_WAIT: Duration = Duration::from_millis(250);

/// How many bytes of a request body that a handler left unread `CceLayer`
/// reads and discards, by default, before the connection is closed: 256 MiB.
/// See [`DEFAULT_DRAIN_TIME`].
pub const DEFAULT_DRAIN_BYTES: u64 = 256 * 1024 * 1024;

/// How long, by default, `CceLayer` keeps reading and discarding a request
/// body that a handler left unread (a body over the size limit answered
/// early with 413, say): 30 s in all, as nginx's `lingering_time`, and at
/// most [`DRAIN_IDLE`] without receiving anything. Clients that send their
/// whole body before they read the response (Python's `urllib` and
/// `requests`) would otherwise fail with a broken pipe instead of reading
/// the error.
pub const DEFAULT_DRAIN_TIME: Duration = Duration::from_secs(30);

/// The longest pause in a drained request body before the drain stops: 5 s,
/// as nginx's `lingering_timeout`.
pub const DRAIN_IDLE: Duration = Duration::from_secs(5);

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

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_seconds(Duration::from_millis(3001)), 4);
        assert_eq!(retry_after_seconds(Duration::from_nanos(1)), 1);
        assert_eq!(retry_after_seconds(Duration::ZERO), 0);
        assert_eq!(retry_after_seconds(Duration::MAX), u64::MAX);
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
