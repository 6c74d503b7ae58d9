//! The logs of the gRPC wire (feature `tracing`): the events of the HTTP
//! integrations, with the gRPC code beside the HTTP status. Everything
//! internal (a source's text, a replaced status's message, a panic's
//! message) goes here, and only here.

use std::any::Any;
use std::fmt::Write as _;

use tonic::Code;

use crate::CceError;

/// The span a request runs in, carrying its id: the HTTP integrations'.
pub(super) fn request_span(id: &[u8], method: &str, path: &str) -> tracing::Span {
    let id = String::from_utf8_lossy(id);
    tracing::info_span!("request", request_id = %id, method = %method, path = %path)
}

/// A derived error about to be sent as a status: 5xx at error level with
/// its source chain, 4xx at debug.
pub(super) fn log_error<E: CceError + ?Sized>(error: &E) {
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
    let grpc_status = super::grpc_code(error.status()) as i32;
    let code = error.code();
    match (error.status().is_server_error(), chain.is_empty()) {
        (true, false) => {
            tracing::error!(status, grpc_status, code, error = %error, source_chain = %chain, "error response");
        }
        (true, true) => {
            tracing::error!(status, grpc_status, code, error = %error, "error response");
        }
        (false, false) => {
            tracing::debug!(status, grpc_status, code, error = %error, source_chain = %chain, "error response");
        }
        (false, true) => {
            tracing::debug!(status, grpc_status, code, error = %error, "error response");
        }
    }
}

/// An error status replaced by a CCE status, with why, and what it said
/// (which the client never sees).
pub(super) fn log_replaced(code: Code, why: &str, replaced: &str) {
    let status = super::http_status(code).as_u16();
    let grpc_status = code as i32;
    if status >= 500 {
        tracing::error!(
            status,
            grpc_status,
            why,
            replaced,
            "error status without ErrorInfo; sent the fallback status"
        );
    } else {
        tracing::debug!(
            status,
            grpc_status,
            why,
            replaced,
            "error status without ErrorInfo; sent the fallback status"
        );
    }
}

/// A handler panicked; the client gets `INTERNAL` without the message.
pub(super) fn log_panic(panic: &(dyn Any + Send)) {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic payload that is not a string)");
    tracing::error!(
        status = 500,
        grpc_status = Code::Internal as i32,
        panic = message,
        "handler panicked"
    );
}
