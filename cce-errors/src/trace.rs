//! Logging of error responses (feature `tracing`). Everything internal (a
//! source's text, a panic's message) goes here, and only here.

use std::any::Any;
use std::fmt::Write as _;

#[cfg(any(feature = "axum", feature = "actix-web"))]
use crate::CceError;

/// The span a request runs in, carrying its id and, in the names of the
/// OpenTelemetry conventions for HTTP servers, its method, path and route;
/// [`record_response`] adds what the response says. A `tracing-opentelemetry`
/// layer exports them as they are.
pub(crate) fn request_span(
    id: Option<&[u8]>,
    method: &str,
    path: &str,
    route: Option<&str>,
) -> tracing::Span {
    use tracing::field::Empty;
    let id = id.map_or(std::borrow::Cow::Borrowed(""), String::from_utf8_lossy);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        path = %path,
        "http.request.method" = %method,
        "url.path" = %path,
        "http.route" = Empty,
        "http.response.status_code" = Empty,
        "rpc.response.status_code" = Empty,
        "error.type" = Empty,
        "otel.status_code" = Empty,
    );
    if let Some(route) = route {
        span.record("http.route", route);
    }
    span
}

/// Records on the request's span what its response says: the status, and
/// for an error response `error.type`, its error code; a 5xx also sets
/// `otel.status_code = "ERROR"` (the conventions leave a server's 4xx
/// unset).
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn record_response(span: &tracing::Span, status: u16, code: Option<&str>) {
    span.record("http.response.status_code", status);
    if status >= 400 {
        match code {
            Some(code) => span.record("error.type", code),
            None => span.record("error.type", status),
        };
    }
    if status >= 500 {
        span.record("otel.status_code", "ERROR");
    }
}

/// A derived error about to be sent: 5xx at error level with its source
/// chain, 4xx at debug.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn log_error<E: CceError + ?Sized>(error: &E) {
    let chain = source_chain(error);
    let status = error.status().as_u16();
    match (error.status().is_server_error(), chain.is_empty()) {
        (true, false) => {
            tracing::error!(status, code = error.code(), error = %error, source_chain = %chain, "error response");
        }
        (true, true) => {
            tracing::error!(status, code = error.code(), error = %error, "error response");
        }
        (false, false) => {
            tracing::debug!(status, code = error.code(), error = %error, source_chain = %chain, "error response");
        }
        (false, true) => {
            tracing::debug!(status, code = error.code(), error = %error, "error response");
        }
    }
}

/// The texts of `error`'s sources, outermost first, joined with `: `
/// (empty without a source): what the log shows and no client sees.
pub(crate) fn source_chain<E: std::error::Error + ?Sized>(error: &E) -> String {
    let mut chain = String::new();
    let mut source = error.source();
    while let Some(cause) = source {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        let _ = write!(chain, "{cause}");
        source = cause.source();
    }
    chain
}

/// A framework's error response whose body was replaced by a CCE body,
/// with why, and the start of what it said (a rejection's text, say),
/// which the client never sees.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn log_replaced(replaced: &crate::middleware::Replaced) {
    let crate::middleware::Replaced {
        status,
        code,
        why,
        excerpt,
    } = replaced;
    let why = why.describe();
    if *status >= 500 {
        tracing::error!(status, code = %code, why, replaced = %excerpt, "error response without a CCE body; sent the fallback body");
    } else {
        tracing::debug!(status, code = %code, why, replaced = %excerpt, "error response without a CCE body; sent the fallback body");
    }
}

/// A handler panicked; the client gets a 500 (gRPC: `INTERNAL`) without
/// the message.
pub(crate) fn log_panic(panic: &(dyn Any + Send)) {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic payload that is not a string)");
    tracing::error!(status = 500, panic = message, "handler panicked");
}
