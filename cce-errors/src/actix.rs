//! actix-web (4.x): `ResponseError` for every derived type, and
//! [`CceMiddleware`], which makes every error leaving an `App` a CCE body.
//!
//! ```no_run
//! use actix_web::{web, App, HttpResponse, HttpServer};
//! use cce_errors::{actix::CceMiddleware, CceError};
//!
//! #[derive(Debug, CceError)]
//! enum ClusterError {
//!     #[cce(code = "CCE.01404001")]
//!     NotFound,
//! }
//!
//! async fn show() -> Result<HttpResponse, ClusterError> {
//!     Err(ClusterError::NotFound)
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! HttpServer::new(|| {
//!     App::new()
//!         .route("/clusters/{id}", web::get().to(show))
//!         // Last, so that it wraps everything above it.
//!         .wrap(CceMiddleware::new())
//! })
//! .bind("127.0.0.1:8080")?
//! .run()
//! .await
//! # }
//! ```

use std::any::Any;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::{Future, Ready, poll_fn, ready};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::{HttpMessage as _, HttpResponse};
use bytes::Bytes;

use crate::CceError;
use crate::middleware::{
    Config, Decision, End, Head, Prefix, Read, Replacement, Step, config_builders, within,
};
use crate::response::{body_of, is_sane_request_id, retry_after_seconds};

/// The header carrying the request id, in requests and responses.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// `response::X_OPENSTACK_REQUEST_ID` in actix-web's `http` (0.2).
const X_OPENSTACK_REQUEST_ID: HeaderName = HeaderName::from_static("x-openstack-request-id");

/// `response::X_CCE_ERROR_CODE` in actix-web's `http` (0.2).
const X_CCE_ERROR_CODE: HeaderName = HeaderName::from_static("x-cce-error-code");

/// `response::JSON` in actix-web's `http` (0.2).
const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The request id of a request, in its extensions (also in its
/// `X-Request-Id` header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The status of a derived type's response, as actix-web's `StatusCode`.
pub fn status_code<E: CceError + ?Sized>(error: &E) -> StatusCode {
    to_actix_status(error.status())
}

fn to_actix_status(status: http::StatusCode) -> StatusCode {
    StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// `X-Cce-Error-Code` for `code` in actix-web's `http`, without copying it.
fn code_header(code: &'static str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(code.as_bytes())).ok()
}

/// The response of a derived type's `ResponseError`: the same status,
/// headers and body bytes as the axum integration sends; see
/// [`response::http_response`](crate::response::http_response).
pub fn error_response<E: CceError + ?Sized>(error: &E) -> HttpResponse {
    #[cfg(feature = "tracing")]
    crate::trace::log_error(error);
    // Built directly in actix-web's types (its `http` is 0.2), with the
    // headers `response::http_response` gives; a test compares the two.
    let body = match body_of(error) {
        // A fixed body is sent from the program's own bytes: no allocation.
        Cow::Borrowed(fixed) => BoxBody::new(fixed),
        Cow::Owned(written) => BoxBody::new(written),
    };
    // The response itself, not a builder: no conversions, no error slot.
    let mut response = HttpResponse::with_body(to_actix_status(error.status()), body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, JSON);
    if let Some(code) = code_header(error.code()) {
        headers.insert(X_CCE_ERROR_CODE, code);
    }
    if let Some(after) = error.retry_after() {
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(retry_after_seconds(after)),
        );
    }
    response
}

#[allow(deprecated)]
#[deprecated(
    since = "0.1.0",
    note = "`with_fallback` takes any `cce_errors::response::FallbackMapping`"
)]
pub use crate::response::Fallback;

/// Middleware that makes every response leaving an actix-web `App` a CCE
/// response, as [`CceLayer`](crate::axum::CceLayer) does for axum, with the
/// same decisions:
///
/// - an error response (status 400 or more) keeps its status and headers;
///   its body is kept when it is a CCE body (marked with `X-Cce-Error-Code`,
///   as a derived type's, whatever `Compress` or another middleware inside
///   did to it; or a JSON object with `errorCode` and `errorMessage` that a
///   handler built itself), and otherwise replaced by the fallback
///   mapping's CCE body for its status (an unmatched route, a wrong method,
///   an extractor's rejection, an error returned by another middleware);
/// - it reads at most
///   [`DEFAULT_INSPECT_BYTES`](crate::response::DEFAULT_INSPECT_BYTES) of a
///   body labelled `application/json`, for at most
///   [`DEFAULT_INSPECT_WAIT`](crate::response::DEFAULT_INSPECT_WAIT), and
///   nothing of other bodies (with `tracing`, what has already arrived);
/// - a panic in a handler becomes a 500 `CCE.01500001` response instead of
///   a dropped connection; the panic message is never sent;
/// - every response, error or not, carries exactly one `X-Request-Id`: the
///   client's value when it is sane (1 to 128 visible ASCII characters),
///   otherwise a new UUID. Handlers find it in the request's header and in
///   its [`RequestId`] extension; an `X-Request-Id` a handler or an inner
///   middleware sets on the response is replaced by it.
///
/// Successful responses pass untouched. A request body a handler left
/// unread is drained by actix-web itself, for its
/// `HttpServer::client_disconnect_timeout` (1 s by default); the README
/// says when to raise it.
///
/// With the `tracing` feature, each request runs in a `request` span that
/// carries the request id, and error responses are logged in it.
///
/// Register it with the last `.wrap(...)`, so that it is the outermost.
#[derive(Debug, Clone, Default)]
pub struct CceMiddleware {
    config: Arc<Config>,
}

impl CceMiddleware {
    /// The middleware with the documented status mapping and body keys.
    pub fn new() -> Self {
        CceMiddleware::default()
    }
}

config_builders!(CceMiddleware);

impl<S, B> Transform<S, ServiceRequest> for CceMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Transform = CceMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CceMiddlewareService {
            service: Rc::new(service),
            config: Arc::clone(&self.config),
        }))
    }
}

/// The service of [`CceMiddleware`].
#[derive(Debug)]
pub struct CceMiddlewareService<S> {
    service: Rc<S>,
    config: Arc<Config>,
}

type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<S, B> Service<ServiceRequest> for CceMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<Result<Self::Response, Self::Error>>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let id = request_id(&request);
        request.headers_mut().insert(X_REQUEST_ID, id.clone());
        request
            .extensions_mut()
            .insert(RequestId(id.to_str().unwrap_or_default().to_owned()));
        let service = Rc::clone(&self.service);
        let config = Arc::clone(&self.config);
        // The route template (actix-web matches it from the request's path
        // against the app's resources), only when something records it.
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        let route = request.match_pattern();
        #[cfg(feature = "tracing")]
        let span = crate::trace::request_span(
            Some(id.as_bytes()),
            request.method().as_str(),
            request.path(),
            route.as_deref(),
        );
        let mut observer = Observer {
            #[cfg(feature = "metrics")]
            timing: Some(crate::metrics::Timing::start(
                request.method().as_str(),
                route,
            )),
            #[cfg(feature = "tracing")]
            span: span.clone(),
        };
        let future = async move {
            // The request moves into the service (actix needs it unshared),
            // so an error or a panic is answered through `Handled`, whose
            // response actix builds without a request.
            match CatchUnwind::new(|| service.call(request)).await {
                Ok(Ok(response)) => {
                    let (request, response) = response.into_parts();
                    let mut response = finish(response, &config).await;
                    set_ids(response.headers_mut(), &id, config.openstack_request_id);
                    observer.done(response.status(), response.headers());
                    Ok(ServiceResponse::new(request, response))
                }
                Ok(Err(error)) => Err(Handled {
                    outcome: Outcome::Error(error),
                    config,
                    id,
                    observer: RefCell::new(observer),
                }
                .into()),
                Err(panic) => {
                    #[cfg(feature = "tracing")]
                    crate::trace::log_panic(panic.as_ref());
                    drop(panic);
                    Err(Handled {
                        outcome: Outcome::Panic,
                        config,
                        id,
                        observer: RefCell::new(observer),
                    }
                    .into())
                }
            }
        };
        #[cfg(feature = "tracing")]
        let future = tracing::Instrument::instrument(future, span);
        Box::pin(future)
    }
}

/// What is recorded of a response once it is known: its metrics, and the
/// fields of its span.
struct Observer {
    #[cfg(feature = "metrics")]
    timing: Option<crate::metrics::Timing>,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl Observer {
    #[cfg_attr(
        not(any(feature = "metrics", feature = "tracing")),
        allow(clippy::unused_self, unused_variables)
    )]
    fn done(&mut self, status: StatusCode, headers: &HeaderMap) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        {
            let status = status.as_u16();
            let code = headers
                .get(X_CCE_ERROR_CODE)
                .and_then(|code| code.to_str().ok());
            #[cfg(feature = "tracing")]
            crate::trace::record_response(&self.span, status, code);
            #[cfg(feature = "metrics")]
            if let Some(timing) = self.timing.take() {
                timing.finish(status, code);
            }
        }
    }
}

/// The client's sane `X-Request-Id`, or a new UUID.
fn request_id(request: &ServiceRequest) -> HeaderValue {
    let mut values = request.headers().get_all(X_REQUEST_ID);
    if let (Some(value), None) = (values.next(), values.next())
        && is_sane_request_id(value.as_bytes())
    {
        return value.clone();
    }
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
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
        content_type: headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes),
        content_encoding: headers
            .get(header::CONTENT_ENCODING)
            .map(HeaderValue::as_bytes),
        marked: headers.contains_key(X_CCE_ERROR_CODE),
    }
}

/// A response as it leaves the middleware: passed, kept, or with a CCE
/// body; its body read within the configured bounds.
async fn finish<B: MessageBody + 'static>(
    response: HttpResponse<B>,
    config: &Config,
) -> HttpResponse<EitherBody<B>> {
    let Step::Read {
        max_bytes,
        max_wait,
    } = config.step(&head_of(response.status(), response.headers()))
    else {
        return response.map_into_left_body();
    };
    let (head, body) = response.into_parts();
    let size = body.size();
    let mut prefix = Prefix::new(max_bytes);
    let (end, rest) = if max_bytes == 0 {
        (End::NotRead, Some(Box::pin(body)))
    } else {
        read_body(body, &mut prefix, max_wait).await
    };
    apply(head, prefix, end, Unread { size, rest }, config)
}

/// The synchronous [`finish`] of an error actix turns into a response
/// itself: a body in memory is read, any other is not waited for.
fn finish_now(response: HttpResponse, config: &Config) -> HttpResponse {
    let Step::Read { max_bytes, .. } = config.step(&head_of(response.status(), response.headers()))
    else {
        return response;
    };
    let (head, body) = response.into_parts();
    let size = body.size();
    let mut prefix = Prefix::new(max_bytes);
    let (end, rest) = match body.try_into_bytes() {
        Ok(all) if max_bytes > 0 => (prefix.push(all).unwrap_or(End::Complete), None),
        // Not to be read: sent as it is if it is passed.
        Ok(all) => (End::NotRead, Some(Box::pin(BoxBody::new(all)))),
        Err(body) => (End::NotRead, Some(Box::pin(body))),
    };
    apply(head, prefix, end, Unread { size, rest }, config).map_into_boxed_body()
}

/// What is left of a body once its start was read: its size as it was
/// before reading, and the stream (`None` when all of it was read).
struct Unread<B> {
    size: BodySize,
    rest: Option<Pin<Box<B>>>,
}

/// Applies the decision on a response whose body was read into `prefix`;
/// `unread` is what was not read of it.
fn apply<B: MessageBody + 'static>(
    head: HttpResponse<()>,
    prefix: Prefix,
    end: End,
    unread: Unread<B>,
    config: &Config,
) -> HttpResponse<EitherBody<B>> {
    let read = Read {
        bytes: &prefix.bytes,
        end,
    };
    match config.decide(&head_of(head.status(), head.headers()), &read) {
        Decision::Pass => head
            .set_body(BoxBody::new(Prefixed {
                read: prefix.into_chunks(),
                size: unread.size,
                rest: unread.rest,
            }))
            .map_into_right_body(),
        Decision::Keep(kept) => {
            let body = kept.bytes.unwrap_or(prefix.bytes);
            let mut response = head.set_body(BoxBody::new(body));
            let headers = response.headers_mut();
            headers.remove(header::CONTENT_LENGTH);
            headers.remove(header::TRANSFER_ENCODING);
            if let Some(code) = kept
                .code
                .and_then(|code| HeaderValue::from_bytes(code.as_bytes()).ok())
            {
                headers.insert(X_CCE_ERROR_CODE, code);
            }
            response.map_into_right_body()
        }
        Decision::Replace(replacement) => {
            #[cfg(feature = "tracing")]
            crate::trace::log_replaced(&replacement.log);
            replaced(&head, replacement).map_into_right_body()
        }
    }
}

/// A body whose first bytes were read already: them, then the rest.
struct Prefixed<B> {
    read: VecDeque<Bytes>,
    /// The body's size before any of it was read: a stream's own size does
    /// not shrink as it is read.
    size: BodySize,
    rest: Option<Pin<Box<B>>>,
}

impl<B: MessageBody> MessageBody for Prefixed<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.size
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if let Some(chunk) = self.read.pop_front() {
            return Poll::Ready(Some(Ok(chunk)));
        }
        match self.rest.as_mut() {
            Some(rest) => rest.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

/// `head`'s status and headers with a CCE body instead of its own.
fn replaced<B>(head: &HttpResponse<B>, replacement: Replacement) -> HttpResponse {
    let mut response = HttpResponse::with_body(head.status(), BoxBody::new(replacement.bytes));
    let headers = response.headers_mut();
    for (name, value) in head.headers() {
        if !matches!(
            *name,
            header::CONTENT_LENGTH
                | header::TRANSFER_ENCODING
                | header::CONTENT_ENCODING
                | header::CONTENT_TYPE
        ) && *name != X_CCE_ERROR_CODE
        {
            headers.append(name.clone(), value.clone());
        }
    }
    headers.insert(header::CONTENT_TYPE, JSON);
    if let Some(code) = replacement
        .code
        .and_then(|code| HeaderValue::from_bytes(code.as_bytes()).ok())
    {
        headers.insert(X_CCE_ERROR_CODE, code);
    }
    response
}

/// Reads the start of `body` into `into`, for at most `max_wait` (zero:
/// what has already arrived); returns how it ended and, for a stream, what
/// is left of it.
async fn read_body<B: MessageBody>(
    body: B,
    into: &mut Prefix,
    max_wait: std::time::Duration,
) -> (End, Option<Pin<Box<B>>>) {
    let body = match body.try_into_bytes() {
        // In memory: no waiting.
        Ok(all) => return (into.push(all).unwrap_or(End::Complete), None),
        Err(body) => body,
    };
    let mut body = Box::pin(body);
    let reading = async {
        loop {
            match poll_fn(|cx| body.as_mut().poll_next(cx)).await {
                None => return End::Complete,
                Some(Err(_)) => return End::Failed,
                Some(Ok(chunk)) => {
                    if let Some(end) = into.push(chunk) {
                        return end;
                    }
                }
            }
        }
    };
    // actix-web's runtime is tokio's, with its timer.
    let end = within(reading, max_wait, || {
        Some(actix_web::rt::time::sleep(max_wait))
    })
    .await;
    (end, Some(body))
}

/// An error or a panic of the wrapped service, answered with a CCE body.
struct Handled {
    outcome: Outcome,
    config: Arc<Config>,
    id: HeaderValue,
    /// Taken by the one `error_response` actix makes.
    observer: RefCell<Observer>,
}

enum Outcome {
    Error(actix_web::Error),
    Panic,
}

impl std::fmt::Debug for Handled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            Outcome::Error(error) => std::fmt::Debug::fmt(error, f),
            Outcome::Panic => f.write_str("Panic"),
        }
    }
}

impl std::fmt::Display for Handled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            Outcome::Error(error) => std::fmt::Display::fmt(error, f),
            Outcome::Panic => f.write_str("a handler panicked"),
        }
    }
}

impl actix_web::ResponseError for Handled {
    fn status_code(&self) -> StatusCode {
        match &self.outcome {
            Outcome::Error(error) => error.as_response_error().status_code(),
            Outcome::Panic => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = match &self.outcome {
            Outcome::Error(error) => finish_now(error.error_response(), &self.config),
            Outcome::Panic => {
                let blank = HttpResponse::InternalServerError().finish();
                replaced(&blank, self.config.panic_response())
            }
        };
        set_ids(
            response.headers_mut(),
            &self.id,
            self.config.openstack_request_id,
        );
        self.observer
            .borrow_mut()
            .done(response.status(), response.headers());
        response
    }
}

/// Polls a future (and makes it), turning a panic into an `Err`.
struct CatchUnwind<F> {
    state: CatchState<F>,
}

enum CatchState<F> {
    Running(Pin<Box<F>>),
    Panicked(Option<Box<dyn Any + Send>>),
}

impl<F: Future> CatchUnwind<F> {
    fn new(make: impl FnOnce() -> F) -> Self {
        let state = match catch_unwind(AssertUnwindSafe(make)) {
            Ok(future) => CatchState::Running(Box::pin(future)),
            Err(panic) => CatchState::Panicked(Some(panic)),
        };
        CatchUnwind { state }
    }
}

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.state {
            CatchState::Running(future) => {
                match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                    Ok(Poll::Pending) => Poll::Pending,
                    Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
                    Err(panic) => Poll::Ready(Err(panic)),
                }
            }
            CatchState::Panicked(panic) => Poll::Ready(Err(panic
                .take()
                .unwrap_or_else(|| Box::new("polled after completion")))),
        }
    }
}
