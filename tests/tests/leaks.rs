//! Nothing internal leaks: a marker planted in a source error's `Display`
//! and `Debug`, in a panic message and in a rejected request body reaches no
//! response of any kind (serde output, axum, actix-web, the service-wide
//! layer and middleware, both example services), while the `tracing` output
//! has it, for the people who run the service.

// Both example services include their shared module; here it is loaded twice.
#![allow(clippy::duplicate_mod)]

use std::fmt;
use std::io::Write as _;

use actix_web::{App, HttpResponse, web};
use axum::Router;
use axum::response::IntoResponse as _;
use axum::routing::{get, post};
use cce_errors::CceError;
use tower::ServiceExt as _;

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/actix_service.rs"]
mod actix_service;

const MARKER: &str = "LEAK-MARKER-5c1e";

/// An internal error whose every rendering carries the marker.
struct Secret;

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "etcd at 10.0.0.7 refused: {MARKER}")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({MARKER})")
    }
}

impl std::error::Error for Secret {}

#[derive(Debug, CceError)]
enum ServiceError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source] Secret),
    #[cce(code = "CCE.02500001", detail = "while saving cluster {cluster}")]
    Save {
        cluster: String,
        #[source]
        cause: Secret,
    },
    #[cce(code = "CCE.03500001")]
    Boxed(#[from] Box<dyn std::error::Error + Send + Sync>),
}

fn errors() -> Vec<ServiceError> {
    vec![
        ServiceError::Storage(Secret),
        ServiceError::Save {
            cluster: "c-1".into(),
            cause: Secret,
        },
        ServiceError::from(Box::<dyn std::error::Error + Send + Sync>::from(Secret)),
    ]
}

#[track_caller]
fn assert_clean(what: &str, bytes: &[u8]) {
    assert!(
        !String::from_utf8_lossy(bytes).contains(MARKER),
        "{what} leaks the marker: {}",
        String::from_utf8_lossy(bytes)
    );
}

fn headers_text<'a>(headers: impl Iterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut text = Vec::new();
    for (name, value) in headers {
        let _ = writeln!(text, "{name}: {}", String::from_utf8_lossy(value));
    }
    text
}

#[test]
fn the_marker_is_really_in_the_errors() {
    // Otherwise the tests below would prove nothing.
    for error in errors() {
        let chain = std::error::Error::source(&error).unwrap().to_string();
        assert!(chain.contains(MARKER), "{chain}");
        assert!(format!("{error:?}").contains(MARKER));
    }
}

#[test]
fn serde_output_and_bodies_never_carry_a_source() {
    for error in errors() {
        assert_clean("serde_json::to_vec", &serde_json::to_vec(&error).unwrap());
        assert_clean("body_of", &cce_errors::response::body_of(&error));
        assert_clean("to_body", format!("{:?}", error.to_body()).as_bytes());
        assert_clean("Display", error.to_string().as_bytes());
        assert_clean("detail", format!("{:?}", error.detail()).as_bytes());
    }
}

#[tokio::test]
async fn axum_and_actix_responses_never_carry_a_source() {
    for error in errors() {
        let (parts, body) = error.into_response().into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        assert_clean("axum body", &body);
        assert_clean(
            "axum headers",
            &headers_text(
                parts
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_bytes())),
            ),
        );
    }
    for error in errors() {
        let response = actix_web::ResponseError::error_response(&error);
        let headers = headers_text(
            response
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_bytes())),
        );
        assert_clean("actix headers", &headers);
        let body = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap();
        assert_clean("actix body", &body);
    }
}

async fn panics() -> &'static str {
    panic!("handler state: {MARKER}")
}

async fn storage_failure() -> Result<&'static str, ServiceError> {
    Err(ServiceError::Storage(Secret))
}

async fn internal_text() -> (http::StatusCode, String) {
    (
        http::StatusCode::INTERNAL_SERVER_ERROR,
        format!("internal: {MARKER}"),
    )
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code, reason = "deserialized only to be rejected")]
struct Create {
    size: u32,
}

async fn create(axum::Json(_): axum::Json<Create>) -> &'static str {
    "created"
}

/// What a client would send to provoke each kind of internal text.
fn provocations() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("GET", "/source", String::new()),
        ("GET", "/panic", String::new()),
        ("GET", "/text", String::new()),
        // serde_json's rejection quotes the offending value.
        ("POST", "/create", format!("{{\"size\": \"{MARKER}\"}}")),
        ("POST", "/create", format!("{{\"size\": 1, {MARKER}")),
    ]
}

#[tokio::test(flavor = "current_thread")]
async fn the_axum_layer_sends_none_of_it_and_logs_it() {
    let log = cce_errors_tests::global_log();
    let router = Router::new()
        .route("/source", get(storage_failure))
        .route("/panic", get(panics))
        .route("/text", get(internal_text))
        .route("/create", post(create))
        .layer(cce_errors::axum::CceLayer::new());
    for (method, path, body) in provocations() {
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert!(response.status().as_u16() >= 400, "{path}");
        let (parts, body) = response.into_parts();
        assert_clean(
            path,
            &headers_text(
                parts
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_bytes())),
            ),
        );
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        assert_clean(path, &body);
        assert!(
            serde_json::from_slice::<cce_errors::ErrorBody<'_>>(&body).is_ok(),
            "{path}: a CCE body"
        );
    }
    let logged = log.text();
    // The source chain, the panic message, the replaced text and the
    // rejection's text are all in the log.
    assert!(logged.matches(MARKER).count() >= 4, "{logged}");
    assert!(
        logged.contains(&format!("handler state: {MARKER}")),
        "{logged}"
    );
    assert!(
        logged.contains(&format!("etcd at 10.0.0.7 refused: {MARKER}")),
        "{logged}"
    );
}

#[test]
fn the_actix_middleware_sends_none_of_it_and_logs_it() {
    let log = cce_errors_tests::global_log();
    {
        actix_web::rt::System::new().block_on(async {
            let app = actix_web::test::init_service(
                App::new()
                    .route("/source", web::get().to(storage_failure_actix))
                    .route("/panic", web::get().to(panics_actix))
                    .route(
                        "/text",
                        web::get().to(|| async {
                            HttpResponse::InternalServerError().body(format!("internal: {MARKER}"))
                        }),
                    )
                    .route("/create", web::post().to(create_actix))
                    .wrap(cce_errors::actix::CceMiddleware::new()),
            )
            .await;
            for (method, path, body) in provocations() {
                let request = actix_web::test::TestRequest::default()
                    .method(method.parse().unwrap())
                    .uri(path)
                    .insert_header(("content-type", "application/json"))
                    .set_payload(body)
                    .to_request();
                let response = match actix_web::test::try_call_service(&app, request).await {
                    Ok(response) => response.into_parts().1.map_into_boxed_body(),
                    Err(error) => error.error_response(),
                };
                assert!(response.status().as_u16() >= 400, "{path}");
                assert_clean(
                    path,
                    &headers_text(
                        response
                            .headers()
                            .iter()
                            .map(|(n, v)| (n.as_str(), v.as_bytes())),
                    ),
                );
                let body = actix_web::body::to_bytes(response.into_body())
                    .await
                    .unwrap();
                assert_clean(path, &body);
                assert!(
                    serde_json::from_slice::<cce_errors::ErrorBody<'_>>(&body).is_ok(),
                    "{path}: a CCE body"
                );
            }
        });
    }
    let logged = log.text();
    assert!(
        logged.contains(&format!("handler state: {MARKER}")),
        "{logged}"
    );
    assert!(
        logged.contains(&format!("etcd at 10.0.0.7 refused: {MARKER}")),
        "{logged}"
    );
    assert!(logged.contains(&format!("internal: {MARKER}")), "{logged}");
}

async fn storage_failure_actix() -> Result<HttpResponse, ServiceError> {
    Err(ServiceError::Storage(Secret))
}

async fn panics_actix() -> HttpResponse {
    panic!("handler state: {MARKER}")
}

async fn create_actix(_: web::Json<Create>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// The example services: malformed and rejected create bodies carrying the
/// marker, with and without credentials, never come back.
#[tokio::test]
async fn the_example_services_never_echo_a_rejected_body() {
    let bodies = [
        format!("{{\"kind\": \"{MARKER}\"}}"),
        format!(
            "{{\"kind\": \"Cluster\", \"apiVersion\": \"v3\", \"metadata\": {{\"name\": \"{MARKER}\"}}}}"
        ),
        format!(
            "{{\"kind\": \"Cluster\", \"apiVersion\": \"v3\", \"metadata\": {{\"name\": 5}}, \"{MARKER}\": 1}}"
        ),
        format!("not json {MARKER}"),
        format!("[\"{MARKER}\"]"),
        MARKER.repeat(20_000),
    ];
    let axum_base = {
        let router = cluster_service::app(cluster_service::routes(
            cluster_service::common::Store::default(),
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        format!("http://{address}")
    };
    let actix_base = {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let store = actix_service::common::Store::default();
                let server = actix_web::HttpServer::new(move || {
                    App::new()
                        .configure(actix_service::configure(store.clone()))
                        .wrap(cce_errors::actix::CceMiddleware::new())
                })
                .workers(1)
                .bind("127.0.0.1:0")
                .unwrap();
                sender.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        format!("http://{}", receiver.recv().unwrap())
    };
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    for base in [axum_base, actix_base] {
        for body in &bodies {
            for credentials in [true, false] {
                for content_type in ["application/json", "text/plain"] {
                    let mut request = client
                        .post(format!("{base}/api/v3/projects/p1/clusters"))
                        .header("content-type", content_type)
                        .body(body.clone());
                    if credentials {
                        request = request.header("x-auth-token", "t");
                    }
                    let response = request.send().await.unwrap();
                    assert!(response.status().as_u16() >= 400, "{base} {body:.40}");
                    let headers = headers_text(
                        response
                            .headers()
                            .iter()
                            .map(|(n, v)| (n.as_str(), v.as_bytes())),
                    );
                    assert_clean(&base, &headers);
                    let bytes = response.bytes().await.unwrap();
                    assert_clean(&base, &bytes);
                    assert!(
                        serde_json::from_slice::<cce_errors::ErrorBody<'_>>(&bytes).is_ok(),
                        "{base}: a CCE body"
                    );
                }
            }
        }
    }
}
