//! The logs of the gRPC wire (feature `tracing`): the events of the HTTP
//! integrations, with the gRPC code beside the HTTP status. Everything
//! internal (a source's text, a replaced status's message, a panic's
//! message) goes here, and only here.

use tonic::Code;

use crate::CceError;

/// The span a request runs in: the HTTP integrations' (a gRPC call is an
/// HTTP/2 request), with the path `/package.Service/Method`.
pub(super) fn request_span(id: &[u8], method: &str, path: &str) -> tracing::Span {
    crate::trace::request_span(Some(id), method, path, None)
}

/// Records on the request's span what its status says: `error.type`, the
/// error code (`x-cce-error-code`), for any status but `OK`, and
/// `otel.status_code = "ERROR"` for the codes the OpenTelemetry conventions
/// count as a server's failure (`UNKNOWN`, `DEADLINE_EXCEEDED`,
/// `UNIMPLEMENTED`, `INTERNAL`, `UNAVAILABLE`, `DATA_LOSS`).
pub(super) fn record_status(span: &tracing::Span, code: Code, error: Option<&str>) {
    span.record("rpc.response.status_code", super::code_name(code));
    if code != Code::Ok {
        match error {
            Some(error) => span.record("error.type", error),
            None => span.record("error.type", super::code_name(code)),
        };
    }
    if matches!(
        code,
        Code::Unknown
            | Code::DeadlineExceeded
            | Code::Unimplemented
            | Code::Internal
            | Code::Unavailable
            | Code::DataLoss
    ) {
        span.record("otel.status_code", "ERROR");
    }
}

/// A derived error about to be sent as a status: 5xx at error level with
/// its source chain, 4xx at debug.
pub(super) fn log_error<E: CceError + ?Sized>(error: &E) {
    let chain = crate::trace::source_chain(error);
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
