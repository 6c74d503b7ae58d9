//! `CceLayer` on the stacks production axum services run: each tower-http
//! layer (and a user's own request-id layers) inside and outside it, served
//! on loopback and driven by reqwest. An error response keeps its status,
//! code, detail and headers, with a body its `Content-Length` agrees with
//! and exactly one request id; a success is byte for byte what the same
//! stack without `CceLayer` sends. Also: error bodies that stream or never
//! end, and uploads over the limit.

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Request, StatusCode};
use cce_errors::axum::CceLayer;
use cce_errors::response::BodyKeys;
use cce_errors_tests::stack::axum_routes::routes;
use cce_errors_tests::stack::{DETAIL, MARKER, UPLOAD_LIMIT, handler_body};
use reqwest::header::CONTENT_ENCODING;
use serde_json::Value;
use support::serve_axum;
use support::stack::{
    HandlerBodies, address, assert_common, assert_common_with, assert_compatible, assert_kept, cce,
    compatible_cases, exchange, raw, send_then_read, timed,
};
use tower::Layer as _;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::decompression::DecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::normalize_path::NormalizePathLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

// ---------------------------------------------------------------------------
// The matrix

/// `routes()` with `layer` inside `CceLayer`, outside it, and without it.
macro_rules! stacks {
    ($layer:expr) => {{
        let inside = routes().layer($layer).layer(CceLayer::new());
        let outside = routes().layer(CceLayer::new()).layer($layer);
        let plain = routes().layer($layer);
        (inside, outside, plain)
    }};
}

struct Served {
    inside: String,
    outside: String,
    plain: String,
}

async fn serve((inside, outside, plain): (Router, Router, Router)) -> Served {
    Served {
        inside: serve_axum(inside).await,
        outside: serve_axum(outside).await,
        plain: serve_axum(plain).await,
    }
}

async fn assert_both_orders(name: &str, served: &Served) {
    assert_both_orders_with(name, served, HandlerBodies::Readable).await;
}

async fn assert_both_orders_with(name: &str, served: &Served, inside: HandlerBodies) {
    assert_common_with(
        &served.inside,
        &served.plain,
        &format!("{name} inside"),
        inside,
    )
    .await;
    assert_common(&served.outside, &served.plain, &format!("{name} outside")).await;
}

#[tokio::test]
async fn compression_inside_or_outside_keeps_code_detail_and_headers() {
    let served = serve(stacks!(CompressionLayer::new())).await;
    assert_both_orders_with("CompressionLayer", &served, HandlerBodies::Encoded).await;
    // Inside, the CCE body really went through the encoder.
    for encoding in ["gzip", "br", "zstd", "deflate"] {
        let detail = exchange(&served.inside, "/detail", Some(encoding)).await;
        assert_eq!(
            detail.raw.header(CONTENT_ENCODING.as_str()),
            Some(encoding),
            "{encoding}"
        );
        assert_ne!(detail.raw.body, detail.decoded.body, "{encoding}");
    }
}

#[tokio::test]
async fn decompression_trace_cors_and_sensitive_headers_work_in_either_order() {
    assert_both_orders(
        "DecompressionLayer",
        &serve(stacks!(DecompressionLayer::new())).await,
    )
    .await;
    assert_both_orders(
        "TraceLayer",
        &serve(stacks!(TraceLayer::new_for_http())).await,
    )
    .await;
    let cors = serve(stacks!(CorsLayer::permissive())).await;
    assert_both_orders("CorsLayer", &cors).await;
    for base in [&cors.inside, &cors.outside] {
        let detail = exchange(base, "/detail", None).await;
        assert_eq!(
            detail.decoded.header("access-control-allow-origin"),
            Some("*"),
            "CORS headers stay on error responses"
        );
    }
    assert_both_orders(
        "SetSensitiveHeadersLayer",
        &serve(stacks!(SetSensitiveHeadersLayer::new([
            http::header::AUTHORIZATION
        ])))
        .await,
    )
    .await;
    assert_both_orders(
        "DefaultBodyLimit",
        &serve(stacks!(DefaultBodyLimit::max(1024))).await,
    )
    .await;
}

#[tokio::test]
async fn normalize_path_works_in_either_order() {
    // `NormalizePathLayer` must wrap the router to change its routing.
    let wrap = |router: Router| {
        Router::new().fallback_service(NormalizePathLayer::trim_trailing_slash().layer(router))
    };
    let served = serve((
        Router::new().fallback_service(
            CceLayer::new().layer(NormalizePathLayer::trim_trailing_slash().layer(routes())),
        ),
        wrap(routes().layer(CceLayer::new())),
        wrap(routes()),
    ))
    .await;
    assert_both_orders("NormalizePathLayer", &served).await;
    for base in [&served.inside, &served.outside] {
        let detail = exchange(base, "/detail/", None).await;
        assert_kept(
            &detail,
            400,
            &cce("CCE.01400002", "Subnet not found in the VPC.", Some(DETAIL)),
            "a trailing slash",
        );
    }
}

#[derive(Clone)]
struct UserIds;

impl MakeRequestId for UserIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        Some(RequestId::new(HeaderValue::from_static("user-made-id")))
    }
}

#[tokio::test]
async fn a_users_own_request_id_layers_leave_exactly_one_id() {
    let users = |router: Router| {
        router
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(SetRequestIdLayer::x_request_id(UserIds))
    };
    let served = serve((
        users(routes()).layer(CceLayer::new()),
        users(routes().layer(CceLayer::new())),
        users(routes()),
    ))
    .await;
    assert_both_orders("request-id layers", &served).await;
    // Outside, theirs is made first and ours keeps it; inside, ours is
    // made first and theirs keeps it.
    let outside = exchange(&served.outside, "/detail", None).await;
    assert_eq!(outside.decoded.header("x-request-id"), Some("user-made-id"));
    let inside = exchange(&served.inside, "/detail", None).await;
    assert_ne!(inside.decoded.header("x-request-id"), Some("user-made-id"));
    assert_eq!(inside.decoded.ids(), 1);
}

#[tokio::test]
async fn catch_panic_in_either_order_sends_the_cce_500_without_the_message() {
    let served = serve(stacks!(CatchPanicLayer::new())).await;
    assert_both_orders("CatchPanicLayer", &served).await;
    for base in [&served.inside, &served.outside] {
        let panic = exchange(base, "/panic", Some("gzip")).await;
        assert_kept(
            &panic,
            500,
            &cce("CCE.01500001", "Internal error.", None),
            "a panic",
        );
        assert!(!panic.raw.says(MARKER) && !panic.decoded.says(MARKER));
    }
}

#[tokio::test]
async fn timeouts_and_body_limits_belong_inside() {
    let timeout =
        || TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_millis(200));
    let served = serve(stacks!(timeout())).await;
    assert_both_orders("TimeoutLayer", &served).await;
    let inside = exchange(&served.inside, "/slow", None).await;
    assert_kept(
        &inside,
        408,
        &cce(
            "CCE.01500001",
            "Internal error.",
            Some("The request timed out."),
        ),
        "TimeoutLayer inside",
    );
    // Outside, its response never passes through `CceLayer`: the README
    // says to put it inside.
    let outside = exchange(&served.outside, "/slow", None).await;
    assert_eq!(outside.decoded.status, 408);
    assert!(outside.decoded.header("x-cce-error-code").is_none());

    let served = serve(stacks!(RequestBodyLimitLayer::new(1024))).await;
    assert_both_orders("RequestBodyLimitLayer", &served).await;
    let upload = |base: &str| {
        raw()
            .post(format!("{base}/upload"))
            .body(vec![b'x'; 4096])
            .send()
    };
    let inside = upload(&served.inside).await.unwrap();
    assert_eq!(inside.status(), 413);
    assert_eq!(
        inside.json::<Value>().await.unwrap(),
        cce(
            "CCE.01400001",
            "Invalid request.",
            Some("The request body is too large.")
        )
    );
    let outside = upload(&served.outside).await.unwrap();
    assert_eq!(outside.status(), 413);
    assert!(outside.headers().get("x-cce-error-code").is_none());
}

async fn handle_error(_: tower::BoxError) -> (StatusCode, String) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("overloaded {MARKER}"),
    )
}

#[tokio::test]
async fn handle_error_layer_belongs_inside() {
    let fallible = || tower::timeout::TimeoutLayer::new(Duration::from_millis(200));
    let inside = routes()
        .layer(
            tower::ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_error))
                .layer(fallible()),
        )
        .layer(CceLayer::new());
    let plain = routes().layer(
        tower::ServiceBuilder::new()
            .layer(HandleErrorLayer::new(handle_error))
            .layer(fallible()),
    );
    let inside = serve_axum(inside).await;
    let plain = serve_axum(plain).await;
    assert_common(&inside, &plain, "HandleErrorLayer inside").await;
    let slow = exchange(&inside, "/slow", None).await;
    assert_kept(
        &slow,
        503,
        &cce(
            "CCE.01500001",
            "Internal error.",
            Some("The service is temporarily unavailable."),
        ),
        "HandleErrorLayer inside",
    );
    assert!(!slow.raw.says(MARKER));
}

// ---------------------------------------------------------------------------
// Compatibility keys are a setting of the layer

#[tokio::test]
async fn compatibility_keys_are_added_by_the_layer_that_asks_for_them_only() {
    let compat = CceLayer::new().with_body_keys(BodyKeys::Compatible);
    let with_keys = serve_axum(
        routes()
            .layer(compat.clone())
            .layer(CompressionLayer::new()),
    )
    .await;
    let documented_keys = serve_axum(routes().layer(CceLayer::new())).await;
    assert_compatible(&with_keys).await;
    for (path, status, documented) in compatible_cases() {
        let plain = exchange(&documented_keys, path, Some("gzip")).await;
        assert_kept(&plain, status, &documented, path);
    }
    // Serializing an `ErrorBody` in the same process is not changed by it.
    assert_eq!(
        serde_json::to_value(handler_body()).unwrap(),
        cce(
            "CCE.01409001",
            "The resource already exists.",
            Some("cluster demo already exists")
        )
    );
}

// ---------------------------------------------------------------------------
// Bodies that stream, stall or never end

#[tokio::test]
async fn endless_and_stalled_error_bodies_do_not_hold_the_head_back() {
    for (name, encoded, app) in [
        ("plain", false, routes().layer(CceLayer::new())),
        (
            "compression inside",
            true,
            routes()
                .layer(CompressionLayer::new())
                .layer(CceLayer::new()),
        ),
    ] {
        let base = serve_axum(app).await;
        // An event stream answered with 503 is not read at all.
        let (head, sse) = timed(format!("{base}/sse-503")).await;
        assert_eq!(sse.status, 503, "{name}");
        assert_eq!(
            sse.json(),
            cce(
                "CCE.01500001",
                "Internal error.",
                Some("The service is temporarily unavailable.")
            ),
            "{name}"
        );
        assert!(head < Duration::from_secs(1), "{name}: head after {head:?}");
        // A JSON body that never ends is read for 250 ms at most; encoded
        // by a compression layer inside, not at all.
        let (head, stalled) = timed(format!("{base}/slow-502")).await;
        assert_eq!(stalled.status, 502, "{name}");
        assert_eq!(
            stalled.json(),
            cce("CCE.01500001", "Internal error.", None),
            "{name}"
        );
        let waited = if encoded {
            Duration::ZERO..Duration::from_millis(200)
        } else {
            Duration::from_millis(240)..Duration::from_secs(3)
        };
        assert!(waited.contains(&head), "{name}: head after {head:?}");
        // A CCE body that arrives in pieces within the bound is kept (when
        // it can be read); the bound set far above the 50 ms between them,
        // for a loaded machine.
        let patient = CceLayer::new().with_inspection_limits(64 * 1024, Duration::from_secs(2));
        let patient = if encoded {
            routes().layer(CompressionLayer::new()).layer(patient)
        } else {
            routes().layer(patient)
        };
        let patient = serve_axum(patient).await;
        let (_, slow) = timed(format!("{patient}/slow-cce")).await;
        assert_eq!(slow.status, 502, "{name}");
        let detail = (!encoded).then_some("the upstream answered slowly");
        assert_eq!(
            slow.json(),
            cce("CCE.01500001", "Internal error.", detail),
            "{name}"
        );
    }
}

#[tokio::test]
async fn inspection_limits_are_a_setting_of_the_layer() {
    // With no wait, even the CCE body in two pieces is replaced at once; with
    // 16 bytes, every JSON body is too long.
    let impatient = serve_axum(
        routes().layer(CceLayer::new().with_inspection_limits(64 * 1024, Duration::ZERO)),
    )
    .await;
    let (head, slow) = timed(format!("{impatient}/slow-cce")).await;
    assert_eq!(slow.json(), cce("CCE.01500001", "Internal error.", None));
    // Not the 250 ms the default waits (with room for a loaded machine).
    assert!(head < Duration::from_millis(240), "{head:?}");
    let short = serve_axum(
        routes().layer(CceLayer::new().with_inspection_limits(16, Duration::from_secs(1))),
    )
    .await;
    let handler = exchange(&short, "/handler-cce", None).await;
    assert_kept(
        &handler,
        409,
        &cce("CCE.01409001", "The resource already exists.", None),
        "16-byte limit",
    );
    // A marked response longer than the limit is passed as it is: its mark
    // is trusted.
    let detail = exchange(&short, "/detail", None).await;
    assert_kept(
        &detail,
        400,
        &cce("CCE.01400002", "Subnet not found in the VPC.", Some(DETAIL)),
        "16-byte limit",
    );
}

// ---------------------------------------------------------------------------
// Uploads over the limit

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sends_its_whole_upload_first_reads_the_413() {
    let base = serve_axum(routes().layer(CceLayer::new())).await;
    let length = 64 * 1024 * 1024;
    let answer = tokio::task::spawn_blocking({
        let base = base.clone();
        move || send_then_read(&base, "/upload", length, "")
    })
    .await
    .unwrap()
    .expect("the whole body is accepted, then the answer read");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("x-cce-error-code: CCE.01400001"),
        "{answer}"
    );
    assert!(
        answer.contains("The request body is too large."),
        "{answer}"
    );
    // Under the limit, the handler reads it all.
    let small =
        tokio::task::spawn_blocking(move || send_then_read(&base, "/upload", UPLOAD_LIMIT, ""))
            .await
            .unwrap()
            .unwrap();
    assert!(small.starts_with("HTTP/1.1 200"), "{small}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drain_is_bounded_and_can_be_turned_off() {
    const UPLOAD: usize = 64 * 1024 * 1024;
    // At most 1 MiB drained: the 64 MiB upload is cut short, far before its
    // end (what the sockets' buffers hold aside).
    let bounded = serve_axum(
        routes().layer(CceLayer::new().with_request_drain(1024 * 1024, Duration::from_secs(10))),
    )
    .await;
    let cut = tokio::task::spawn_blocking(move || send_then_read(&bounded, "/upload", UPLOAD, ""))
        .await
        .unwrap()
        .expect_err("a 1 MiB drain does not take 64 MiB");
    assert!(cut.sent < UPLOAD / 2, "{cut:?}");
    // Off: the connection closes at once, as without the layer.
    let off =
        serve_axum(routes().layer(CceLayer::new().with_request_drain(0, Duration::ZERO))).await;
    let cut = tokio::task::spawn_blocking(move || send_then_read(&off, "/upload", UPLOAD, ""))
        .await
        .unwrap()
        .expect_err("without a drain the client meets a closed connection");
    assert!(cut.sent < UPLOAD / 2, "{cut:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_waiting_for_100_continue_is_answered_and_released_at_once() {
    let base = serve_axum(routes().layer(CceLayer::new())).await;
    let answer = tokio::task::spawn_blocking(move || -> std::io::Result<(String, Duration)> {
        let mut socket = TcpStream::connect(address(&base))?;
        socket.set_read_timeout(Some(Duration::from_secs(10)))?;
        // `/detail` takes GET: the POST is refused without reading the body,
        // which the client, waiting for `100 Continue`, has not sent.
        write!(
            socket,
            "POST /detail HTTP/1.1\r\nhost: test\r\ncontent-length: 100000000\r\nexpect: 100-continue\r\n\r\n"
        )?;
        let started = Instant::now();
        let mut answer = Vec::new();
        let _ = socket.read_to_end(&mut answer);
        Ok((String::from_utf8_lossy(&answer).into_owned(), started.elapsed()))
    })
    .await
    .unwrap()
    .unwrap();
    let (answer, took) = answer;
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    assert!(!answer.contains("100 Continue"), "{answer}");
    assert!(took < Duration::from_secs(3), "held for {took:?}");
}

/// A derived error's body, marked, streamed with its length, longer than
/// the layer reads.
async fn long_marked() -> axum::response::Response {
    let body = cce_errors_tests::stack::long_marked_body();
    let length = body.len();
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = body
        .into_bytes()
        .chunks(10_000)
        .map(|chunk| Ok(axum::body::Bytes::copy_from_slice(chunk)))
        .collect();
    axum::response::Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header("content-type", "application/json")
        .header("content-length", length)
        .header("x-cce-error-code", "CCE.01500001")
        .body(axum::body::Body::from_stream(futures_util::stream::iter(
            chunks,
        )))
        .expect("a response")
}

#[tokio::test]
async fn bodies_that_are_not_read_or_read_in_part_are_sent_whole_with_their_length() {
    let expected: Value =
        serde_json::from_str(&cce_errors_tests::stack::long_marked_body()).expect("JSON");
    let detail = cce("CCE.01400002", "Subnet not found in the VPC.", Some(DETAIL));
    for (layer, name) in [
        (CceLayer::new(), "default limits"),
        (
            CceLayer::new().with_inspection_limits(0, Duration::ZERO),
            "nothing read",
        ),
        (
            CceLayer::new().with_inspection_limits(1, Duration::from_secs(1)),
            "one byte read",
        ),
    ] {
        let base = serve_axum(
            routes()
                .route("/long-marked", axum::routing::get(long_marked))
                .layer(layer),
        )
        .await;
        let long = tokio::time::timeout(
            Duration::from_secs(10),
            exchange(&base, "/long-marked", None),
        )
        .await
        .unwrap_or_else(|_| panic!("{name}: the body ends"));
        assert_kept(&long, 500, &expected, name);
        let seen = exchange(&base, "/detail", None).await;
        assert_kept(&seen, 400, &detail, name);
    }
}

#[tokio::test]
async fn the_request_id_a_handler_sets_is_replaced_by_the_requests() {
    let app = routes()
        .route(
            "/own-id",
            axum::routing::get(|| async {
                (
                    StatusCode::CONFLICT,
                    [("x-request-id", "handler-made")],
                    axum::Json(handler_body()),
                )
            }),
        )
        .layer(CceLayer::new().with_openstack_request_id());
    let base = serve_axum(app).await;
    for path in ["/own-id", "/detail", "/ok"] {
        let seen = raw()
            .get(format!("{base}{path}"))
            .header("x-request-id", "req-42")
            .send()
            .await
            .expect("an answer");
        let ids: Vec<_> = seen.headers().get_all("x-request-id").iter().collect();
        assert_eq!(ids, ["req-42"], "{path}");
        assert_eq!(
            seen.headers()
                .get("x-openstack-request-id")
                .map(HeaderValue::as_bytes),
            Some(&b"req-42"[..]),
            "{path}"
        );
    }
}

#[test]
fn without_tokios_timer_nothing_is_waited_for_and_nothing_breaks() {
    // A runtime without the time driver (nor IO: the service is called
    // directly).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let app = routes().layer(CceLayer::new());
        for (path, status, body) in [
            // A JSON body that never ends: replaced at once.
            (
                "/slow-502",
                502,
                cce("CCE.01500001", "Internal error.", None),
            ),
            (
                "/detail",
                400,
                cce("CCE.01400002", "Subnet not found in the VPC.", Some(DETAIL)),
            ),
            (
                "/handler-cce",
                409,
                cce(
                    "CCE.01409001",
                    "The resource already exists.",
                    Some("cluster demo already exists"),
                ),
            ),
        ] {
            let request = Request::get(path).body(axum::body::Body::empty()).unwrap();
            let response = tower::ServiceExt::oneshot(app.clone(), request)
                .await
                .expect("an answer");
            assert_eq!(response.status().as_u16(), status, "{path}");
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            let json: Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(json, body, "{path}");
        }
        // A request body the handler leaves unread (over the limit): the
        // drain cannot be timed, and is not run.
        let request = Request::post("/upload")
            .body(axum::body::Body::from(vec![0u8; UPLOAD_LIMIT + 1]))
            .unwrap();
        let response = tower::ServiceExt::oneshot(app, request)
            .await
            .expect("an answer");
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    });
}
