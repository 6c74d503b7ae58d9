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
use std::future::{Future, Ready, ready};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpMessage as _, HttpResponse};

use crate::response::{
    body_bytes, body_of, fallback_body, is_json, is_sane_request_id, panic_body,
    retry_after_seconds,
};
use crate::{CceError, ErrorBody};

/// The header carrying the request id, in requests and responses.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// `response::X_OPENSTACK_REQUEST_ID` in actix-web's `http` (0.2).
const X_OPENSTACK_REQUEST_ID: HeaderName = HeaderName::from_static("x-openstack-request-id");

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

/// The response of a derived type's `ResponseError`: the same status,
/// headers and body bytes as the axum integration sends; see
/// [`response::http_response`](crate::response::http_response).
pub fn error_response<E: CceError + ?Sized>(error: &E) -> HttpResponse {
    #[cfg(feature = "tracing")]
    crate::trace::log_error(error);
    // Built directly in actix-web's types (its `http` is 0.2), with the
    // headers `response::http_response` gives; a test compares the two.
    let mut builder = HttpResponse::build(to_actix_status(error.status()));
    builder.insert_header((header::CONTENT_TYPE, JSON));
    if let Some(after) = error.retry_after() {
        builder.insert_header((
            header::RETRY_AFTER,
            HeaderValue::from(retry_after_seconds(after)),
        ));
    }
    match body_of(error) {
        // A fixed body is sent from the program's own bytes: no allocation.
        Cow::Borrowed(fixed) => builder.body(fixed),
        Cow::Owned(written) => builder.body(written),
    }
}

pub use crate::response::Fallback;

/// Middleware that makes every response leaving an actix-web `App` a CCE
/// response, as `CceLayer` does for axum:
///
/// - a response with status 400 or more whose body is not already a CCE
///   body (an unmatched route, a wrong method, an extractor's rejection, an
///   error returned by another middleware) gets the body [`fallback_body`]
///   gives for its status; its status and other headers stay;
/// - a panic in a handler becomes a 500 `CCE.01500001` response instead of
///   a dropped connection; the panic message is never sent;
/// - every response, error or not, carries `X-Request-Id`: the client's
///   value when it is sane (1 to 128 visible ASCII characters), otherwise a
///   new UUID. Handlers find it in the request's header and in its
///   [`RequestId`] extension.
///
/// With the `tracing` feature, each request runs in a `request` span that
/// carries the request id, and error responses are logged in it.
///
/// Register it with the last `.wrap(...)`, so that it is the outermost.
#[derive(Debug, Clone, Copy)]
pub struct CceMiddleware {
    fallback: Fallback,
    openstack_request_id: bool,
}

impl CceMiddleware {
    /// The middleware with the documented status mapping.
    pub fn new() -> Self {
        CceMiddleware {
            fallback: fallback_body,
            openstack_request_id: false,
        }
    }

    /// Also send the request id as `X-Openstack-Request-Id`, where
    /// openstacksdk-based clients read it.
    #[must_use]
    pub fn with_openstack_request_id(mut self) -> Self {
        self.openstack_request_id = true;
        self
    }

    /// The middleware with another status mapping.
    #[must_use]
    pub fn with_fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = fallback;
        self
    }
}

impl Default for CceMiddleware {
    fn default() -> Self {
        CceMiddleware::new()
    }
}

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
            fallback: self.fallback,
            openstack_request_id: self.openstack_request_id,
        }))
    }
}

/// The service of [`CceMiddleware`].
#[derive(Debug)]
pub struct CceMiddlewareService<S> {
    service: Rc<S>,
    fallback: Fallback,
    openstack_request_id: bool,
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
        let fallback = self.fallback;
        let ids = RequestIds {
            id: id.clone(),
            openstack: self.openstack_request_id,
        };
        #[cfg(feature = "tracing")]
        let span = crate::trace::request_span(
            Some(id.as_bytes()),
            request.method().as_str(),
            request.path(),
        );
        let future = async move {
            // The request moves into the service (actix needs it unshared),
            // so an error or a panic is answered through `Handled`, whose
            // response actix builds without a request.
            match CatchUnwind::new(|| service.call(request)).await {
                Ok(Ok(response)) => {
                    let (request, response) = response.into_parts();
                    let mut response = rewrite(response, fallback);
                    ids.set_on(&mut response);
                    Ok(ServiceResponse::new(request, response))
                }
                Ok(Err(error)) => Err(Handled {
                    outcome: Outcome::Error(error),
                    fallback,
                    ids,
                }
                .into()),
                Err(panic) => {
                    #[cfg(feature = "tracing")]
                    crate::trace::log_panic(panic.as_ref());
                    drop(panic);
                    Err(Handled {
                        outcome: Outcome::Panic,
                        fallback,
                        ids,
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

/// The request id, and whether to send it as `X-Openstack-Request-Id` too.
#[derive(Clone)]
struct RequestIds {
    id: HeaderValue,
    openstack: bool,
}

impl RequestIds {
    /// Sets the id headers a response does not have yet.
    fn set_on<B>(&self, response: &mut HttpResponse<B>) {
        let headers = response.headers_mut();
        if !headers.contains_key(X_REQUEST_ID) {
            headers.insert(X_REQUEST_ID, self.id.clone());
        }
        if self.openstack && !headers.contains_key(X_OPENSTACK_REQUEST_ID) {
            headers.insert(X_OPENSTACK_REQUEST_ID, self.id.clone());
        }
    }
}

/// An error response passes when its body is already a CCE body (a JSON
/// object with `errorCode` and `errorMessage`); otherwise it gets the
/// fallback body for its status, keeping the status and the other headers.
/// A body that is not in memory (a stream) is not read, and is replaced.
fn rewrite<B: MessageBody>(
    response: HttpResponse<B>,
    fallback: Fallback,
) -> HttpResponse<EitherBody<B>> {
    let status = response.status();
    if status.as_u16() < 400 {
        return response.map_into_left_body();
    }
    let json = is_json(
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(HeaderValue::as_bytes),
    );
    let (head, body) = response.into_parts();
    // An in-memory body is read: a CCE body passes; another is logged (with
    // `tracing`) and replaced.
    let replaced = body.try_into_bytes().ok();
    if json
        && let Some(bytes) = &replaced
        && ErrorBody::from_slice(bytes).is_ok()
    {
        return head
            .set_body(BoxBody::new(bytes.clone()))
            .map_into_right_body();
    }
    let replacement = http::StatusCode::from_u16(status.as_u16())
        .ok()
        .and_then(|http_status| Some((http_status, fallback(http_status)?)));
    let Some((http_status, body)) = replacement else {
        return head.set_body(BoxBody::new(())).map_into_right_body();
    };
    #[cfg(feature = "tracing")]
    crate::trace::log_replaced(http_status, &body, replaced.as_deref());
    #[cfg(not(feature = "tracing"))]
    let _ = (http_status, replaced);
    let mut replaced = HttpResponse::with_body(status, BoxBody::new(body_bytes(&body)));
    for (name, value) in head.headers() {
        if !matches!(
            *name,
            header::CONTENT_LENGTH
                | header::TRANSFER_ENCODING
                | header::CONTENT_ENCODING
                | header::CONTENT_TYPE
        ) {
            replaced.headers_mut().append(name.clone(), value.clone());
        }
    }
    replaced.headers_mut().insert(header::CONTENT_TYPE, JSON);
    replaced.map_into_right_body()
}

fn panic_response(fallback: Fallback) -> HttpResponse {
    HttpResponse::InternalServerError()
        .insert_header((header::CONTENT_TYPE, JSON))
        .body(panic_body(fallback))
}

/// An error or a panic of the wrapped service, answered with a CCE body.
struct Handled {
    outcome: Outcome,
    fallback: Fallback,
    ids: RequestIds,
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
            Outcome::Error(error) => {
                rewrite(error.error_response(), self.fallback).map_into_boxed_body()
            }
            Outcome::Panic => panic_response(self.fallback),
        };
        self.ids.set_on(&mut response);
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
