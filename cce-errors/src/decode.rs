//! The client side: turning a received error response into a value, for
//! every shape real CCE-style services and their gateways send.
//!
//! ```
//! use cce_errors::decode::decode;
//! use cce_errors::CceError;
//! use http::{HeaderMap, StatusCode};
//!
//! #[derive(Debug, PartialEq, CceError)]
//! enum ClusterError {
//!     #[cce(code = "CCE.01404001")]
//!     NotFound,
//! }
//!
//! let mut headers = HeaderMap::new();
//! headers.insert("x-request-id", "req-42".parse().unwrap());
//! let body = br#"{"errorCode": "CCE.01404001", "errorMessage": "Resource not found.",
//!                 "message": "cluster c-1 not found"}"#;
//! let remote = decode(StatusCode::NOT_FOUND, &headers, body).unwrap();
//! assert_eq!(remote.code(), "CCE.01404001");
//! assert_eq!(remote.detail(), Some("cluster c-1 not found"));
//! assert_eq!(remote.request_id(), Some("req-42"));
//! assert_eq!(remote.typed::<ClusterError>(), Some(ClusterError::NotFound));
//!
//! // A gateway's HTML page keeps what a person needs to know what happened.
//! let error = decode(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>502 Bad Gateway</html>")
//!     .unwrap_err();
//! assert_eq!(error.status(), StatusCode::BAD_GATEWAY);
//! assert_eq!(error.excerpt(), "<html>502 Bad Gateway</html>");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, StatusCode};

use crate::body::{Keys, Wanted};
use crate::{CceError, ErrorBody, ErrorCode};

/// The most body bytes [`decode`] reads; a longer body is a
/// [`DecodeErrorKind::TooLarge`] error. Error bodies are a few hundred bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The most bytes of a body a [`DecodeError`] keeps, and the longest request
/// id a [`RemoteError`] keeps.
pub const EXCERPT_LEN: usize = 256;

/// An error response, decoded: what the service (or the gateway in front of
/// it) said went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    status: StatusCode,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: ErrorBody<'static>,
}

impl RemoteError {
    /// A decoded error from what another wire carried (the gRPC one): the
    /// request id is cut to [`EXCERPT_LEN`] bytes, as [`decode`] cuts it.
    #[cfg_attr(not(feature = "tonic"), allow(dead_code))]
    pub(crate) fn from_parts(
        status: StatusCode,
        request_id: Option<&str>,
        body: ErrorBody<'static>,
        retry_after: Option<Duration>,
    ) -> Self {
        RemoteError {
            status,
            request_id: request_id.map(bounded),
            body,
            retry_after,
        }
    }

    /// The response's HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The request id: the `X-Request-Id` header, else
    /// `X-Openstack-Request-Id`, else a `request_id` in the body (API
    /// gateways put it there).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The error code as received, in the table or not (`CCE.01404001`,
    /// `APIGW.0301`, ...).
    pub fn code(&self) -> &str {
        &self.body.code
    }

    /// The error message as received; when the body had none, the table's
    /// message for the code, or an empty text.
    pub fn message(&self) -> &str {
        &self.body.message
    }

    /// The detail (`message`), if the body had one.
    pub fn detail(&self) -> Option<&str> {
        self.body.detail.as_deref()
    }

    /// The whole body.
    pub fn body(&self) -> &ErrorBody<'static> {
        &self.body
    }

    /// The body, owned.
    pub fn into_body(self) -> ErrorBody<'static> {
        self.body
    }

    /// The CCE table's row for the code, when the code is in the table.
    pub fn error_code(&self) -> Option<&'static ErrorCode> {
        ErrorCode::lookup(&self.body.code)
    }

    /// How long to wait before retrying, when the response said: over HTTP,
    /// its `Retry-After` header, in seconds or as an HTTP date (a date in
    /// the past is no wait), else, for a 429 or a 5xx, the body's
    /// `details.retryAfterSeconds` (a Kubernetes `Status` answering 429);
    /// over gRPC, the status's `RetryInfo`. `None` when it said nothing, or
    /// said it in a form none of these take.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether the request may succeed if sent again: a 429 (too many
    /// requests) or a 503 (unavailable), or a code that the CCE table marks
    /// retryable (its page has no `Retryable` column: none is). Anything
    /// else (a 400, a 404, a 409, ...) says the request itself is wrong:
    /// sending it again gets the same answer. For a team's table, see
    /// [`is_retryable_in`](RemoteError::is_retryable_in).
    pub fn is_retryable(&self) -> bool {
        retryable_status(self.status) || self.error_code().is_some_and(ErrorCode::retryable)
    }

    /// [`is_retryable`](RemoteError::is_retryable), or the code's row in
    /// `table` is marked retryable (its `Retryable` column); `table` is a
    /// team's table, as `cce_errors::table!("docs/error-codes.csv")` gives
    /// it.
    pub fn is_retryable_in(&self, table: &[ErrorCode]) -> bool {
        self.is_retryable()
            || table
                .iter()
                .any(|row| row.retryable() && row.code() == self.code())
    }

    /// The typed error: the variant of `E` for this body's code (through
    /// `transparent` variants too), or `None` when `E` has no variant
    /// without fields for it; the code stays available as text.
    pub fn typed<E: CceError>(&self) -> Option<E> {
        E::from_body(&self.body)
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.status.as_u16())?;
        fmt::Display::fmt(&self.body, f)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for RemoteError {}

/// Why a response could not be decoded into a [`RemoteError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is empty (or only whitespace).
    Empty,
    /// The body is longer than [`MAX_BODY`].
    TooLarge,
    /// The body is not JSON: an HTML page, plain text, invalid UTF-8, a
    /// truncated document.
    NotJson,
    /// The body is JSON, but not an object whose error keys hold text: an
    /// array, a number, `"errorCode": 401`.
    NotAnErrorObject,
    /// A JSON object without `errorCode` or `error_code`, such as a bare
    /// Kubernetes `Status`.
    NoErrorCode,
}

impl fmt::Display for DecodeErrorKind {
    /// What is wrong with the body, in words: `the body is empty`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeErrorKind::Empty => "the body is empty",
            DecodeErrorKind::TooLarge => "the body is too large for an error body",
            DecodeErrorKind::NotJson => "the body is not JSON",
            DecodeErrorKind::NotAnErrorObject => "the body is not a JSON error object",
            DecodeErrorKind::NoErrorCode => "the body has no errorCode or error_code",
        })
    }
}

/// A response that is not a decodable error body. It keeps what a person
/// needs to see what happened: the status, the content type, the request
/// id, and the start of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    status: StatusCode,
    content_type: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    excerpt: String,
}

impl DecodeError {
    /// Why the body could not be decoded.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The response's HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's `Content-Type`, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The request id from the headers, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The first [`EXCERPT_LEN`] bytes of the body, as text (invalid UTF-8
    /// replaced).
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The `Retry-After` header as a delay, as [`RemoteError::retry_after`]
    /// reads it.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether the request may succeed if sent again: a 429 or a 503 (a
    /// gateway's throttling page, say), whatever the body.
    pub fn is_retryable(&self) -> bool {
        retryable_status(self.status)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "undecodable error response (status {}",
            self.status.as_u16()
        )?;
        if let Some(content_type) = &self.content_type {
            write!(f, ", content-type {content_type}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, "): {}", self.kind)?;
        if !self.excerpt.is_empty() {
            write!(f, ": {:?}", self.excerpt)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Decodes an error response from its status, headers and body.
///
/// Fails with a [`DecodeError`] when the body is not an error body: empty,
/// longer than [`MAX_BODY`], not JSON, JSON that is not an object whose
/// error keys hold text, or an object without `errorCode` / `error_code`
/// ([`DecodeErrorKind`] says which).
///
/// Whatever the content type says, the body is tried as JSON (gateways label
/// JSON `text/plain`). The documented keys `errorCode` / `errorMessage` win
/// over `error_code` / `error_msg` when a body carries both (real CCE
/// responses carry a service-internal code in `error_code`), other keys
/// (a Kubernetes `Status`'s, `request_id`, ...) are ignored, and `message`
/// is the detail. No input makes it panic, and it reads at most
/// [`MAX_BODY`] bytes of `body`.
pub fn decode(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<RemoteError, DecodeError> {
    let request_id = header_request_id(headers);
    let header_retry_after = header_retry_after(headers, SystemTime::now());
    let failed = |kind| DecodeError {
        kind,
        status,
        retry_after: header_retry_after,
        content_type: headers
            .get(CONTENT_TYPE)
            .map(|v| bounded(&String::from_utf8_lossy(v.as_bytes()))),
        request_id: request_id.clone(),
        excerpt: bounded(&String::from_utf8_lossy(
            &body[..body.len().min(EXCERPT_LEN)],
        )),
    };
    if body.len() > MAX_BODY {
        return Err(failed(DecodeErrorKind::TooLarge));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(failed(DecodeErrorKind::Empty));
    }
    // A delay matters for what may be retried: throttling and server errors.
    let wanted = Wanted {
        request_id: true,
        retry_after: status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error(),
    };
    let mut keys = Keys::from_slice(body, wanted).map_err(|e| {
        failed(match e.classify() {
            serde_json::error::Category::Data => DecodeErrorKind::NotAnErrorObject,
            _ => DecodeErrorKind::NotJson,
        })
    })?;
    let code = keys
        .code()
        .ok_or_else(|| failed(DecodeErrorKind::NoErrorCode))?;
    let message = keys
        .message()
        .unwrap_or_else(|| Cow::Borrowed(ErrorCode::lookup(&code).map_or("", ErrorCode::message)));
    let request_id = request_id.or_else(|| keys.request_id.take().map(|id| bounded(&id)));
    let retry_after =
        header_retry_after.or_else(|| keys.retry_after_seconds.map(Duration::from_secs));
    Ok(RemoteError {
        status,
        request_id,
        retry_after,
        body: ErrorBody {
            code,
            message,
            detail: keys.detail,
        }
        .into_owned(),
    })
}

/// Whether a status says the request may succeed if sent again, whatever
/// the body: 429 (too many requests) and 503 (unavailable).
fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503)
}

/// `Retry-After` as a delay from `now`: whole seconds, or an HTTP date
/// (RFC 9110, section 10.2.3); a date already past is no delay.
pub(crate) fn header_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds: as long as can be said.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `X-Request-Id`, else `X-Openstack-Request-Id`.
fn header_request_id(headers: &HeaderMap) -> Option<String> {
    ["x-request-id", "x-openstack-request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .map(|v| bounded(&String::from_utf8_lossy(v.as_bytes())))
}

/// At most [`EXCERPT_LEN`] bytes, cut at a character boundary.
fn bounded(text: &str) -> String {
    let mut end = text.len().min(EXCERPT_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let after = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value.parse().unwrap());
            header_retry_after(&headers, now)
        };
        assert_eq!(after("120"), Some(Duration::from_secs(120)));
        assert_eq!(after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            after("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            after("Sun, 06 Nov 1994 08:50:07 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(after("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
        for nonsense in ["-5", "1.5", "soon", "", "Sun, 06 Nov 1994"] {
            assert_eq!(after(nonsense), None, "{nonsense:?}");
        }
        assert_eq!(header_retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn bounded_cuts_at_a_character_boundary() {
        let text = "é".repeat(EXCERPT_LEN);
        let cut = bounded(&text);
        assert!(cut.len() <= EXCERPT_LEN);
        assert!(cut.chars().all(|c| c == 'é'));
        assert_eq!(bounded("short"), "short");
    }
}
