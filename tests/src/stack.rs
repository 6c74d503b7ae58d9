//! The routes of the middleware-stack tests (`tests/stack.rs`,
//! `tests/actix_stack.rs`) and of the stack server that real clients are
//! run against (`src/bin/stack_server.rs`, `tests/clients/stack_check.py`):
//! one handler per thing middleware can do to an error's body. The same
//! paths answer the same way on axum and on actix-web.

use std::io;
use std::time::Duration;

use bytes::Bytes;
use cce_errors::{CceError, ErrorBody};
use futures_util::Stream;
use futures_util::stream;

/// Text planted in internal errors and panics that no response may repeat.
pub const MARKER: &str = "zq7-STACK-MARKER";

/// The largest upload `/upload` accepts.
pub const UPLOAD_LIMIT: usize = 64 * 1024;

/// How long `/slow` takes to answer.
pub const SLOW: Duration = Duration::from_secs(2);

/// A success body large enough for every compression layer to compress.
pub fn ok_body() -> String {
    let clusters: Vec<String> = (0..40)
        .map(|i| {
            format!(r#"{{"name":"cluster-{i:02}","phase":"Available","flavor":"cce.s1.small"}}"#)
        })
        .collect();
    format!(r#"{{"items":[{}]}}"#, clusters.join(","))
}

/// The errors the stack's handlers return.
#[derive(Debug, CceError)]
pub enum StackError {
    /// `/detail`: a 400 with a detail naming two fields.
    #[cce(code = "CCE.01400002", detail = "subnet {subnet} is not in VPC {vpc}")]
    SubnetNotInVpc {
        /// The subnet asked for.
        subnet: String,
        /// The VPC it is not in.
        vpc: String,
    },
    /// `/locked`: a 429 with `Retry-After`.
    #[cce(code = "CCE.01429002", detail = "cluster c-1 is being created")]
    Locked {
        /// Seconds to wait.
        #[cce(retry_after)]
        after: u64,
    },
    /// `/internal`: a 500 whose source's text stays internal.
    #[cce(code = "CCE.01500001")]
    Internal(#[source] io::Error),
}

/// `/detail`'s error.
pub fn detail_error() -> StackError {
    StackError::SubnetNotInVpc {
        subnet: "subnet-7f3a".into(),
        vpc: "vpc-01".into(),
    }
}

/// The detail of [`detail_error`] as sent.
pub const DETAIL: &str = "subnet subnet-7f3a is not in VPC vpc-01";

/// The header `/detail` sets beside its error, which must stay.
pub const HANDLER_HEADER: (&str, &str) = ("x-handler", "kept");

/// `/locked`'s `Retry-After`.
pub const LOCKED_AFTER: u64 = 7;

/// `/internal`'s error.
pub fn internal_error() -> StackError {
    StackError::Internal(io::Error::other(format!("disk full {MARKER}")))
}

/// `/handler-cce`: a CCE body a handler built itself, with status 409.
pub fn handler_body() -> ErrorBody<'static> {
    ErrorBody::new("CCE.01409001", "The resource already exists.")
        .with_detail("cluster demo already exists")
}

/// `/text-error`: a 500 whose plain-text body names an internal.
pub fn text_error_body() -> String {
    format!("db connection failed: password=hunter2 {MARKER}")
}

/// `/slow-cce`: a CCE body for 502 sent in two pieces, 50 ms apart.
pub fn slow_cce_pieces() -> [&'static str; 2] {
    [
        r#"{"errorCode":"CCE.01500001","errorMessage":"Internal error.","#,
        r#""message":"the upstream answered slowly"}"#,
    ]
}

/// A CCE body for 500 of about 100 KB (its detail is long): longer than
/// the middlewares read of a body by default.
pub fn long_marked_body() -> String {
    format!(
        r#"{{"errorCode":"CCE.01500001","errorMessage":"Internal error.","message":"{}"}}"#,
        "x".repeat(100_000)
    )
}

/// `/sse-503`: a server-sent event stream that never ends.
pub fn endless_events() -> impl Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    stream::unfold(0u64, |n| async move {
        if n > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some((
            Ok(Bytes::from(format!("event: wait\ndata: {n}\n\n"))),
            n + 1,
        ))
    })
}

/// `/slow-502`: a JSON body that starts and then never goes on.
pub fn stalled_json() -> impl Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    stream::once(async { Ok(Bytes::from_static(br#"{"upstream": "#)) }).chain(stream::pending())
}

/// `/slow-cce`: [`slow_cce_pieces`] 50 ms apart.
pub fn slow_cce() -> impl Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    let [first, second] = slow_cce_pieces();
    stream::iter([(Duration::ZERO, first), (Duration::from_millis(50), second)]).then(
        |(wait, piece)| async move {
            tokio::time::sleep(wait).await;
            Ok(Bytes::from_static(piece.as_bytes()))
        },
    )
}

use futures_util::StreamExt as _;

/// The axum routes.
pub mod axum_routes {
    use axum::body::{Body, Bytes};
    use axum::extract::DefaultBodyLimit;
    use axum::http::{StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};
    use axum::{Json, Router};

    use super::{
        HANDLER_HEADER, LOCKED_AFTER, MARKER, SLOW, StackError, UPLOAD_LIMIT, detail_error,
        endless_events, handler_body, internal_error, ok_body, slow_cce, stalled_json,
        text_error_body,
    };

    /// Every route, with `/upload` limited to [`UPLOAD_LIMIT`] by
    /// `DefaultBodyLimit`.
    pub fn routes() -> Router {
        Router::new()
            .route("/ok", get(ok))
            .route("/detail", get(detail))
            .route("/locked", get(locked))
            .route("/internal", get(internal))
            .route("/handler-cce", get(handler_cce))
            .route("/text-error", get(text_error))
            .route("/sse-503", get(sse))
            .route("/slow-502", get(slow_502))
            .route("/slow-cce", get(slow_cce_route))
            .route("/slow", get(slow))
            .route("/panic", get(panics))
            .route(
                "/upload",
                post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
            )
    }

    async fn ok() -> Response {
        ([(header::CONTENT_TYPE, "application/json")], ok_body()).into_response()
    }

    async fn detail() -> Response {
        ([HANDLER_HEADER], detail_error()).into_response()
    }

    async fn locked() -> Result<(), StackError> {
        Err(StackError::Locked {
            after: LOCKED_AFTER,
        })
    }

    async fn internal() -> Result<(), StackError> {
        Err(internal_error())
    }

    async fn handler_cce() -> Response {
        (StatusCode::CONFLICT, Json(handler_body())).into_response()
    }

    async fn text_error() -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, text_error_body()).into_response()
    }

    async fn sse() -> Response {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/event-stream")],
            Body::from_stream(endless_events()),
        )
            .into_response()
    }

    async fn slow_502() -> Response {
        (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from_stream(stalled_json()),
        )
            .into_response()
    }

    async fn slow_cce_route() -> Response {
        (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from_stream(slow_cce()),
        )
            .into_response()
    }

    async fn slow() -> &'static str {
        tokio::time::sleep(SLOW).await;
        "done"
    }

    async fn panics() -> &'static str {
        panic!("handler failed: {MARKER}")
    }

    async fn upload(body: Bytes) -> String {
        format!("received {} bytes", body.len())
    }
}

/// The actix-web routes: the same paths and answers.
pub mod actix_routes {
    use actix_web::http::StatusCode;
    use actix_web::http::header;
    use actix_web::web::{self, Bytes};
    use actix_web::{HttpResponse, Responder};

    use super::{
        HANDLER_HEADER, LOCKED_AFTER, MARKER, SLOW, StackError, UPLOAD_LIMIT, detail_error,
        endless_events, handler_body, internal_error, ok_body, slow_cce, stalled_json,
        text_error_body,
    };

    /// Every route, with `/upload` limited to [`UPLOAD_LIMIT`] by its
    /// `PayloadConfig`.
    pub fn configure(config: &mut web::ServiceConfig) {
        config
            .route("/ok", web::get().to(ok))
            .route("/detail", web::get().to(detail))
            .route("/locked", web::get().to(locked))
            .route("/internal", web::get().to(internal))
            .route("/handler-cce", web::get().to(handler_cce))
            .route("/text-error", web::get().to(text_error))
            .route("/sse-503", web::get().to(sse))
            .route("/slow-502", web::get().to(slow_502))
            .route("/slow-cce", web::get().to(slow_cce_route))
            .route("/slow", web::get().to(slow))
            .route("/panic", web::get().to(panics))
            .service(
                web::resource("/upload")
                    .app_data(web::PayloadConfig::new(UPLOAD_LIMIT))
                    .route(web::post().to(upload)),
            );
    }

    async fn ok() -> HttpResponse {
        HttpResponse::Ok()
            .content_type("application/json")
            .body(ok_body())
    }

    async fn detail() -> HttpResponse {
        let mut response = actix_web::ResponseError::error_response(&detail_error());
        response.headers_mut().insert(
            header::HeaderName::from_static(HANDLER_HEADER.0),
            header::HeaderValue::from_static(HANDLER_HEADER.1),
        );
        response
    }

    async fn locked() -> Result<HttpResponse, StackError> {
        Err(StackError::Locked {
            after: LOCKED_AFTER,
        })
    }

    async fn internal() -> Result<HttpResponse, StackError> {
        Err(internal_error())
    }

    async fn handler_cce() -> HttpResponse {
        HttpResponse::Conflict().json(handler_body())
    }

    async fn text_error() -> HttpResponse {
        HttpResponse::InternalServerError()
            .content_type("text/plain; charset=utf-8")
            .body(text_error_body())
    }

    async fn sse() -> HttpResponse {
        HttpResponse::ServiceUnavailable()
            .content_type("text/event-stream")
            .streaming(endless_events())
    }

    async fn slow_502() -> HttpResponse {
        HttpResponse::build(StatusCode::BAD_GATEWAY)
            .content_type("application/json")
            .streaming(stalled_json())
    }

    async fn slow_cce_route() -> HttpResponse {
        HttpResponse::build(StatusCode::BAD_GATEWAY)
            .content_type("application/json")
            .streaming(slow_cce())
    }

    async fn slow() -> impl Responder {
        actix_web::rt::time::sleep(SLOW).await;
        "done"
    }

    async fn panics() -> HttpResponse {
        panic!("handler failed: {MARKER}")
    }

    async fn upload(body: Bytes) -> String {
        format!("received {} bytes", body.len())
    }
}
