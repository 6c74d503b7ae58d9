//! Metrics of the responses of `CceLayer` (axum) and `CceMiddleware`
//! (actix-web), through the [`metrics`](https://docs.rs/metrics) facade, so
//! that any exporter (Prometheus, StatsD, OpenTelemetry, ...) collects
//! them. Install a recorder as the exporter says; without one, recording
//! costs next to nothing.
//!
//! Names and labels follow the OpenTelemetry semantic conventions for HTTP
//! servers where one exists:
//!
//! | name | kind | unit | labels |
//! | --- | --- | --- | --- |
//! | [`REQUEST_DURATION`] `http.server.request.duration` | histogram | seconds | `http.request.method`, `http.route`, `http.response.status_code`, and `error.type` on error responses |
//! | [`ERROR_RESPONSES`] `cce_errors.server.error_responses` | counter | responses | the same (no convention exists for a count of error responses) |
//!
//! - `error.type` is the response's error code (`CCE.01404001`), from its
//!   `X-Cce-Error-Code`: a closed set, checked against the table while
//!   compiling, so a safe label.
//! - `http.route` is the route template (`/api/v3/projects/{project_id}/clusters`:
//!   axum's `MatchedPath`, actix-web's match pattern), never the request's
//!   path; a request that matched no route has no `http.route` label, so
//!   unknown paths add no label values.
//! - `http.request.method` is one of the methods of RFC 9110 and `PATCH`,
//!   or `_OTHER`, as the conventions say.
//! - `http.response.status_code` is the status as a number.
//!
//! Every response is timed, from the request reaching the layer to the
//! response leaving it (before its body is sent); error responses are also
//! counted. A response that never came (the inner service failed, the
//! client went away) is not recorded.
//!
//! `CceGrpcLayer` (feature `tonic`) records gRPC calls by the conventions
//! for RPC servers, until the call's status is known (the end of a
//! streamed response):
//!
//! | name | kind | unit | labels |
//! | --- | --- | --- | --- |
//! | [`RPC_DURATION`] `rpc.server.call.duration` | histogram | seconds | `rpc.system.name` (`grpc`), `rpc.method` (`package.Service/Method`, or `_OTHER` for a method the service does not have), `rpc.response.status_code` (`NOT_FOUND`, ...), and `error.type` (the error code) for a status other than `OK` |
//! | [`RPC_ERRORS`] `cce_errors.rpc.server.errors` | counter | calls | the same, for a status other than `OK` |
//!
//! Label values that come from what a handler or a client sent are bounded
//! per process: `error.type` (a handler may build a body or a status with
//! any code) and `rpc.method` (a layer inside may answer an invented method
//! before tonic's router does) take at most [`MAX_LABEL_VALUES`] distinct
//! values each; later new values are `_OTHER`.

#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
use std::collections::BTreeSet;
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
use std::sync::{PoisonError, RwLock};
#[cfg(any(feature = "axum", feature = "actix-web"))]
use std::time::Instant;

#[cfg(any(feature = "axum", feature = "actix-web"))]
use metrics::Label;

/// The histogram of response times, in seconds: `http.server.request.duration`.
pub const REQUEST_DURATION: &str = "http.server.request.duration";

/// The counter of error responses (status 400 or more):
/// `cce_errors.server.error_responses`.
pub const ERROR_RESPONSES: &str = "cce_errors.server.error_responses";

/// The histogram of gRPC call times, in seconds: `rpc.server.call.duration`.
pub const RPC_DURATION: &str = "rpc.server.call.duration";

/// The counter of gRPC calls that ended with a status other than `OK`:
/// `cce_errors.rpc.server.errors`.
pub const RPC_ERRORS: &str = "cce_errors.rpc.server.errors";

/// How many distinct values `error.type`, and `rpc.method`, take at most
/// in one process: 512 each. The first values seen are kept; a new value
/// past the bound is `_OTHER`.
pub const MAX_LABEL_VALUES: usize = 512;

/// The value every label that would grow past its bound takes.
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
const OTHER: &str = "_OTHER";

/// The values one label took so far, at most [`MAX_LABEL_VALUES`].
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
struct Bounded(RwLock<BTreeSet<Box<str>>>);

#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
static ERROR_TYPES: Bounded = Bounded::new();
#[cfg(feature = "tonic")]
static RPC_METHODS: Bounded = Bounded::new();

#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
impl Bounded {
    const fn new() -> Self {
        Bounded(RwLock::new(BTreeSet::new()))
    }

    /// `value` when it was seen already or there is room for it, else
    /// `_OTHER`.
    fn label(&self, value: &str) -> String {
        let known = self
            .0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(value);
        if known {
            return value.to_owned();
        }
        let mut seen = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if seen.len() < MAX_LABEL_VALUES {
            seen.insert(value.into());
            return value.to_owned();
        }
        if seen.contains(value) {
            value.to_owned()
        } else {
            OTHER.to_owned()
        }
    }
}

/// A gRPC call being timed (feature `tonic`).
#[cfg(feature = "tonic")]
#[derive(Debug)]
pub(crate) struct RpcTiming {
    started: std::time::Instant,
    method: String,
}

#[cfg(feature = "tonic")]
impl RpcTiming {
    /// Starts timing a call of the method at `path` (`/package.Service/Method`).
    pub(crate) fn start(path: &str) -> Self {
        RpcTiming {
            started: std::time::Instant::now(),
            method: path.strip_prefix('/').unwrap_or(path).to_owned(),
        }
    }

    /// Records the call's end: its status code's name and, for a status
    /// other than `OK`, its error code. A method the service does not have
    /// (`UNIMPLEMENTED`, named by the client) is `_OTHER`, so that invented
    /// methods add no label values.
    pub(crate) fn finish(self, code: &'static str, error: Option<&str>) {
        let seconds = self.started.elapsed().as_secs_f64();
        let method = if code == "UNIMPLEMENTED" {
            OTHER.to_owned()
        } else {
            RPC_METHODS.label(&self.method)
        };
        let mut labels = vec![
            metrics::Label::new("rpc.system.name", "grpc"),
            metrics::Label::new("rpc.method", method),
            metrics::Label::new("rpc.response.status_code", code),
        ];
        if code != "OK" {
            let error = ERROR_TYPES.label(error.unwrap_or(code));
            labels.push(metrics::Label::new("error.type", error));
            metrics::counter!(RPC_ERRORS, labels.clone()).increment(1);
        }
        metrics::histogram!(RPC_DURATION, labels).record(seconds);
    }
}

/// A request being timed, with the labels known before its response.
#[cfg(any(feature = "axum", feature = "actix-web"))]
#[derive(Debug)]
pub(crate) struct Timing {
    started: Instant,
    method: &'static str,
    route: Option<String>,
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl Timing {
    /// Starts timing a request with `method` that matched the route
    /// template `route`, if any.
    pub(crate) fn start(method: &str, route: Option<String>) -> Self {
        Timing {
            started: Instant::now(),
            method: method_label(method),
            route,
        }
    }

    /// Records the response: its status and, for an error, its code.
    pub(crate) fn finish(self, status: u16, code: Option<&str>) {
        let seconds = self.started.elapsed().as_secs_f64();
        let mut labels = Vec::with_capacity(4);
        labels.push(Label::new("http.request.method", self.method));
        if let Some(route) = self.route {
            labels.push(Label::new("http.route", route));
        }
        labels.push(Label::new("http.response.status_code", status.to_string()));
        if status >= 400 {
            // Every error response leaving the layer has a code; a status
            // stands in, as the conventions allow, should one not.
            let code = match code {
                Some(code) => ERROR_TYPES.label(code),
                None => status.to_string(),
            };
            labels.push(Label::new("error.type", code));
            metrics::counter!(ERROR_RESPONSES, labels.clone()).increment(1);
        }
        metrics::histogram!(REQUEST_DURATION, labels).record(seconds);
    }
}

/// The method as a label: a known method, or `_OTHER`, so that a client
/// inventing methods adds no label values.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "CONNECT" => "CONNECT",
        "OPTIONS" => "OPTIONS",
        "TRACE" => "TRACE",
        "PATCH" => "PATCH",
        _ => "_OTHER",
    }
}

#[cfg(all(test, any(feature = "axum", feature = "actix-web", feature = "tonic")))]
mod tests {
    use super::*;

    #[test]
    fn label_values_stop_growing_at_the_bound() {
        let bounded = Bounded::new();
        for i in 0..MAX_LABEL_VALUES {
            assert_eq!(bounded.label(&format!("CCE.{i:08}")), format!("CCE.{i:08}"));
        }
        assert_eq!(bounded.label("CCE.99999999"), "_OTHER");
        assert_eq!(bounded.label("invented"), "_OTHER");
        // Values seen before the bound keep their own label.
        assert_eq!(bounded.label("CCE.00000007"), "CCE.00000007");
        assert_eq!(bounded.0.read().unwrap().len(), MAX_LABEL_VALUES);
    }

    #[cfg(any(feature = "axum", feature = "actix-web"))]
    #[test]
    fn methods_are_a_closed_set() {
        assert_eq!(method_label("GET"), "GET");
        assert_eq!(method_label("PATCH"), "PATCH");
        for invented in ["get", "PURGE", "X-ANY", ""] {
            assert_eq!(method_label(invented), "_OTHER", "{invented}");
        }
    }
}
