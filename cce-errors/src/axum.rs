//! axum (0.8, through `axum-core`): `IntoResponse` for every derived type,
//! and [`CceLayer`], which makes every error leaving a router a CCE body.
//!
//! ```no_run
//! use axum::{routing::get, Router};
//! use cce_errors::{axum::CceLayer, CceError};
//!
//! #[derive(Debug, CceError)]
//! enum ClusterError {
//!     #[cce(code = "CCE.01404001")]
//!     NotFound,
//! }
//!
//! async fn show() -> Result<String, ClusterError> {
//!     Err(ClusterError::NotFound)
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! let app = Router::new()
//!     .route("/clusters/{id}", get(show))
//!     // Last, so that it wraps everything above it.
//!     .layer(CceLayer::new());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```

use std::any::Any;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum_core::body::Body;
use axum_core::response::Response;
use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, EXPECT, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderValue, Request, StatusCode, Version};
use http_body::{Body as _, Frame, SizeHint};
use tower_http::catch_panic::{CatchPanic, ResponseForPanic};
use tower_http::request_id::{MakeRequestId as _, MakeRequestUuid, RequestId};
use tower_layer::Layer;
use tower_service::Service;

use crate::CceError;
use crate::middleware::{Config, Decision, End, Head, Prefix, Read, Step, config_builders, within};
use crate::response::{
    DRAIN_IDLE, JSON, X_CCE_ERROR_CODE, X_OPENSTACK_REQUEST_ID, body_of, is_sane_request_id,
    with_status_and_headers,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The header carrying the request id, in requests and responses.
pub const X_REQUEST_ID: http::HeaderName = crate::response::X_REQUEST_ID;

/// The response of a derived type's `IntoResponse`: see
/// [`response::http_response`](crate::response::http_response).
pub fn into_response<E: CceError + ?Sized>(error: &E) -> Response {
    #[cfg(feature = "tracing")]
    crate::trace::log_error(error);
    let body = match body_of(error) {
        // A fixed body is sent from the program's own bytes: no allocation.
        Cow::Borrowed(fixed) => Body::from(Bytes::from_static(fixed)),
        Cow::Owned(written) => Body::from(written),
    };
    // Built in place, with what `http_response` sets: no second response
    // to take apart.
    with_status_and_headers(error, Response::new(body))
}

#[allow(deprecated)]
#[deprecated(
    since = "0.1.0",
    note = "`with_fallback` takes any `cce_errors::response::FallbackMapping`"
)]
pub use crate::response::Fallback;

/// A `tower` layer that makes every response leaving the service it wraps
/// a CCE response:
///
/// - an error response (status 400 or more) keeps its status and headers;
///   its body is kept when it is a CCE body: marked with `X-Cce-Error-Code`
///   (a derived type's, whatever middleware inside did to it: compressed,
///   streamed, re-boxed), or a JSON object with `errorCode` and
///   `errorMessage` that a handler built itself. Any other body (an
///   unmatched route, a wrong method, an extractor's rejection, a timeout
///   from an inner `TimeoutLayer`, a proxied upstream's page) is replaced by
///   the CCE body of the fallback mapping for its status
///   ([`fallback_body`](crate::response::fallback_body) unless
///   [`with_fallback`](CceLayer::with_fallback) says otherwise);
/// - to tell a handler's own CCE body from another, it reads at most
///   [`DEFAULT_INSPECT_BYTES`](crate::response::DEFAULT_INSPECT_BYTES) of a
///   body labelled `application/json`, for at most
///   [`DEFAULT_INSPECT_WAIT`](crate::response::DEFAULT_INSPECT_WAIT); it
///   reads nothing of other bodies (with `tracing`, what has already
///   arrived, for the log), so an error response's head is never held back
///   by a slow or endless body;
/// - a panic in a handler becomes a 500 `CCE.01500001` response; the panic
///   message is never sent;
/// - every response, error or not, carries exactly one `X-Request-Id`: the
///   client's value when it is sane (1 to 128 visible ASCII characters),
///   otherwise a new UUID made by tower-http's `MakeRequestUuid`. Handlers
///   find it in the request's `X-Request-Id` header and its
///   `tower_http::request_id::RequestId` extension; an `X-Request-Id` a
///   handler or an inner layer sets on the response is replaced by it;
/// - a request body that a handler left unread (an upload over the size
///   limit, answered early) is read and discarded, within
///   [`with_request_drain`](CceLayer::with_request_drain)'s bounds, so that
///   clients that send their whole body before reading the response see it.
///
/// Successful responses pass untouched, body and encoding included.
///
/// With the `tracing` feature, each request runs in a `request` span that
/// carries the request id, and error responses are logged in it (5xx at
/// error level, 4xx at debug), with what a replaced body said.
///
/// Add it last (outermost), so that it wraps every other layer; the README
/// lists which layers work inside it and which outside.
///
/// It runs on tokio with the time driver on, for its bounded waits:
/// `#[tokio::main]` and `Runtime::new` turn it on; a runtime made with
/// `tokio::runtime::Builder` needs `enable_time()` (or `enable_all()`).
/// Without it, nothing breaks, but nothing is waited for: only what has
/// already arrived of a JSON error body is read, and a request body left
/// unread is not drained (tokio's panic message about the missing timer
/// reaches the panic hook, not the client).
#[derive(Debug, Clone, Default)]
pub struct CceLayer {
    config: Arc<Config>,
}

impl CceLayer {
    /// The layer with the documented status mapping and body keys.
    pub fn new() -> Self {
        CceLayer::default()
    }

    /// How much of a request body a handler left unread is read and
    /// discarded before the connection closes: at most `max_bytes` bytes,
    /// for at most `max_time` in all and [`DRAIN_IDLE`] without data (by
    /// default [`DEFAULT_DRAIN_BYTES`](crate::response::DEFAULT_DRAIN_BYTES)
    /// and [`DEFAULT_DRAIN_TIME`](crate::response::DEFAULT_DRAIN_TIME));
    /// `max_bytes` 0 turns the drain off. The bytes are dropped as they
    /// arrive: memory stays bounded by the server's read buffer. A request
    /// sent with `Expect: 100-continue` whose body the handler never asked
    /// for is not drained (the client has not sent it), nor is an HTTP/2
    /// request (its stream is reset instead, which clients handle).
    #[must_use]
    pub fn with_request_drain(mut self, max_bytes: u64, max_time: Duration) -> Self {
        Arc::make_mut(&mut self.config).set_drain(max_bytes, max_time);
        self
    }
}

config_builders!(CceLayer);

impl<S> Layer<S> for CceLayer {
    type Service = CceService<S>;

    fn layer(&self, inner: S) -> CceService<S> {
        let panics = PanicResponse {
            config: Arc::clone(&self.config),
        };
        CceService {
            inner: CatchPanic::custom(inner, panics),
            config: Arc::clone(&self.config),
        }
    }
}

/// The service of [`CceLayer`].
#[derive(Clone)]
pub struct CceService<S> {
    inner: CatchPanic<S, PanicResponse>,
    config: Arc<Config>,
}

impl<S> fmt::Debug for CceService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CceService")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<S, B, ResBody> Service<Request<B>> for CceService<S>
where
    S: Service<Request<Body>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: 'static,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ResponseFuture<S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let id = set_request_id(&mut request);
        let config = Arc::clone(&self.config);
        let request = drained(request, &config);
        // The route template: `Router::layer` runs this after routing, so
        // axum's `MatchedPath` is there (absent for an unmatched path).
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        let route = request
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map(axum::extract::MatchedPath::as_str);
        #[cfg(not(any(feature = "metrics", feature = "tracing")))]
        let route: Option<&str> = None;
        #[cfg(feature = "metrics")]
        let timing =
            crate::metrics::Timing::start(request.method().as_str(), route.map(str::to_owned));
        #[cfg(feature = "tracing")]
        let span = crate::trace::request_span(
            Some(id.as_bytes()),
            request.method().as_str(),
            request.uri().path(),
            route,
        );
        #[cfg(not(feature = "tracing"))]
        let _ = route;
        #[cfg(feature = "tracing")]
        let future = span.in_scope(|| self.inner.call(request));
        #[cfg(not(feature = "tracing"))]
        let future = self.inner.call(request);
        let future = async move {
            let response = future.await?;
            let mut response = finish(response, &config).await;
            set_ids(response.headers_mut(), &id, config.openstack_request_id);
            #[cfg(any(feature = "metrics", feature = "tracing"))]
            {
                let status = response.status().as_u16();
                let code = response
                    .headers()
                    .get(X_CCE_ERROR_CODE)
                    .and_then(|code| code.to_str().ok());
                #[cfg(feature = "tracing")]
                crate::trace::record_response(&tracing::Span::current(), status, code);
                #[cfg(feature = "metrics")]
                timing.finish(status, code);
            }
            Ok(response)
        };
        #[cfg(feature = "tracing")]
        let future = tracing::Instrument::instrument(future, span);
        ResponseFuture {
            inner: Box::pin(future),
        }
    }
}

/// The future of [`CceService`]'s response.
pub struct ResponseFuture<E> {
    inner: Pin<Box<dyn Future<Output = Result<Response, E>> + Send>>,
}

impl<E> Future for ResponseFuture<E> {
    type Output = Result<Response, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<E> fmt::Debug for ResponseFuture<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// The client's sane `X-Request-Id`, or a new one: set as the request's
/// only `X-Request-Id` and as its `RequestId` extension.
fn set_request_id<B>(request: &mut Request<B>) -> HeaderValue {
    let mut values = request.headers().get_all(X_REQUEST_ID).iter();
    let id = match (values.next(), values.next()) {
        (Some(value), None) if is_sane_request_id(value.as_bytes()) => value.clone(),
        _ => MakeRequestUuid.make_request_id(request).map_or_else(
            || HeaderValue::from_static("unknown"),
            RequestId::into_header_value,
        ),
    };
    request.headers_mut().insert(X_REQUEST_ID, id.clone());
    request.extensions_mut().insert(RequestId::new(id.clone()));
    id
}

/// The response's request-id headers: exactly one `X-Request-Id`, the
/// request's (one a handler or an inner layer set is replaced, so that the
/// header, the span and the logs name the same id), and
/// `X-Openstack-Request-Id` when asked for.
fn set_ids(headers: &mut HeaderMap, id: &HeaderValue, openstack: bool) {
    headers.insert(X_REQUEST_ID, id.clone());
    if openstack {
        headers.insert(X_OPENSTACK_REQUEST_ID, id.clone());
    }
}

fn head_of(status: StatusCode, headers: &HeaderMap) -> Head<'_> {
    Head {
        status: status.as_u16(),
        content_type: headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes),
        content_encoding: headers.get(CONTENT_ENCODING).map(HeaderValue::as_bytes),
        marked: headers.contains_key(X_CCE_ERROR_CODE),
    }
}

/// A response as it leaves the layer: passed, kept, or with a CCE body.
async fn finish<B>(response: Response<B>, config: &Config) -> Response
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let Step::Read {
        max_bytes,
        max_wait,
    } = config.step(&head_of(response.status(), response.headers()))
    else {
        return response.map(Body::new);
    };
    let (mut parts, body) = response.into_parts();
    let mut body = Box::pin(body);
    let mut prefix = Prefix::new(max_bytes);
    let end = if max_bytes == 0 {
        End::NotRead
    } else {
        read_body(body.as_mut(), &mut prefix, max_wait).await
    };
    let read = Read {
        bytes: &prefix.bytes,
        end,
    };
    match config.decide(&head_of(parts.status, &parts.headers), &read) {
        Decision::Pass => {
            let read = prefix.into_chunks();
            Response::from_parts(parts, Body::new(Prefixed { read, rest: body }))
        }
        Decision::Keep(kept) => {
            // The body is in memory now: its length is what it says.
            parts.headers.remove(CONTENT_LENGTH);
            parts.headers.remove(TRANSFER_ENCODING);
            if let Some(code) = kept.code {
                parts.headers.insert(X_CCE_ERROR_CODE, code);
            }
            Response::from_parts(parts, Body::from(kept.bytes.unwrap_or(prefix.bytes)))
        }
        Decision::Replace(replacement) => {
            #[cfg(feature = "tracing")]
            crate::trace::log_replaced(&replacement.log);
            for stale in [
                CONTENT_LENGTH,
                TRANSFER_ENCODING,
                CONTENT_ENCODING,
                CONTENT_TYPE,
                X_CCE_ERROR_CODE,
            ] {
                parts.headers.remove(stale);
            }
            parts.headers.insert(CONTENT_TYPE, JSON);
            if let Some(code) = replacement.code {
                parts.headers.insert(X_CCE_ERROR_CODE, code);
            }
            Response::from_parts(parts, Body::from(replacement.bytes))
        }
    }
}

/// Reads the start of `body` into `into`, for at most `max_wait` (zero:
/// what has already arrived). What is left stays in `body`.
async fn read_body<B>(mut body: Pin<&mut B>, into: &mut Prefix, max_wait: Duration) -> End
where
    B: http_body::Body<Data = Bytes>,
{
    let reading = async {
        loop {
            match poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
                None => return End::Complete,
                Some(Err(_)) => return End::Failed,
                Some(Ok(frame)) => {
                    let Ok(data) = frame.into_data() else {
                        // Trailers: the data has ended.
                        continue;
                    };
                    if let Some(end) = into.push(data) {
                        return end;
                    }
                }
            }
        }
    };
    // `sleep` panics outside a tokio runtime with its time driver: then
    // only what has already arrived is read.
    within(reading, max_wait, || {
        std::panic::catch_unwind(|| tokio::time::sleep(max_wait)).ok()
    })
    .await
}

/// A body whose first bytes were read already: them, then the rest.
struct Prefixed<B> {
    read: VecDeque<Bytes>,
    rest: Pin<Box<B>>,
}

impl<B> http_body::Body for Prefixed<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(chunk) = self.read.pop_front() {
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        self.rest.as_mut().poll_frame(cx).map_err(Into::into)
    }

    fn is_end_stream(&self) -> bool {
        self.read.is_empty() && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let read: u64 = self.read.iter().map(|chunk| chunk.len() as u64).sum();
        let rest = self.rest.size_hint();
        let mut hint = SizeHint::new();
        hint.set_lower(rest.lower().saturating_add(read));
        if let Some(upper) = rest.upper() {
            hint.set_upper(upper.saturating_add(read));
        }
        hint
    }
}

/// The response to a panic: 500 with the fallback body; the panic's
/// message is logged (with `tracing`), never sent.
#[derive(Debug, Clone)]
struct PanicResponse {
    config: Arc<Config>,
}

impl ResponseForPanic for PanicResponse {
    type ResponseBody = Body;

    fn response_for_panic(&mut self, panic: Box<dyn Any + Send + 'static>) -> Response {
        #[cfg(feature = "tracing")]
        crate::trace::log_panic(panic.as_ref());
        drop(panic);
        let replacement = self.config.panic_response();
        let mut response = Response::new(Body::from(replacement.bytes));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, JSON);
        if let Some(code) = replacement.code {
            headers.insert(X_CCE_ERROR_CODE, code);
        }
        response
    }
}

/// The request with its body wrapped so that, if a handler leaves it
/// unread, the rest is drained within the layer's bounds.
fn drained<B>(request: Request<B>, config: &Config) -> Request<Body>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    if config.drain_bytes == 0 || request.version() >= Version::HTTP_2 {
        return request.map(Body::new);
    }
    let expect_continue = request
        .headers()
        .get(EXPECT)
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    let (max_bytes, max_time) = (config.drain_bytes, config.drain_time);
    request.map(|body| {
        Body::new(DrainOnDrop {
            inner: Some(Body::new(body)),
            polled: false,
            expect_continue,
            max_bytes,
            max_time,
        })
    })
}

/// A request body that, dropped before its end, hands the rest to a task
/// that reads and discards it (a lingering close, as nginx does): the
/// server keeps the connection open while the client finishes sending, so
/// that it reads the response instead of failing with a broken pipe.
struct DrainOnDrop {
    inner: Option<Body>,
    polled: bool,
    expect_continue: bool,
    max_bytes: u64,
    max_time: Duration,
}

impl http_body::Body for DrainOnDrop {
    type Data = Bytes;
    type Error = axum_core::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.polled = true;
        match self.inner.as_mut() {
            Some(inner) => Pin::new(inner).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner
            .as_ref()
            .is_none_or(http_body::Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), http_body::Body::size_hint)
    }
}

impl Drop for DrainOnDrop {
    fn drop(&mut self) {
        let Some(body) = self.inner.take() else {
            return;
        };
        // A client waiting for `100 Continue` that never came has not sent
        // the body: nothing to drain.
        if http_body::Body::is_end_stream(&body) || (self.expect_continue && !self.polled) {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(drain(body, self.max_bytes, self.max_time));
        }
    }
}

/// Reads and drops `body` until its end, `max_bytes`, `max_time` in all,
/// or [`DRAIN_IDLE`] without a frame.
async fn drain(mut body: Body, max_bytes: u64, max_time: Duration) {
    let idle = DRAIN_IDLE.min(max_time);
    let mut read: u64 = 0;
    let draining = async {
        loop {
            let frame = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
            match tokio::time::timeout(idle, frame).await {
                Ok(Some(Ok(frame))) => {
                    if let Some(data) = frame.data_ref() {
                        read = read.saturating_add(data.len() as u64);
                        if read >= max_bytes {
                            return;
                        }
                    }
                }
                // The end, an error (the client went away), or silence.
                Ok(None | Some(Err(_))) | Err(_) => return,
            }
        }
    };
    let _ = tokio::time::timeout(max_time, draining).await;
}
