//! [`CceGrpcLayer`]: what `CceLayer` does for HTTP, for tonic servers.

use std::any::Any;
use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use base64::Engine as _;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body::{Frame, SizeHint};
use tonic::{Code, Status};
use tonic_types::StatusExt as _;
use tower_layer::Layer;
use tower_service::Service;

use super::{DEFAULT_DOMAIN, build_status, grpc_code, http_status};
use crate::ErrorBody;
use crate::response::{
    FallbackMapping, X_CCE_ERROR_CODE, X_REQUEST_ID, fallback_body, is_sane_request_id, mapped_body,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const GRPC_STATUS: HeaderName = HeaderName::from_static("grpc-status");
const GRPC_MESSAGE: HeaderName = HeaderName::from_static("grpc-message");
const GRPC_STATUS_DETAILS: HeaderName = HeaderName::from_static("grpc-status-details-bin");
const GRPC_CONTENT_TYPE: HeaderValue = HeaderValue::from_static("application/grpc");

/// A `tower` layer for tonic servers that makes every error status leaving
/// the service a CCE status, as `CceLayer` does for HTTP responses:
///
/// - a status that carries an `ErrorInfo` with a `reason` (a derived
///   type's, or one a handler built) passes as it is, metadata and all;
/// - any other error status (a handler's `Status::internal(...)`, tonic's
///   `UNIMPLEMENTED` for an unknown method, a body that failed to decode)
///   keeps its gRPC code and its custom metadata, and its message and
///   details are replaced, without ever sending their text, by the
///   fallback mapping's body for [`http_status`] of the code
///   ([`fallback_body`] unless [`with_fallback`](CceGrpcLayer::with_fallback)
///   says otherwise), as a status with the module's details: so
///   `UNIMPLEMENTED` gets `CCE.01500001` "Internal error." (501), `NOT_FOUND`
///   `CCE.01404001`;
/// - the same holds for a status in the trailers of a streaming response,
///   for an error the service returned instead of a response (an inner
///   `tower` timeout's) and for a body that fails while it streams: each
///   ends as such a status; a response that is not gRPC at all (an HTTP
///   error status without `grpc-status`, from a `tower-http` layer inside)
///   becomes the status of [`grpc_code`] of its HTTP status, with the
///   fallback body of that HTTP status;
/// - a panic in a handler, whether while it is called, while its future
///   runs, or while its response streams, becomes `INTERNAL` with the
///   fallback body of 500, `CCE.01500001` "Internal error."; the panic
///   message is never sent (with `tracing`, it is logged);
/// - every response carries exactly one `x-request-id` in its metadata
///   (headers), and an error status in trailers carries it too: the
///   client's `x-request-id` when it is sane (1 to 128 visible ASCII
///   characters, [`is_sane_request_id`]), otherwise a new UUID. Handlers
///   find it in the request's metadata; an `x-request-id` a handler sets is
///   replaced by it.
///
/// gRPC-Web (tonic-web's `GrpcWebLayer`) goes outside this layer, so that
/// the layer sees the statuses in HTTP/2 trailers before they are encoded
/// into a gRPC-Web body. A gRPC-Web response from a layer inside is passed
/// as it is, its status (in its body) neither converted nor recorded.
///
/// Successful responses pass untouched. With the `tracing` feature, each
/// request runs in a `request` span carrying the request id, derived
/// errors are logged when they become statuses (5xx at error level with
/// the source chain, 4xx at debug) and replaced statuses with what they
/// said, as on HTTP.
///
/// ```no_run
/// # async fn serve() -> Result<(), Box<dyn std::error::Error>> {
/// use cce_errors::tonic::CceGrpcLayer;
///
/// // The services a tonic-build `...Server::new(...)` makes.
/// let routes = tonic::service::Routes::default();
/// tonic::transport::Server::builder()
///     // Outermost: the layers added after it run inside it.
///     .layer(CceGrpcLayer::new().with_domain("cce.example.com"))
///     .add_routes(routes)
///     .serve("127.0.0.1:50051".parse()?)
///     .await?;
/// # Ok(()) }
/// ```
///
/// What tonic's `Server` itself answers outside every layer (its own
/// `timeout`, `concurrency_limit` and `load_shed`) does not pass through
/// it: use `tower`'s equivalents inside it to have their statuses
/// converted.
#[derive(Clone, Default)]
pub struct CceGrpcLayer {
    config: Arc<Config>,
}

#[derive(Clone, Default)]
struct Config {
    fallback: Option<Arc<dyn FallbackMapping>>,
    domain: Option<Cow<'static, str>>,
}

impl fmt::Debug for CceGrpcLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CceGrpcLayer")
            .field("custom_fallback", &self.config.fallback.is_some())
            .field("domain", &self.config.domain())
            .finish()
    }
}

impl CceGrpcLayer {
    /// The layer with the documented fallback mapping and [`DEFAULT_DOMAIN`].
    pub fn new() -> Self {
        CceGrpcLayer::default()
    }

    /// Another mapping for error statuses that carry no `ErrorInfo`: a
    /// closure or fn `Fn(StatusCode) -> Option<ErrorBody<'static>>`, or any
    /// [`FallbackMapping`], given the HTTP status of the gRPC code
    /// ([`http_status`]). Where it returns `None`, or a body without a code
    /// or a message, the documented mapping ([`fallback_body`]) answers; a
    /// detail that repeats the message is dropped.
    #[must_use]
    pub fn with_fallback(mut self, fallback: impl FallbackMapping) -> Self {
        self.config_mut().fallback = Some(Arc::new(fallback));
        self
    }

    /// The `ErrorInfo.domain` of the statuses this layer makes (fallback
    /// and panic statuses): by default [`DEFAULT_DOMAIN`]. Give it the
    /// domain of the service's error type. The text is sent as it is.
    #[must_use]
    pub fn with_domain(mut self, domain: impl Into<Cow<'static, str>>) -> Self {
        self.config_mut().domain = Some(domain.into());
        self
    }

    fn config_mut(&mut self) -> &mut Config {
        Arc::make_mut(&mut self.config)
    }
}

impl Config {
    fn domain(&self) -> &str {
        self.domain.as_deref().unwrap_or(DEFAULT_DOMAIN)
    }

    /// The body for an error status with HTTP status `status`; see
    /// [`CceGrpcLayer::with_fallback`].
    fn fallback(&self, status: StatusCode) -> ErrorBody<'static> {
        mapped_body(self.fallback.as_deref(), status)
            .or_else(|| fallback_body(StatusCode::INTERNAL_SERVER_ERROR))
            .unwrap_or_else(|| ErrorBody::new("CCE.01500001", "Internal error."))
    }

    /// The CCE status replacing an error status with code `code`.
    fn replacement(&self, code: Code) -> Status {
        self.replacement_of(code, http_status(code))
    }

    /// The CCE status with code `code` and the fallback body of `status`.
    fn replacement_of(&self, code: Code, status: StatusCode) -> Status {
        let body = self.fallback(status);
        build_status(code, &body, self.domain(), HashMap::new(), None)
    }
}

impl<S> Layer<S> for CceGrpcLayer {
    type Service = CceGrpcService<S>;

    fn layer(&self, inner: S) -> CceGrpcService<S> {
        CceGrpcService {
            inner,
            config: Arc::clone(&self.config),
        }
    }
}

/// The service of [`CceGrpcLayer`].
#[derive(Clone)]
pub struct CceGrpcService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> fmt::Debug for CceGrpcService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CceGrpcService").finish_non_exhaustive()
    }
}

impl<S, B, ResBody> Service<Request<B>> for CceGrpcService<S>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<ResponseBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let id = set_request_id(&mut request);
        #[cfg(feature = "tracing")]
        let span = super::trace::request_span(
            id.as_bytes(),
            request.method().as_str(),
            request.uri().path(),
        );
        #[cfg(feature = "tracing")]
        let _entered = span.enter();
        let observer = Observer {
            #[cfg(feature = "metrics")]
            timing: Some(crate::metrics::RpcTiming::start(request.uri().path())),
            #[cfg(feature = "tracing")]
            span: span.clone(),
        };
        let state = match catch_unwind(AssertUnwindSafe(|| self.inner.call(request))) {
            Ok(future) => State::Running(Box::pin(future)),
            Err(panic) => State::Panicked(panic),
        };
        ResponseFuture {
            state,
            id,
            config: Arc::clone(&self.config),
            observer: Some(observer),
            #[cfg(feature = "tracing")]
            span: span.clone(),
        }
    }
}

/// The future of [`CceGrpcService`]'s response.
pub struct ResponseFuture<F> {
    state: State<F>,
    id: HeaderValue,
    config: Arc<Config>,
    /// Handed to the response's body when its status comes in trailers.
    observer: Option<Observer>,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

enum State<F> {
    Running(Pin<Box<F>>),
    Panicked(Box<dyn Any + Send>),
    Done,
}

impl<F> fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    E: Into<BoxError>,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Output = Result<Response<ResponseBody>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        #[cfg(feature = "tracing")]
        let span = self.span.clone();
        #[cfg(feature = "tracing")]
        let _entered = span.enter();
        let this = &mut *self;
        let outcome = match std::mem::replace(&mut this.state, State::Done) {
            State::Running(mut future) => {
                match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                    Ok(Poll::Pending) => {
                        this.state = State::Running(future);
                        return Poll::Pending;
                    }
                    Ok(Poll::Ready(Ok(response))) => Ok(response),
                    Ok(Poll::Ready(Err(error))) => Err(Failure::Error(error.into())),
                    Err(panic) => Err(Failure::Panic(panic)),
                }
            }
            State::Panicked(panic) => Err(Failure::Panic(panic)),
            State::Done => Err(Failure::Polled),
        };
        let observer = this.observer.take().unwrap_or_default();
        let response = match outcome {
            Ok(response) => finish(response, &this.config, &this.id, observer),
            Err(failure) => {
                let status = this.config.status_for(failure);
                let response = status_response(&status, &this.id);
                observer.done(response.headers());
                response
            }
        };
        Poll::Ready(Ok(response))
    }
}

/// What went wrong before a response came.
enum Failure {
    Error(BoxError),
    Panic(Box<dyn Any + Send>),
    /// Polled after it completed.
    Polled,
}

impl Config {
    /// The status answering a failure: the status an error is when that
    /// is a CCE status (one with an `ErrorInfo`, as a layer inside that
    /// answers with a derived error returns), else the replacement of the
    /// status tonic would make of it; `INTERNAL` for a panic.
    fn status_for(&self, failure: Failure) -> Status {
        let code = match failure {
            Failure::Error(error) => {
                let status = Status::from_error(error);
                let mut headers = HeaderMap::new();
                if status.code() != Code::Ok
                    && status.add_header(&mut headers).is_ok()
                    && carries_error_info(&headers, status.code())
                {
                    return status;
                }
                #[cfg(feature = "tracing")]
                super::trace::log_replaced(
                    status.code(),
                    "the service failed instead of answering",
                    status.message(),
                );
                status.code()
            }
            Failure::Panic(panic) => {
                #[cfg(feature = "tracing")]
                crate::trace::log_panic(panic.as_ref());
                drop(panic);
                Code::Internal
            }
            Failure::Polled => Code::Internal,
        };
        self.replacement(code)
    }
}

/// A trailers-only response with `status` and the request id.
fn status_response(status: &Status, id: &HeaderValue) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::empty());
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, GRPC_CONTENT_TYPE);
    write_status(status, headers);
    headers.insert(X_REQUEST_ID, id.clone());
    response
}

/// Replaces the status headers of `headers` with `status`'s.
fn write_status(status: &Status, headers: &mut HeaderMap) {
    for stale in [
        GRPC_STATUS,
        GRPC_MESSAGE,
        GRPC_STATUS_DETAILS,
        X_CCE_ERROR_CODE,
    ] {
        headers.remove(stale);
    }
    if status.add_header(headers).is_err() {
        // Only a message that cannot be a header value fails: ours never.
        headers.insert(GRPC_STATUS, HeaderValue::from(status.code() as i32));
    }
}

/// A response as it leaves the layer.
fn finish<B>(
    response: Response<B>,
    config: &Arc<Config>,
    id: &HeaderValue,
    observer: Observer,
) -> Response<ResponseBody>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let (mut parts, body) = response.into_parts();
    // The request's id, whatever a handler set: the metadata, the span and
    // the logs name the same one.
    parts.headers.insert(X_REQUEST_ID, id.clone());
    if is_grpc_web(&parts.headers) {
        // Its statuses travel in its body, out of this layer's sight: the
        // observer records nothing.
        return Response::from_parts(parts, ResponseBody::new(body));
    }
    let trailers_only = parts.headers.contains_key(GRPC_STATUS);
    let mut observer = Some(observer);
    if trailers_only {
        if let Some(status) = needs_replacement(&parts.headers, config) {
            write_status(&status, &mut parts.headers);
        }
        if let Some(observer) = observer.take() {
            observer.done(&parts.headers);
        }
    } else if parts.status != StatusCode::OK {
        // Not a gRPC response: an HTTP error from a layer inside.
        let code = grpc_code(parts.status);
        #[cfg(feature = "tracing")]
        super::trace::log_replaced(code, "an HTTP response without grpc-status", "");
        let status = config.replacement_of(code, parts.status);
        let mut response = status_response(&status, id);
        for (name, value) in &parts.headers {
            if !response.headers().contains_key(name) && name != http::header::CONTENT_LENGTH {
                response.headers_mut().append(name, value.clone());
            }
        }
        if let Some(observer) = observer.take() {
            observer.done(response.headers());
        }
        return response;
    }
    let body = ResponseBody::new(Watched {
        inner: Some(Box::pin(body)),
        config: Arc::clone(config),
        id: id.clone(),
        done: false,
        observer,
    });
    Response::from_parts(parts, body)
}

/// Whether a response is gRPC-Web (`application/grpc-web`, `-text`, with
/// any `+format`): made by a gRPC-Web layer inside this one.
fn is_grpc_web(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).is_some_and(|value| {
        value
            .as_bytes()
            .get(..b"application/grpc-web".len())
            .is_some_and(|start| start.eq_ignore_ascii_case(b"application/grpc-web"))
    })
}

/// The status replacing the error status in `headers`, when it carries no
/// `ErrorInfo` with a reason; `None` for `OK` and for a CCE status.
fn needs_replacement(headers: &HeaderMap, config: &Config) -> Option<Status> {
    let code = Code::from_bytes(headers.get(GRPC_STATUS)?.as_bytes());
    if code == Code::Ok || carries_error_info(headers, code) {
        return None;
    }
    #[cfg(feature = "tracing")]
    super::trace::log_replaced(
        code,
        "a status without ErrorInfo",
        &percent_decoded(
            headers
                .get(GRPC_MESSAGE)
                .map_or(&[][..], HeaderValue::as_bytes),
        ),
    );
    Some(config.replacement(code))
}

/// A `grpc-message` as text, for the log: `%XX` escapes decoded, invalid
/// UTF-8 replaced.
#[cfg(feature = "tracing")]
fn percent_decoded(encoded: &[u8]) -> String {
    let hex = |byte: u8| char::from(byte).to_digit(16);
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while i < encoded.len() {
        let escaped = encoded
            .get(i + 1..i + 3)
            .and_then(|pair| Some(hex(pair[0])? * 16 + hex(pair[1])?));
        match (encoded[i], escaped) {
            (b'%', Some(value)) => {
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (byte, _) => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether `grpc-status-details-bin` holds an `ErrorInfo` with a reason.
/// Read without tonic's `Status::from_header_map`, which panics on a
/// details header that is not base64.
fn carries_error_info(headers: &HeaderMap, code: Code) -> bool {
    let Some(value) = headers.get(GRPC_STATUS_DETAILS) else {
        return false;
    };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let Ok(details) = engine.decode(value.as_bytes()) else {
        return false;
    };
    Status::with_details(code, String::new(), Bytes::from(details))
        .get_details_error_info()
        .is_some_and(|info| !info.reason.is_empty())
}

/// The body of [`CceGrpcService`]'s responses: the service's, with its
/// trailers checked as the layer checks a status, or none.
pub struct ResponseBody {
    inner: Option<tonic::body::Body>,
}

impl ResponseBody {
    fn empty() -> Self {
        ResponseBody { inner: None }
    }

    fn new<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        ResponseBody {
            inner: Some(tonic::body::Body::new(body)),
        }
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBody").finish_non_exhaustive()
    }
}

impl http_body::Body for ResponseBody {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
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

/// A streaming response's body: its trailers checked, a failure or panic
/// while it streams turned into trailers with a CCE status.
struct Watched<B> {
    inner: Option<Pin<Box<B>>>,
    config: Arc<Config>,
    id: HeaderValue,
    done: bool,
    /// Told the status once the trailers carry it.
    observer: Option<Observer>,
}

impl<B> Watched<B> {
    /// Ends the stream with `status` in trailers.
    fn end_with(&mut self, status: &Status) -> Frame<Bytes> {
        self.inner = None;
        self.done = true;
        let mut trailers = HeaderMap::new();
        write_status(status, &mut trailers);
        trailers.insert(X_REQUEST_ID, self.id.clone());
        self.observe(&trailers);
        Frame::trailers(trailers)
    }

    fn observe(&mut self, trailers: &HeaderMap) {
        if let Some(observer) = self.observer.take() {
            observer.done(trailers);
        }
    }
}

impl<B> http_body::Body for Watched<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = &mut *self;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll_frame(cx)));
        match polled {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(None)) => {
                this.inner = None;
                this.done = true;
                // No trailers: the stream ended without a status.
                this.observe(&HeaderMap::new());
                Poll::Ready(None)
            }
            Ok(Poll::Ready(Some(Ok(frame)))) => match frame.into_trailers() {
                Ok(mut trailers) => {
                    if let Some(status) = needs_replacement(&trailers, &this.config) {
                        write_status(&status, &mut trailers);
                    }
                    let failed = trailers
                        .get(GRPC_STATUS)
                        .is_some_and(|code| Code::from_bytes(code.as_bytes()) != Code::Ok);
                    if failed {
                        trailers.insert(X_REQUEST_ID, this.id.clone());
                    }
                    this.observe(&trailers);
                    Poll::Ready(Some(Ok(Frame::trailers(trailers))))
                }
                Err(frame) => Poll::Ready(Some(Ok(frame))),
            },
            Ok(Poll::Ready(Some(Err(error)))) => {
                let status = this.config.status_for(Failure::Error(error.into()));
                Poll::Ready(Some(Ok(this.end_with(&status))))
            }
            Err(panic) => {
                let status = this.config.status_for(Failure::Panic(panic));
                Poll::Ready(Some(Ok(this.end_with(&status))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
            || self
                .inner
                .as_ref()
                .is_none_or(http_body::Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(SizeHint::default, http_body::Body::size_hint)
    }
}

/// What is recorded of a call once its status is known: its metrics
/// (feature `metrics`) and the fields of its span (feature `tracing`).
struct Observer {
    #[cfg(feature = "metrics")]
    timing: Option<crate::metrics::RpcTiming>,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl Default for Observer {
    /// Records nothing (a future polled again after its end).
    fn default() -> Self {
        Observer {
            #[cfg(feature = "metrics")]
            timing: None,
            #[cfg(feature = "tracing")]
            span: tracing::Span::none(),
        }
    }
}

impl Observer {
    /// Records the status in `headers` (a trailers-only response's headers,
    /// or trailers); none there is `UNKNOWN`, as gRPC clients take it.
    #[cfg_attr(
        not(any(feature = "metrics", feature = "tracing")),
        allow(clippy::unused_self, clippy::needless_pass_by_value, unused_variables)
    )]
    fn done(self, headers: &HeaderMap) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        {
            let code = headers
                .get(GRPC_STATUS)
                .map_or(Code::Unknown, |code| Code::from_bytes(code.as_bytes()));
            let error = headers
                .get(X_CCE_ERROR_CODE)
                .and_then(|code| code.to_str().ok());
            #[cfg(feature = "tracing")]
            super::trace::record_status(&self.span, code, error);
            #[cfg(feature = "metrics")]
            if let Some(timing) = self.timing {
                timing.finish(super::code_name(code), error);
            }
        }
    }
}

/// The client's sane `x-request-id`, or a new UUID: set as the request's
/// only `x-request-id`.
fn set_request_id<B>(request: &mut Request<B>) -> HeaderValue {
    let mut values = request.headers().get_all(X_REQUEST_ID).iter();
    let id = match (values.next(), values.next()) {
        (Some(value), None) if is_sane_request_id(value.as_bytes()) => value.clone(),
        _ => HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("unknown")),
    };
    request.headers_mut().insert(X_REQUEST_ID, id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_without_error_info_are_replaced() {
        let config = Config::default();
        let mut headers = HeaderMap::new();
        headers.insert(GRPC_STATUS, HeaderValue::from_static("13"));
        headers.insert(
            GRPC_MESSAGE,
            HeaderValue::from_static("db%20password%20wrong"),
        );
        let status = needs_replacement(&headers, &config).unwrap();
        assert_eq!(status.code(), Code::Internal);
        assert_eq!(status.message(), "Internal error. [CCE.01500001]");

        // A details header that is not base64 is no ErrorInfo, and no panic.
        headers.insert(GRPC_STATUS_DETAILS, HeaderValue::from_static("%%%"));
        assert!(needs_replacement(&headers, &config).is_some());

        // A CCE status passes.
        let cce = config.replacement(Code::NotFound);
        let mut headers = HeaderMap::new();
        cce.add_header(&mut headers).unwrap();
        assert!(needs_replacement(&headers, &config).is_none());

        let mut ok = HeaderMap::new();
        ok.insert(GRPC_STATUS, HeaderValue::from_static("0"));
        assert!(needs_replacement(&ok, &config).is_none());
    }

    #[cfg(feature = "tracing")]
    #[test]
    fn grpc_messages_are_logged_decoded() {
        assert_eq!(
            percent_decoded(b"db%20down%3A%20caf%C3%A9"),
            "db down: caf\u{e9}"
        );
        assert_eq!(percent_decoded(b"100%"), "100%");
        assert_eq!(percent_decoded(b"%zz%4"), "%zz%4");
        assert_eq!(percent_decoded(b"%FF"), "\u{fffd}");
    }

    #[test]
    fn a_mapping_without_code_or_message_falls_back() {
        let layer = CceGrpcLayer::new().with_fallback(|status: StatusCode| match status.as_u16() {
            404 => Some(ErrorBody::new("", "x")),
            429 => Some(ErrorBody::new("CCE.01429002", "Locked.").with_detail("Locked.")),
            _ => None,
        });
        assert_eq!(
            layer.config.fallback(StatusCode::NOT_FOUND).code,
            "CCE.01404001"
        );
        let locked = layer.config.fallback(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!((&*locked.code, locked.detail), ("CCE.01429002", None));
        assert_eq!(layer.config.domain(), DEFAULT_DOMAIN);
        let layer = layer.with_domain("cce.example.com");
        assert_eq!(layer.config.domain(), "cce.example.com");
        assert!(layer.config.fallback.is_some());
    }
}
