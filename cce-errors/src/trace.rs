//! Logging of error responses (feature `tracing`). Everything internal (a
//! source's text, a panic's message) goes here, and only here.

use std::any::Any;
use std::fmt::Write as _;

use crate::CceError;

/// The span a request runs in, carrying its id.
pub(crate) fn request_span(id: Option<&[u8]>, method: &str, path: &str) -> tracing::Span {
    let id = id.map_or(std::borrow::Cow::Borrowed(""), String::from_utf8_lossy);
    tracing::info_span!("request", request_id = %id, method = %method, path = %path)
}

/// A derived error about to be sent: 5xx at error level with its source
/// chain, 4xx at debug.
pub(crate) fn log_error<E: CceError + ?Sized>(error: &E) {
    let mut chain = String::new();
    let mut source = error.source();
    while let Some(cause) = source {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        let _ = write!(chain, "{cause}");
        source = cause.source();
    }
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

/// A framework's error response whose body was replaced by a CCE body,
/// with why, and the start of what it said (a rejection's text, say),
/// which the client never sees.
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

/// A handler panicked; the client gets a 500 without the message.
pub(crate) fn log_panic(panic: &(dyn Any + Send)) {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic payload that is not a string)");
    tracing::error!(status = 500, panic = message, "handler panicked");
}
