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
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::response::Response;
use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use http::{HeaderName, Request, StatusCode};
use http_body_util::{BodyExt as _, Limited};
use tower_http::catch_panic::{CatchPanic, ResponseForPanic};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestId, SetRequestId};
use tower_layer::Layer;
use tower_service::Service;

use crate::decode::MAX_BODY;
use crate::response::{
    JSON, X_OPENSTACK_REQUEST_ID, body_bytes, body_of, fallback_body, is_json, is_sane_request_id,
    panic_body, with_status_and_headers,
};
use crate::{CceError, ErrorBody};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The header carrying the request id, in requests and responses.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

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

pub use crate::response::Fallback;

/// A `tower` layer that makes every response leaving the service it wraps
/// a CCE response:
///
/// - a response with status 400 or more whose body is not already a CCE
///   body (an unmatched route, a wrong method, an extractor's rejection, a
///   timeout from an inner `TimeoutLayer`) gets the body
///   [`fallback_body`] gives for its status; its status and its other
///   headers (`Allow`, `Retry-After`, ...) stay;
/// - a panic in a handler becomes a 500 `CCE.01500001` response; the panic
///   message is never sent;
/// - every response, error or not, carries `X-Request-Id`: the client's
///   value when it is sane (1 to 128 visible ASCII characters), otherwise a
///   new UUID, made by tower-http's request-id layers. Handlers find it in
///   the request's `X-Request-Id` header and its `RequestId` extension.
///
/// With the `tracing` feature, each request runs in a `request` span that
/// carries the request id, and error responses are logged in it (5xx at
/// error level with the error's source chain, 4xx at debug).
///
/// Add it last (outermost), after any `TimeoutLayer` or body limit, so
/// that their responses are converted too.
#[derive(Debug, Clone, Copy)]
pub struct CceLayer {
    fallback: Fallback,
    openstack_request_id: bool,
}

impl CceLayer {
    /// The layer with the documented status mapping.
    pub fn new() -> Self {
        CceLayer {
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

    /// The layer with another status mapping, such as one that uses the
    /// codes of a service's own module.
    #[must_use]
    pub fn with_fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = fallback;
        self
    }
}

impl Default for CceLayer {
    fn default() -> Self {
        CceLayer::new()
    }
}

type Stack<S> =
    SetRequestId<PropagateRequestId<Rewrite<CatchPanic<S, PanicResponse>>>, MakeRequestUuid>;

impl<S> Layer<S> for CceLayer {
    type Service = CceService<S>;

    fn layer(&self, inner: S) -> CceService<S> {
        let caught = CatchPanic::custom(
            inner,
            PanicResponse {
                fallback: self.fallback,
            },
        );
        let rewritten = Rewrite {
            inner: caught,
            fallback: self.fallback,
            openstack_request_id: self.openstack_request_id,
        };
        CceService {
            inner: SetRequestId::x_request_id(
                PropagateRequestId::x_request_id(rewritten),
                MakeRequestUuid,
            ),
        }
    }
}

/// The service of [`CceLayer`].
#[derive(Clone)]
pub struct CceService<S> {
    inner: Stack<S>,
}

impl<S> std::fmt::Debug for CceService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CceService").finish_non_exhaustive()
    }
}

impl<S, B, ResBody> Service<Request<B>> for CceService<S>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = <Stack<S> as Service<Request<B>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // A client's id is echoed only when it is sane; otherwise
        // `SetRequestId` makes a new one.
        let headers = request.headers_mut();
        let values = headers.get_all(&X_REQUEST_ID).iter().count();
        let sane = values == 1
            && headers
                .get(&X_REQUEST_ID)
                .is_some_and(|v| is_sane_request_id(v.as_bytes()));
        if values > 0 && !sane {
            headers.remove(&X_REQUEST_ID);
        }
        self.inner.call(request)
    }
}

/// Replaces the body of error responses that are not CCE bodies.
#[derive(Debug, Clone)]
pub struct Rewrite<S> {
    inner: S,
    fallback: Fallback,
    openstack_request_id: bool,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, ResBody> Service<Request<B>> for Rewrite<S>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let fallback = self.fallback;
        // `SetRequestId`, outside, has given every request an id by now.
        let openstack_id = self
            .openstack_request_id
            .then(|| request.headers().get(&X_REQUEST_ID).cloned())
            .flatten();
        let finish = async move |response| {
            let mut response = rewrite(response, fallback).await;
            if let Some(id) = openstack_id {
                response
                    .headers_mut()
                    .entry(X_OPENSTACK_REQUEST_ID)
                    .or_insert(id);
            }
            response
        };
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = crate::trace::request_span(
                request
                    .headers()
                    .get(&X_REQUEST_ID)
                    .map(http::HeaderValue::as_bytes),
                request.method().as_str(),
                request.uri().path(),
            );
            let future = span.in_scope(|| self.inner.call(request));
            Box::pin(
                async move {
                    let response = future.await?;
                    Ok(finish(response).await)
                }
                .instrument(span),
            )
        }
        #[cfg(not(feature = "tracing"))]
        {
            let future = self.inner.call(request);
            Box::pin(async move {
                let response = future.await?;
                Ok(finish(response).await)
            })
        }
    }
}

/// An error response passes when its body is already a CCE body (a JSON
/// object with `errorCode` and `errorMessage`, as a derived type's
/// response, or one a handler built itself); otherwise it gets the
/// fallback body for its status. Recognizing the body, rather than marking
/// derived responses, keeps a derived type's `into_response` free of the
/// marker's cost, and only error responses are read here.
async fn rewrite<B>(response: Response<B>, fallback: Fallback) -> Response
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let status = response.status();
    if status.as_u16() < 400 {
        return response.map(Body::new);
    }
    let (mut parts, body) = response.into_parts();
    let json = is_json(
        parts
            .headers
            .get(CONTENT_TYPE)
            .map(http::HeaderValue::as_bytes),
    );
    // A JSON body is read to see whether it is a CCE body; with `tracing`,
    // any body is read, to log what the client is not shown.
    let mut replaced = None;
    if (json || cfg!(feature = "tracing"))
        && let Ok(collected) = Limited::new(body, MAX_BODY).collect().await
    {
        let bytes = collected.to_bytes();
        if json && ErrorBody::from_slice(&bytes).is_ok() {
            return Response::from_parts(parts, Body::from(bytes));
        }
        replaced = Some(bytes);
    }
    let Some(body) = fallback(status) else {
        return Response::from_parts(parts, Body::empty());
    };
    #[cfg(feature = "tracing")]
    crate::trace::log_replaced(status, &body, replaced.as_deref());
    #[cfg(not(feature = "tracing"))]
    drop(replaced);
    for stale in [CONTENT_LENGTH, TRANSFER_ENCODING, CONTENT_ENCODING] {
        parts.headers.remove(stale);
    }
    parts.headers.insert(CONTENT_TYPE, JSON);
    Response::from_parts(parts, Body::from(body_bytes(&body)))
}

/// The response to a panic: 500 with the fallback body; the panic's
/// message is logged (with `tracing`), never sent.
#[derive(Debug, Clone, Copy)]
pub struct PanicResponse {
    fallback: Fallback,
}

impl ResponseForPanic for PanicResponse {
    type ResponseBody = Body;

    fn response_for_panic(&mut self, panic: Box<dyn Any + Send + 'static>) -> Response {
        #[cfg(feature = "tracing")]
        crate::trace::log_panic(panic.as_ref());
        drop(panic);
        let mut response = Response::new(Body::from(panic_body(self.fallback)));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        response.headers_mut().insert(CONTENT_TYPE, JSON);
        response
    }
}
