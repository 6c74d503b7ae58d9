//! gRPC (tonic 0.14): every derived type as a [`tonic::Status`] with the
//! standard error details, [`CceGrpcLayer`] for tonic servers, and a
//! received `Status` decoded as the same [`RemoteError`] an HTTP response
//! gives.
//!
//! ```
//! use cce_errors::CceError;
//! use tonic_types::StatusExt as _;
//!
//! #[derive(Debug, CceError)]
//! #[cce(domain = "cce.example.com")]
//! enum ClusterError {
//!     #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
//!     NotFound { cluster_id: String },
//! }
//!
//! // A handler returns `Result<tonic::Response<_>, tonic::Status>` and uses `?`.
//! let status = tonic::Status::from(ClusterError::NotFound { cluster_id: "c-1".into() });
//! assert_eq!(status.code(), tonic::Code::NotFound);
//! assert_eq!(status.message(), "Resource not found. [CCE.01404001]: cluster c-1 does not exist");
//! let info = status.get_details_error_info().unwrap();
//! assert_eq!((info.reason.as_str(), info.domain.as_str()), ("CCE.01404001", "cce.example.com"));
//! assert_eq!(info.metadata["cluster_id"], "c-1");
//!
//! // A client reads it back as it reads an HTTP error response.
//! let remote = cce_errors::tonic::decode(&status).unwrap();
//! assert_eq!(remote.code(), "CCE.01404001");
//! assert_eq!(remote.detail(), Some("cluster c-1 does not exist"));
//! assert_eq!(remote.status(), http::StatusCode::NOT_FOUND);
//! ```
//!
//! # What a status carries
//!
//! - the gRPC code of the row's HTTP status, by [`grpc_code`];
//! - the message `Resource not found. [CCE.01404001]`, then `: ` and the
//!   detail when there is one: the text `Display` shows for a derived type
//!   (never a user's own `Display`, which may show a source);
//! - in `grpc-status-details-bin`, a `google.rpc.Status` whose details are,
//!   in this order: `ErrorInfo` (`reason`: the code; `domain`:
//!   [`CceError::domain`] or [`DEFAULT_DOMAIN`]; `metadata`: each field the
//!   detail template shows, under its name, never a source), `RetryInfo`
//!   for a `#[cce(retry_after)]` field (the delay in whole seconds, rounded
//!   up, as `Retry-After` sends it), and `LocalizedMessage` (locale
//!   [`LOCALE`], the table's message);
//! - the code in the `x-cce-error-code` metadata, as the HTTP header.
//!
//! A status travels in HTTP/2 headers, which gRPC clients bound (grpcio
//! rejects more than 8 to 16 KiB): a detail over [`MAX_DETAIL_LEN`] bytes
//! and a metadata value over [`MAX_METADATA_VALUE_LEN`] are cut, ending
//! with `…`, and fields past [`MAX_METADATA_LEN`] bytes of values are left
//! out, so that a status stays under 8 KiB of headers whatever its fields
//! hold.

mod layer;
#[cfg(feature = "tracing")]
mod trace;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use http::{HeaderMap, HeaderValue, StatusCode};
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};
use tonic_types::{ErrorDetail, ErrorInfo, LocalizedMessage, RetryInfo, StatusExt as _};

use crate::decode::RemoteError;
use crate::response::{X_CCE_ERROR_CODE, X_REQUEST_ID, retry_after_seconds};
use crate::{CceError, ErrorBody, ErrorCode};

pub use layer::{CceGrpcLayer, CceGrpcService, ResponseBody, ResponseFuture};

/// The `ErrorInfo.domain` of a type without `#[cce(domain = "...")]`, and
/// of [`CceGrpcLayer`]'s own statuses unless
/// [`with_domain`](CceGrpcLayer::with_domain) says otherwise.
///
/// It names the codes' namespace, the error-code table read through this
/// crate, not a service: give each service's error type its own with
/// `#[cce(domain = "cce.example.com")]`.
pub const DEFAULT_DOMAIN: &str = "cce-errors";

/// The longest detail a status carries, in bytes: a longer one is cut at a
/// character boundary and ends with `…`. A status travels in HTTP/2
/// headers, and gRPC clients reject large ones (grpcio: 8 KiB at times,
/// 16 KiB always); the message appears twice in them (once in
/// `grpc-status-details-bin`, base64-encoded).
pub const MAX_DETAIL_LEN: usize = 1024;

/// The longest value of an `ErrorInfo.metadata` entry, in bytes; a longer
/// one is cut as a detail is.
pub const MAX_METADATA_VALUE_LEN: usize = 256;

/// The most bytes of `ErrorInfo.metadata` values a status carries: the
/// fields past it are left out.
pub const MAX_METADATA_LEN: usize = 1024;

/// The longest message (the table's, or a fallback mapping's) a status
/// carries, in bytes.
const MAX_MESSAGE_LEN: usize = 256;

/// The locale of the `LocalizedMessage` detail: the tables are written in
/// US English.
pub const LOCALE: &str = "en-US";

/// The gRPC code of an error with HTTP status `status`: the mapping of
/// `google.rpc.Code`'s documentation, read from HTTP to gRPC.
///
/// | HTTP status | gRPC code |
/// | --- | --- |
/// | 400 | `INVALID_ARGUMENT` |
/// | 401 | `UNAUTHENTICATED` |
/// | 403 | `PERMISSION_DENIED` |
/// | 404, 410 | `NOT_FOUND` |
/// | 408 | `DEADLINE_EXCEEDED` |
/// | 409 | `ALREADY_EXISTS` |
/// | 412 | `FAILED_PRECONDITION` |
/// | 416 | `OUT_OF_RANGE` |
/// | 429 | `RESOURCE_EXHAUSTED` |
/// | 499 | `CANCELLED` |
/// | other 4xx | `INVALID_ARGUMENT` |
/// | 500 | `INTERNAL` |
/// | 501 | `UNIMPLEMENTED` |
/// | 502, 503 | `UNAVAILABLE` |
/// | 504 | `DEADLINE_EXCEEDED` |
/// | other 5xx | `INTERNAL` |
/// | below 400 | `UNKNOWN` (no error row has such a status) |
///
/// 409 is `ALREADY_EXISTS`: three of the CCE table's four 409 rows say the
/// resource already exists, and a client never retries `ALREADY_EXISTS`,
/// where some retry `ABORTED`. [`http_status`] reads the mapping back, so
/// that every status of the CCE table comes back as it was.
pub fn grpc_code(status: StatusCode) -> Code {
    match status.as_u16() {
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 | 410 => Code::NotFound,
        408 | 504 => Code::DeadlineExceeded,
        409 => Code::AlreadyExists,
        412 => Code::FailedPrecondition,
        416 => Code::OutOfRange,
        429 => Code::ResourceExhausted,
        499 => Code::Cancelled,
        501 => Code::Unimplemented,
        502 | 503 => Code::Unavailable,
        // 400 and the rest of 4xx.
        _ if status.is_client_error() => Code::InvalidArgument,
        0..=399 => Code::Unknown,
        // 500 and the rest of 5xx, and 600 to 999, which are errors too.
        _ => Code::Internal,
    }
}

/// The name of a gRPC code as the protocol and the OpenTelemetry
/// conventions spell it: `OK`, `NOT_FOUND`, `RESOURCE_EXHAUSTED`, ...
#[cfg(any(feature = "metrics", feature = "tracing"))]
pub(crate) fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

/// The HTTP status of a gRPC code, as gRPC gateways map it (`OK` 200,
/// `CANCELLED` 499, `UNKNOWN` 500, `INVALID_ARGUMENT` 400,
/// `DEADLINE_EXCEEDED` 504, `NOT_FOUND` 404, `ALREADY_EXISTS` 409,
/// `PERMISSION_DENIED` 403, `RESOURCE_EXHAUSTED` 429, `FAILED_PRECONDITION`
/// 400, `ABORTED` 409, `OUT_OF_RANGE` 400, `UNIMPLEMENTED` 501, `INTERNAL`
/// 500, `UNAVAILABLE` 503, `DATA_LOSS` 500, `UNAUTHENTICATED` 401).
///
/// [`CceGrpcLayer`] picks the fallback body of a status without
/// `ErrorInfo` by it, and [`decode`] gives a [`RemoteError`] this status.
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            StatusCode::BAD_REQUEST
        }
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        // 499 Client Closed Request, as nginx and gRPC gateways write it.
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The `tonic::Status` of `error`: see [the module docs](self) for what it
/// carries. Derived types also implement `From<Type> for tonic::Status`,
/// which calls this (and, with the `tracing` feature, logs the error as the
/// HTTP integrations do).
///
/// ```
/// use cce_errors::CceError;
/// use tonic_types::StatusExt as _;
///
/// #[derive(Debug, CceError)]
/// #[cce(code = "CCE.01429002")]
/// struct Locked {
///     #[cce(retry_after)]
///     after: std::time::Duration,
/// }
///
/// let status = cce_errors::tonic::status_of(&Locked { after: std::time::Duration::from_millis(2500) });
/// assert_eq!(status.code(), tonic::Code::ResourceExhausted);
/// let retry = status.get_details_retry_info().unwrap();
/// assert_eq!(retry.retry_delay, Some(std::time::Duration::from_secs(3)));
/// assert_eq!(status.metadata().get("x-cce-error-code").unwrap(), "CCE.01429002");
/// ```
pub fn status_of<E: CceError + ?Sized>(error: &E) -> Status {
    let mut metadata = HashMap::new();
    let mut room = MAX_METADATA_LEN;
    error.__cce_metadata(&mut |name, value| {
        let mut text = String::new();
        // A field's `Display` may fail: what it wrote stands.
        let _ = text.write_fmt(value);
        let text = cut(&text, MAX_METADATA_VALUE_LEN).into_owned();
        // Past the budget, the other fields are left out.
        if text.len() <= room {
            room -= text.len();
            metadata.insert(name.to_owned(), text);
        }
    });
    let body = ErrorBody {
        code: Cow::Borrowed(error.code()),
        message: Cow::Borrowed(error.message()),
        detail: error.detail(),
    };
    build_status(
        grpc_code(error.status()),
        &body,
        error.domain().unwrap_or(DEFAULT_DOMAIN),
        metadata,
        error.retry_after(),
    )
}

/// [`status_of`] for the `From` impls of derived types: it also logs the
/// error, with the `tracing` feature.
#[doc(hidden)]
pub fn into_status<E: CceError + ?Sized>(error: &E) -> Status {
    #[cfg(feature = "tracing")]
    trace::log_error(error);
    status_of(error)
}

/// The status of a body: `code`, the message and details of the module
/// docs, and the code in `x-cce-error-code`.
fn build_status(
    code: Code,
    body: &ErrorBody<'_>,
    domain: &str,
    metadata: HashMap<String, String>,
    retry_after: Option<Duration>,
) -> Status {
    let body = ErrorBody {
        code: Cow::Borrowed(&*body.code),
        message: cut(&body.message, MAX_MESSAGE_LEN),
        detail: body
            .detail
            .as_deref()
            .map(|detail| cut(detail, MAX_DETAIL_LEN)),
    };
    let body = &body;
    let message = message_of(body);
    let mut details = Vec::with_capacity(3);
    details.push(ErrorDetail::ErrorInfo(ErrorInfo::new(
        body.code.as_ref(),
        domain,
        metadata,
    )));
    if let Some(after) = retry_after {
        let seconds = Duration::from_secs(retry_after_seconds(after));
        details.push(ErrorDetail::RetryInfo(RetryInfo::new(Some(seconds))));
    }
    details.push(ErrorDetail::LocalizedMessage(LocalizedMessage::new(
        LOCALE,
        body.message.as_ref(),
    )));
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&body.code) {
        headers.insert(X_CCE_ERROR_CODE, value);
    }
    Status::with_error_details_vec_and_metadata(
        code,
        message,
        details,
        MetadataMap::from_headers(headers),
    )
}

/// `text`, or its first bytes up to `max` (at a character boundary) and `…`.
fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", &text[..end]))
}

/// `Resource not found. [CCE.01404001]`, then `: <detail>` when there is one.
fn message_of(body: &ErrorBody<'_>) -> String {
    let mut message = String::new();
    let _ = write!(message, "{} [{}]", body.message, body.code);
    if let Some(detail) = &body.detail {
        let _ = write!(message, ": {detail}");
    }
    message
}

/// A received status as the [`RemoteError`] an HTTP response with the same
/// error gives; `None` for `OK` and for a status without an `ErrorInfo`
/// whose `reason` is set (one that no CCE service sent).
///
/// - the code is `ErrorInfo.reason`, in a table or not, and
///   [`RemoteError::error_code`] finds the CCE table's row;
///   [`RemoteError::typed`] gives a derived type's variant back;
/// - the message is the `LocalizedMessage`'s (any locale, `en-US`
///   first), else the CCE table's for the code, else the status message;
/// - the detail is what follows `message [code]: ` in the status message;
///   a status message of another shape is the detail as a whole, unless it
///   is empty or the message itself;
/// - the request id is the `x-request-id` metadata (at most 256 bytes);
/// - the retry delay is `RetryInfo`'s;
/// - the HTTP status is [`http_status`] of the gRPC code, which for the
///   statuses of the CCE table is the row's status.
///
/// It never panics, whatever the status holds.
pub fn decode(status: &Status) -> Option<RemoteError> {
    if status.code() == Code::Ok {
        return None;
    }
    let info = status.get_details_error_info()?;
    if info.reason.is_empty() {
        return None;
    }
    let localized = status
        .get_error_details_vec()
        .into_iter()
        .filter_map(|detail| match detail {
            ErrorDetail::LocalizedMessage(localized) if !localized.message.is_empty() => {
                Some(localized)
            }
            _ => None,
        })
        .min_by_key(|localized| localized.locale != LOCALE);
    let code = info.reason;
    let message = match localized {
        Some(localized) => localized.message,
        None => ErrorCode::lookup(&code).map_or_else(
            || status.message().to_owned(),
            |row| row.message().to_owned(),
        ),
    };
    let detail = detail_in(status.message(), &message, &code);
    let request_id = status
        .metadata()
        .get(X_REQUEST_ID.as_str())
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let retry_after = status
        .get_details_retry_info()
        .and_then(|retry| retry.retry_delay);
    let body = ErrorBody {
        code: Cow::Owned(code),
        message: Cow::Owned(message),
        detail: detail.map(Cow::Owned),
    };
    Some(RemoteError::from_parts(
        http_status(status.code()),
        request_id.as_deref(),
        body,
        retry_after,
    ))
}

/// The detail a status message carries after `message [code]`.
fn detail_in(status_message: &str, message: &str, code: &str) -> Option<String> {
    let head = format!("{message} [{code}]");
    match status_message.strip_prefix(&head) {
        Some("") => None,
        Some(rest) => match rest.strip_prefix(": ") {
            Some(detail) => Some(detail.to_owned()),
            None => Some(status_message.to_owned()),
        },
        None if status_message.is_empty() || status_message == message => None,
        None => Some(status_message.to_owned()),
    }
}

/// [`decode`], giving the status back when it carries no CCE error.
impl TryFrom<Status> for RemoteError {
    type Error = Status;

    fn try_from(status: Status) -> Result<Self, Status> {
        decode(&status).ok_or(status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_reads_back_for_every_table_status() {
        for row in ErrorCode::all() {
            assert_eq!(
                http_status(grpc_code(row.status())),
                row.status(),
                "{row:?}"
            );
        }
        for status in 100..=999u16 {
            let code = grpc_code(StatusCode::from_u16(status).unwrap());
            assert_eq!(code == Code::Unknown, status < 400, "{status}");
            assert_ne!(code, Code::Ok);
        }
    }

    #[test]
    fn long_texts_are_cut_at_a_character_boundary() {
        assert_eq!(cut("short", 10), "short");
        let cut_ascii = cut(&"a".repeat(2000), MAX_DETAIL_LEN).into_owned();
        assert_eq!(cut_ascii.len(), MAX_DETAIL_LEN);
        assert!(cut_ascii.ends_with('…'));
        let cut_wide = cut(&"é".repeat(2000), MAX_DETAIL_LEN).into_owned();
        assert!(cut_wide.len() <= MAX_DETAIL_LEN);
        assert!(cut_wide.trim_end_matches('…').chars().all(|c| c == 'é'));
    }

    #[test]
    fn details_are_read_back_from_the_message() {
        let (m, c) = ("Resource not found.", "CCE.01404001");
        assert_eq!(detail_in("Resource not found. [CCE.01404001]", m, c), None);
        assert_eq!(
            detail_in("Resource not found. [CCE.01404001]: c-1: gone", m, c).as_deref(),
            Some("c-1: gone")
        );
        assert_eq!(detail_in("", m, c), None);
        assert_eq!(detail_in(m, m, c), None);
        assert_eq!(
            detail_in("no such cluster", m, c).as_deref(),
            Some("no such cluster")
        );
        assert_eq!(
            detail_in("Resource not found. [CCE.01404001]x", m, c).as_deref(),
            Some("Resource not found. [CCE.01404001]x")
        );
    }
}
