//! The actix-web integration end to end: the example service behind a real
//! `HttpServer` on loopback, spoken to by a real HTTP client. Every response
//! a client can provoke, written by a handler or not, is a CCE body with a
//! request id; plus a derived type's `ResponseError` on its own, its parity
//! with axum, and what gets logged.

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/actix_service.rs"]
mod actix_service;

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use std::io;
use std::time::{Duration, Instant};

use actix_service::BODY_LIMIT;
use actix_service::common::Store;
use actix_web::dev::{ServerHandle, ServiceResponse};
use actix_web::error::{ErrorBadRequest, ErrorForbidden, ErrorInternalServerError};
use actix_web::{App, HttpMessage as _, HttpRequest, HttpResponse, HttpServer, web};
use cce_errors::CceError;
use cce_errors::actix::{CceMiddleware, RequestId};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};
use support::{Reply, cce_body, client, create_body, send};

/// Text planted in requests and in internal errors, which must never reach
/// a client.
const MARKER: &str = "Zq9MARKERx7f3a";

const PROJECT: &str = "p1";

// ---------------------------------------------------------------------------
// A real server and a real client.

/// An actix-web server on a loopback port, stopped when dropped.
struct Server {
    base: String,
    handle: ServerHandle,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Sending the command is enough; nobody waits for the workers.
        std::mem::drop(self.handle.stop(false));
    }
}

/// Starts `App::new().configure(routes).wrap(CceMiddleware::new())` with one
/// worker, so that a panic that killed a worker would show.
fn serve<F>(routes: F) -> Server
where
    F: Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
{
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let system = actix_web::rt::System::new();
        let server = HttpServer::new(move || {
            App::new()
                .configure(routes.clone())
                .wrap(CceMiddleware::new())
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .expect("bind a loopback port");
        let address = server.addrs()[0];
        let server = server.run();
        sender
            .send((address, server.handle()))
            .expect("the test waits for the address");
        system.block_on(server).expect("the server runs");
    });
    let (address, handle) = receiver.recv().expect("the server starts");
    Server {
        base: format!("http://{address}"),
        handle,
    }
}

/// The example service with a store whose clusters are `Creating` for
/// `creating_for`, plus the test routes of [`test_routes`].
fn serve_example(creating_for: Duration) -> Server {
    let store = Store::new(creating_for);
    serve(move |config| {
        actix_service::configure(store.clone())(config);
        test_routes(config);
    })
}

/// What an actix-web test reads of a reply.
impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|value| value.to_str().expect("a visible ASCII header"))
    }

    /// The one `X-Request-Id` of the response.
    fn request_id(&self) -> &str {
        let values: Vec<_> = self.headers.get_all("x-request-id").iter().collect();
        assert_eq!(values.len(), 1, "one X-Request-Id: {:?}", self.headers);
        let id = values[0].to_str().expect("a visible ASCII request id");
        assert!(!id.is_empty(), "an empty X-Request-Id");
        id
    }

    /// Asserts a CCE error response: the status, `content-type:
    /// application/json`, a request id and exactly this body.
    #[track_caller]
    fn assert_cce(&self, status: u16, code: &str, detail: Option<&str>) {
        assert_eq!(self.status, status, "{:?}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{status} {code}"
        );
        self.request_id();
        assert_eq!(self.json(), cce(code, detail), "{status} {code}");
    }
}

/// The body of a CCE error, with the message of its table row.
fn cce(code: &str, detail: Option<&str>) -> Value {
    let message = match code {
        "CCE.01400001" => "Invalid request.",
        "CCE.01400006" => "Content type not supported.",
        "CCE.01401001" => "Authorization failed.",
        "CCE.01403001" => "Forbidden.",
        "CCE.01404001" => "Resource not found.",
        "CCE.01409001" => "The resource already exists.",
        "CCE.01429002" => "Resource locked by other requests.",
        "CCE.02429001" => "The throttling threshold has been reached.",
        "CCE.01500001" => "Internal error.",
        other => panic!("no message for {other} in this test"),
    };
    cce_body(code, message, detail)
}

fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            14 => c == '4',
            _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
        })
}

fn clusters_url(server: &Server, project: &str) -> String {
    format!("{}/api/v3/projects/{project}/clusters", server.base)
}

fn cluster_url(server: &Server, project: &str, id: &str) -> String {
    format!("{}/api/v3/projects/{project}/clusters/{id}", server.base)
}

/// Creates a cluster named `name` in `project`; returns its uid.
async fn create(client: &reqwest::Client, server: &Server, project: &str, name: &str) -> String {
    let reply = send(
        client
            .post(clusters_url(server, project))
            .header("x-auth-token", "token")
            .json(&create_body(name)),
    )
    .await;
    assert_eq!(reply.status, 201, "{:?}", reply.text());
    reply.json()["metadata"]["uid"]
        .as_str()
        .expect("a uid")
        .to_owned()
}

// ---------------------------------------------------------------------------
// Routes of the tests, next to the example's.

#[derive(Debug, serde::Deserialize)]
struct Probe {
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    count: u32,
}

/// A derived error of the tests' own, to see it pass through untouched.
#[derive(Debug, CceError)]
enum RouteError {
    #[cce(code = "CCE.01400001", detail = "the derived detail survives")]
    Invalid,
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        retry_after: u64,
    },
}

fn test_routes(config: &mut web::ServiceConfig) {
    config
        .route("/test/panic", web::get().to(panic_now))
        .route("/test/panic-later", web::get().to(panic_later))
        .service(
            web::resource("/test/json")
                .app_data(web::JsonConfig::default().limit(64))
                .route(web::post().to(|_: web::Json<Probe>| async { HttpResponse::Ok().finish() })),
        )
        .route(
            "/test/number/{n}",
            web::get().to(|n: web::Path<u32>| async move { n.to_string() }),
        )
        .route(
            "/test/query",
            web::get().to(|_: web::Query<Probe>| async { HttpResponse::Ok().finish() }),
        )
        .route(
            "/test/error-bad-request",
            web::get().to(|| async {
                Err::<HttpResponse, _>(ErrorBadRequest(format!("internal text {MARKER}")))
            }),
        )
        .route(
            "/test/error-internal",
            web::get().to(|| async {
                Err::<HttpResponse, _>(ErrorInternalServerError(format!("db password {MARKER}")))
            }),
        )
        .route(
            "/test/plain-bad-request",
            web::get().to(|| async {
                HttpResponse::BadRequest()
                    .content_type("text/plain")
                    .body(MARKER)
            }),
        )
        .route(
            "/test/plain-unavailable",
            web::get().to(|| async {
                HttpResponse::ServiceUnavailable()
                    .insert_header(("retry-after", "7"))
                    .insert_header(("x-custom", "kept"))
                    .content_type("text/html")
                    .body(format!("<html>{MARKER}</html>"))
            }),
        )
        .route(
            "/test/teapot",
            web::get().to(|| async { HttpResponse::ImATeapot().body(MARKER) }),
        )
        .route(
            "/test/ok-text",
            web::get().to(|| async { HttpResponse::Ok().content_type("text/plain").body("hello") }),
        )
        .route(
            "/test/derived",
            web::get().to(|| async { Err::<HttpResponse, _>(RouteError::Invalid) }),
        )
        .route(
            "/test/derived-locked",
            web::get().to(|| async {
                Err::<HttpResponse, _>(RouteError::Locked {
                    cluster_id: "c-1".into(),
                    retry_after: 30,
                })
            }),
        )
        .route(
            "/test/derived-as-actix-error",
            web::get().to(|| async {
                Err::<HttpResponse, _>(actix_web::Error::from(RouteError::Invalid))
            }),
        )
        .route("/test/request-id", web::get().to(echo_request_id))
        .service(
            // An error returned by a middleware, not a response: actix
            // answers it outside the router.
            web::scope("/test/guarded")
                .wrap_fn(|_, _| async {
                    Err::<ServiceResponse, _>(ErrorForbidden(format!("policy {MARKER}")))
                })
                .route("", web::get().to(HttpResponse::Ok)),
        )
        .service(
            web::scope("/test/guarded-derived")
                .wrap_fn(|_, _| async {
                    Err::<ServiceResponse, _>(
                        RouteError::Locked {
                            cluster_id: "c-2".into(),
                            retry_after: 5,
                        }
                        .into(),
                    )
                })
                .route("", web::get().to(HttpResponse::Ok)),
        );
}

async fn panic_now() -> HttpResponse {
    panic!("handler exploded: {MARKER}")
}

async fn panic_later() -> HttpResponse {
    actix_web::rt::time::sleep(Duration::from_millis(1)).await;
    std::panic::panic_any(format!("exploded after an await: {MARKER}"))
}

async fn echo_request_id(request: HttpRequest) -> HttpResponse {
    let headers: Vec<String> = request
        .headers()
        .get_all("x-request-id")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    let extension = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone());
    HttpResponse::Ok().json(json!({"headers": headers, "extension": extension}))
}

// ---------------------------------------------------------------------------
// 1. The routes' success responses.

#[tokio::test]
async fn create_list_show_and_delete_a_cluster() {
    let creating_for = Duration::from_secs(1);
    let server = serve_example(creating_for);
    let client = client();
    let started = Instant::now();

    let reply = send(
        client
            .post(clusters_url(&server, PROJECT))
            .header("authorization", "Bearer token")
            .json(&create_body("prod-1")),
    )
    .await;
    assert_eq!(reply.status, 201, "{:?}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    reply.request_id();
    let uid = reply.json()["metadata"]["uid"]
        .as_str()
        .expect("a uid")
        .to_owned();
    assert!(!uid.is_empty());
    let cluster = |phase: &str| {
        json!({
            "kind": "Cluster",
            "apiVersion": "v3",
            "metadata": {"uid": uid, "name": "prod-1"},
            "spec": {
                "flavor": "cce.s1.small",
                "hostNetwork": {"vpc": "vpc-01", "subnet": "subnet-01"},
            },
            "status": {"phase": phase},
        })
    };
    assert_eq!(reply.json(), cluster("Creating"));

    let list = send(
        client
            .get(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t"),
    )
    .await;
    assert_eq!(list.status, 200);
    assert_eq!(list.header("content-type"), Some("application/json"));
    list.request_id();
    assert_eq!(
        list.json(),
        json!({"kind": "Cluster", "apiVersion": "v3", "items": [cluster("Creating")]})
    );
    let other = send(
        client
            .get(clusters_url(&server, "p2"))
            .header("x-auth-token", "t"),
    )
    .await;
    assert_eq!(
        other.json(),
        json!({"kind": "Cluster", "apiVersion": "v3", "items": []})
    );

    let url = cluster_url(&server, PROJECT, &uid);
    let shown = send(client.get(&url).header("x-auth-token", "t")).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.header("content-type"), Some("application/json"));
    shown.request_id();
    assert_eq!(shown.json(), cluster("Creating"));

    tokio::time::sleep(creating_for.saturating_sub(started.elapsed()) + Duration::from_millis(50))
        .await;
    let shown = send(client.get(&url).header("x-auth-token", "t")).await;
    assert_eq!(shown.json(), cluster("Available"));

    let deleted = send(client.delete(&url).header("x-auth-token", "t")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.text());
    assert_eq!(deleted.header("content-type"), Some("application/json"));
    deleted.request_id();
    assert_eq!(deleted.json(), cluster("Deleting"));

    let gone = send(client.get(&url).header("x-auth-token", "t")).await;
    let detail = format!("cluster {uid} does not exist in project {PROJECT}");
    gone.assert_cce(404, "CCE.01404001", Some(&detail));
    let list = send(
        client
            .get(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t"),
    )
    .await;
    assert_eq!(list.json()["items"], json!([]));
}

// ---------------------------------------------------------------------------
// 2. The routes' error responses.

#[tokio::test]
async fn requests_without_credentials_get_401_on_every_route() {
    let server = serve_example(Duration::from_secs(10));
    let client = client();
    let uid = create(&client, &server, PROJECT, "prod-1").await;
    let detail = "the request has neither an Authorization nor an X-Auth-Token header";
    let requests = [
        client.get(clusters_url(&server, PROJECT)),
        client
            .post(clusters_url(&server, PROJECT))
            .json(&create_body("sneaky")),
        client.get(cluster_url(&server, PROJECT, &uid)),
        client.delete(cluster_url(&server, PROJECT, &uid)),
        // Other headers are no credentials.
        client
            .get(clusters_url(&server, PROJECT))
            .header("cookie", "session=1")
            .header("x-auth", "t"),
    ];
    for request in requests {
        send(request)
            .await
            .assert_cce(401, "CCE.01401001", Some(detail));
    }
    // Nothing was created or deleted.
    let list = send(
        client
            .get(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t"),
    )
    .await;
    let items = list.json()["items"].clone();
    assert_eq!(items.as_array().map(Vec::len), Some(1), "{items}");
    assert_eq!(items[0]["metadata"]["name"], "prod-1");
}

#[tokio::test]
async fn an_unknown_cluster_gets_404_naming_it() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let uid = create(&client, &server, PROJECT, "prod-1").await;
    for (project, id) in [(PROJECT, "nope-7f3a"), ("p2", uid.as_str())] {
        let detail = format!("cluster {id} does not exist in project {project}");
        let url = cluster_url(&server, project, id);
        send(client.get(&url).header("x-auth-token", "t"))
            .await
            .assert_cce(404, "CCE.01404001", Some(&detail));
        send(client.delete(&url).header("x-auth-token", "t"))
            .await
            .assert_cce(404, "CCE.01404001", Some(&detail));
    }
}

#[tokio::test]
async fn malformed_create_bodies_get_400_saying_what_is_wrong_without_their_values() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let with = |pointer: &str, value: Value| {
        let mut body = create_body("prod-1");
        *body.pointer_mut(pointer).expect("a field of the body") = value;
        serde_json::to_vec(&body).expect("JSON")
    };
    let not_json = |body: &[u8]| {
        let error = serde_json::from_slice::<Value>(body).expect_err("not JSON");
        format!(
            "the body is not valid JSON (line {}, column {})",
            error.line(),
            error.column()
        )
    };
    let bad_name = "metadata.name must be 1 to 56 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";
    let cases: Vec<(Vec<u8>, String)> = vec![
        (
            format!("{{\"kind\": {MARKER}}}").into_bytes(),
            String::new(),
        ),
        (
            format!("{{\"kind\": \"Cluster\", \"metadata\": {{\"name\": \"{MARKER}\"").into_bytes(),
            String::new(),
        ),
        (Vec::new(), String::new()),
        (
            format!("[\"{MARKER}\"]").into_bytes(),
            "the body must be a JSON object".into(),
        ),
        (
            format!("\"{MARKER}\"").into_bytes(),
            "the body must be a JSON object".into(),
        ),
        (
            with("/metadata", json!({"labels": {"team": MARKER}})),
            "metadata.name is required".into(),
        ),
        (
            with("/metadata/name", json!([MARKER])),
            "metadata.name must be a string".into(),
        ),
        (
            with("/kind", json!({"value": MARKER})),
            "kind must be a string".into(),
        ),
        (with("/metadata/name", json!(MARKER)), bad_name.into()),
        (
            with(
                "/metadata/name",
                json!(format!("a{MARKER}-").to_lowercase()),
            ),
            bad_name.into(),
        ),
        (
            with("/metadata/name", json!("")),
            "metadata.name must not be empty".into(),
        ),
        (
            with("/kind", json!(MARKER)),
            "kind must be \"Cluster\"".into(),
        ),
        (
            with("/apiVersion", json!(MARKER)),
            "apiVersion must be \"v3\"".into(),
        ),
        (
            with("/spec/hostNetwork", json!({"vpc": MARKER})),
            "spec.hostNetwork.subnet is required".into(),
        ),
    ];
    for (body, detail) in cases {
        let detail = if detail.is_empty() {
            not_json(&body)
        } else {
            detail
        };
        let reply = send(
            client
                .post(clusters_url(&server, PROJECT))
                .header("x-auth-token", "t")
                .header("content-type", "application/json")
                .body(body.clone()),
        )
        .await;
        reply.assert_cce(400, "CCE.01400001", Some(&detail));
        for marker in [MARKER, &MARKER.to_lowercase()] {
            assert!(
                !reply.contains(marker),
                "{marker} sent back for {:?}: {:?} {:?}",
                String::from_utf8_lossy(&body),
                reply.headers,
                reply.text()
            );
        }
    }
}

#[tokio::test]
async fn a_create_body_that_is_not_json_by_its_content_type_gets_400_cce_01400006() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let body = serde_json::to_vec(&create_body("prod-1")).expect("JSON");
    let detail = "send the body with Content-Type: application/json";
    for content_type in [Some("text/plain"), Some("application/jsonx"), None] {
        let mut request = client
            .post(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t")
            .body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        send(request)
            .await
            .assert_cce(400, "CCE.01400006", Some(detail));
    }
    for (content_type, name) in [
        ("application/json; charset=utf-8", "prod-1"),
        ("Application/JSON", "prod-2"),
    ] {
        let reply = send(
            client
                .post(clusters_url(&server, PROJECT))
                .header("x-auth-token", "t")
                .header("content-type", content_type)
                .body(serde_json::to_vec(&create_body(name)).expect("JSON")),
        )
        .await;
        assert_eq!(reply.status, 201, "{content_type}: {:?}", reply.text());
    }
}

#[tokio::test]
async fn a_duplicate_name_gets_409() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    create(&client, &server, PROJECT, "prod-1").await;
    let reply = send(
        client
            .post(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t")
            .json(&create_body("prod-1")),
    )
    .await;
    reply.assert_cce(
        409,
        "CCE.01409001",
        Some("project p1 already has a cluster named prod-1"),
    );
    // The name is taken per project.
    create(&client, &server, "p2", "prod-1").await;
}

#[tokio::test]
async fn deleting_a_cluster_still_being_created_gets_429_with_retry_after_rounded_up() {
    let creating_for = Duration::from_millis(2500);
    let server = serve_example(creating_for);
    let client = client();
    let started = Instant::now();
    let uid = create(&client, &server, PROJECT, "prod-1").await;
    let url = cluster_url(&server, PROJECT, &uid);
    let reply = send(client.delete(&url).header("x-auth-token", "t")).await;
    let elapsed = started.elapsed();
    let detail = format!("cluster {uid} is still being created; delete it when it is Available");
    reply.assert_cce(429, "CCE.01429002", Some(&detail));
    let retry_after = reply.header("retry-after").expect("a Retry-After header");
    assert!(
        !retry_after.is_empty() && retry_after.bytes().all(|b| b.is_ascii_digit()),
        "Retry-After is not an integer of seconds: {retry_after:?}"
    );
    let seconds: u64 = retry_after.parse().expect("an integer");
    // What was left of the creating time, rounded up: 3 unless the machine
    // took over half a second for two requests.
    let least = cce_errors::response::retry_after_seconds(creating_for.saturating_sub(elapsed));
    assert!(
        (least..=3).contains(&seconds),
        "Retry-After {seconds} not in {least}..=3"
    );
    assert_eq!(reply.headers.get_all("retry-after").iter().count(), 1);
    // The cluster is still there.
    let shown = send(client.get(&url).header("x-auth-token", "t")).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json()["status"]["phase"], "Creating");
}

// ---------------------------------------------------------------------------
// 3. Errors no handler wrote.

#[tokio::test]
async fn an_unmatched_route_gets_404_cce_body() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let detail = Some("No resource or route matches the request.");
    for path in [
        "/",
        "/api/v3/nothing",
        "/api/v3/projects/p1",
        "/api/v3/projects/p1/clusters/c/nodes",
    ] {
        let reply = send(
            client
                .get(format!("{}{path}", server.base))
                .header("x-auth-token", "t"),
        )
        .await;
        reply.assert_cce(404, "CCE.01404001", detail);
    }
    let reply = send(
        client
            .post(format!("{}/api/v3/nothing", server.base))
            .header("content-type", "text/plain")
            .body(MARKER),
    )
    .await;
    reply.assert_cce(404, "CCE.01404001", detail);
    assert!(!reply.contains(MARKER));
}

#[tokio::test]
async fn a_wrong_method_gets_405_keeping_allow() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let detail = Some("The method is not allowed for this resource.");
    let cases = [
        (
            client.put(cluster_url(&server, PROJECT, "c-1")),
            ["DELETE", "GET"],
        ),
        (
            client.patch(clusters_url(&server, PROJECT)),
            ["GET", "POST"],
        ),
        (
            client.delete(clusters_url(&server, PROJECT)),
            ["GET", "POST"],
        ),
    ];
    for (request, allowed) in cases {
        let reply = send(request.header("x-auth-token", "t")).await;
        reply.assert_cce(405, "CCE.01400001", detail);
        let allow = reply.header("allow").expect("an Allow header");
        let mut methods: Vec<&str> = allow.split(',').map(str::trim).collect();
        methods.sort_unstable();
        assert_eq!(methods, allowed, "Allow: {allow}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_and_one_at_the_limit_is_read() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let mut body = format!("{{\"kind\": \"{MARKER}\"}}").into_bytes();
    body.resize(BODY_LIMIT + 1, b' ');
    let reply = send(
        client
            .post(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t")
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    reply.assert_cce(413, "CCE.01400001", Some("The request body is too large."));
    assert!(!reply.contains(MARKER));

    let mut body = serde_json::to_vec(&create_body("prod-1")).expect("JSON");
    body.resize(BODY_LIMIT, b' ');
    let reply = send(
        client
            .post(clusters_url(&server, PROJECT))
            .header("x-auth-token", "t")
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    assert_eq!(reply.status, 201, "{:?}", reply.text());
}

#[tokio::test]
async fn a_panicking_handler_gets_500_without_its_message_and_the_server_keeps_answering() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    for round in 0..3 {
        for path in ["/test/panic", "/test/panic-later"] {
            let reply = send(
                client
                    .get(format!("{}{path}", server.base))
                    .header("x-request-id", format!("panic-{round}")),
            )
            .await;
            reply.assert_cce(500, "CCE.01500001", None);
            assert_eq!(reply.request_id(), format!("panic-{round}"));
            assert!(!reply.contains(MARKER), "{path}: {:?}", reply.text());
            assert!(!reply.contains("exploded"), "{path}: {:?}", reply.text());
        }
        // The one worker survived and serves the next requests.
        let uid = create(&client, &server, PROJECT, &format!("after-panic-{round}")).await;
        let shown = send(
            client
                .get(cluster_url(&server, PROJECT, &uid))
                .header("x-auth-token", "t"),
        )
        .await;
        assert_eq!(shown.status, 200);
    }
}

#[tokio::test]
async fn extractor_rejections_get_cce_bodies_with_the_status_actix_chose() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let malformed = Some("The request is malformed.");
    let json_url = format!("{}/test/json", server.base);
    let cases = [
        // Not JSON.
        (
            client
                .post(&json_url)
                .header("content-type", "application/json")
                .body(format!("{{\"name\": {MARKER}")),
            400,
            "CCE.01400001",
            malformed,
        ),
        // JSON of the wrong shape; serde's message would quote the value.
        (
            client
                .post(&json_url)
                .header("content-type", "application/json")
                .body(format!("{{\"name\": \"n\", \"count\": \"{MARKER}\"}}")),
            400,
            "CCE.01400001",
            malformed,
        ),
        // Not declared as JSON.
        (
            client
                .post(&json_url)
                .header("content-type", "text/plain")
                .body("{\"name\": \"n\", \"count\": 1}"),
            400,
            "CCE.01400001",
            malformed,
        ),
        // Over the JsonConfig limit.
        (
            client
                .post(&json_url)
                .header("content-type", "application/json")
                .body(format!(
                    "{{\"name\": \"{}\", \"count\": 1}}",
                    MARKER.repeat(8)
                )),
            413,
            "CCE.01400001",
            Some("The request body is too large."),
        ),
        // A path segment that is no u32: actix answers 404.
        (
            client.get(format!("{}/test/number/{MARKER}", server.base)),
            404,
            "CCE.01404001",
            Some("No resource or route matches the request."),
        ),
        // A query that does not deserialize.
        (
            client.get(format!("{}/test/query?name=n&count={MARKER}", server.base)),
            400,
            "CCE.01400001",
            malformed,
        ),
    ];
    for (request, status, code, detail) in cases {
        let reply = send(request).await;
        reply.assert_cce(status, code, detail);
        assert!(!reply.contains(MARKER), "{:?}", reply.text());
    }
    // The same routes with good input answer normally.
    let ok = send(client.get(format!("{}/test/number/42", server.base))).await;
    assert_eq!((ok.status.as_u16(), ok.text().as_str()), (200, "42"));
}

#[tokio::test]
async fn error_responses_without_a_cce_body_are_rewritten_keeping_status_and_headers() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let cases = [
        (
            "/test/error-bad-request",
            400,
            "CCE.01400001",
            Some("The request is malformed."),
        ),
        (
            "/test/plain-bad-request",
            400,
            "CCE.01400001",
            Some("The request is malformed."),
        ),
        ("/test/error-internal", 500, "CCE.01500001", None),
        ("/test/teapot", 418, "CCE.01400001", None),
        (
            "/test/plain-unavailable",
            503,
            "CCE.01500001",
            Some("The service is temporarily unavailable."),
        ),
        ("/test/guarded", 403, "CCE.01403001", None),
    ];
    for (path, status, code, detail) in cases {
        let reply = send(client.get(format!("{}{path}", server.base))).await;
        reply.assert_cce(status, code, detail);
        assert!(!reply.contains(MARKER), "{path}: {:?}", reply.text());
        assert!(!reply.contains("internal text"), "{path}");
        assert_eq!(
            reply.headers.get_all("content-type").iter().count(),
            1,
            "{path}"
        );
    }
    let reply = send(client.get(format!("{}/test/plain-unavailable", server.base))).await;
    assert_eq!(reply.header("retry-after"), Some("7"));
    assert_eq!(reply.header("x-custom"), Some("kept"));
    // A success response is not touched.
    let reply = send(client.get(format!("{}/test/ok-text", server.base))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/plain"));
    assert_eq!(reply.text(), "hello");
    reply.request_id();
}

#[tokio::test]
async fn responses_of_derived_types_pass_through_untouched() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    for path in ["/test/derived", "/test/derived-as-actix-error"] {
        send(client.get(format!("{}{path}", server.base)))
            .await
            .assert_cce(400, "CCE.01400001", Some("the derived detail survives"));
    }
    // The fallback for 429 would be CCE.02429001 without a detail.
    let reply = send(client.get(format!("{}/test/derived-locked", server.base))).await;
    reply.assert_cce(429, "CCE.01429002", Some("cluster c-1 is locked"));
    assert_eq!(reply.header("retry-after"), Some("30"));
    // The same, returned by a middleware instead of a handler.
    let reply = send(client.get(format!("{}/test/guarded-derived", server.base))).await;
    reply.assert_cce(429, "CCE.01429002", Some("cluster c-2 is locked"));
    assert_eq!(reply.header("retry-after"), Some("5"));
}

/// The documented limit of `CceMiddleware`: a request whose header section
/// is over actix-http's limits never reaches any middleware, and actix-http
/// answers it itself (README, "Serving errors over HTTP"). If this changes,
/// the README should say so.
#[tokio::test]
async fn header_sections_over_actix_http_limits_are_answered_by_actix_http_itself() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let url = format!("{}/test/ok-text", server.base);
    let mut many = client.get(&url);
    for i in 0..120 {
        many = many.header(format!("x-header-{i}"), "v");
    }
    let requests = [client.get(&url).header("x-big", "a".repeat(200_000)), many];
    for request in requests {
        let response = request
            .header("x-request-id", "req-431")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 431);
        assert!(response.headers().get("x-request-id").is_none());
        assert!(response.bytes().await.unwrap().is_empty());
    }
}

// ---------------------------------------------------------------------------
// 4. X-Request-Id.

#[tokio::test]
async fn every_response_echoes_a_sane_client_request_id() {
    let server = serve_example(Duration::from_secs(10));
    let client = client();
    let uid = create(&client, &server, PROJECT, "prod-1").await;
    let long: String = (b'!'..=b'~').cycle().take(128).map(char::from).collect();
    assert_eq!(long.len(), 128);
    for id in ["req-42", long.as_str()] {
        let auth = |request: reqwest::RequestBuilder| {
            request
                .header("x-auth-token", "t")
                .header("x-request-id", id)
        };
        let mut oversized = vec![b' '; BODY_LIMIT + 1];
        oversized[0] = b'{';
        let requests = [
            (auth(client.get(clusters_url(&server, PROJECT))), 200),
            (
                auth(client.post(clusters_url(&server, PROJECT))).json(&create_body("prod-1")),
                409,
            ),
            (
                auth(client.delete(cluster_url(&server, PROJECT, &uid))),
                429,
            ),
            (
                client
                    .get(clusters_url(&server, PROJECT))
                    .header("x-request-id", id),
                401,
            ),
            (auth(client.get(format!("{}/nowhere", server.base))), 404),
            (auth(client.put(clusters_url(&server, PROJECT))), 405),
            (
                auth(client.post(clusters_url(&server, PROJECT)))
                    .header("content-type", "application/json")
                    .body(oversized),
                413,
            ),
            (auth(client.get(format!("{}/test/panic", server.base))), 500),
            (
                auth(client.get(format!("{}/test/plain-bad-request", server.base))),
                400,
            ),
            (
                auth(client.get(format!("{}/test/guarded", server.base))),
                403,
            ),
            (
                auth(client.get(format!("{}/test/ok-text", server.base))),
                200,
            ),
        ];
        for (request, status) in requests {
            let reply = send(request).await;
            assert_eq!(reply.status, status, "{:?}", reply.text());
            assert_eq!(reply.request_id(), id, "status {status}");
        }
    }
}

#[tokio::test]
async fn a_missing_request_id_is_generated_unique_and_uuid_shaped() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let mut seen = Vec::new();
    for path in [
        "/test/ok-text",
        "/test/ok-text",
        "/nowhere",
        "/test/panic",
        "/test/guarded",
    ] {
        let reply = send(client.get(format!("{}{path}", server.base))).await;
        let id = reply.request_id().to_owned();
        assert!(is_uuid(&id), "{path}: {id:?}");
        assert!(!seen.contains(&id), "{id} given twice");
        seen.push(id);
    }
}

#[tokio::test]
async fn insane_request_ids_are_replaced_not_echoed() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let too_long = "a".repeat(129);
    let values: Vec<Vec<HeaderValue>> = vec![
        vec![HeaderValue::from_str(&too_long).expect("a header value")],
        vec![HeaderValue::from_static("req 42")],
        vec![HeaderValue::from_static("req\t42")],
        vec![HeaderValue::from_static("")],
        vec![HeaderValue::from_bytes(b"req-\xc3\xa9").expect("obs-text is a header value")],
        vec![
            HeaderValue::from_static("req-a"),
            HeaderValue::from_static("req-b"),
        ],
    ];
    for sent in values {
        let mut headers = HeaderMap::new();
        for value in &sent {
            headers.append("x-request-id", value.clone());
        }
        let reply = send(
            client
                .get(format!("{}/test/request-id", server.base))
                .headers(headers),
        )
        .await;
        assert_eq!(reply.status, 200, "{sent:?}");
        let id = reply.request_id().to_owned();
        assert!(is_uuid(&id), "{sent:?} gave {id:?}");
        assert!(
            sent.iter().all(|value| value.as_bytes() != id.as_bytes()),
            "{sent:?} echoed"
        );
        // The handler saw the new id, once.
        assert_eq!(
            reply.json(),
            json!({"headers": [id], "extension": id}),
            "{sent:?}"
        );
    }
}

#[tokio::test]
async fn a_handler_sees_the_request_id_of_the_response() {
    let server = serve_example(Duration::ZERO);
    let client = client();
    let url = format!("{}/test/request-id", server.base);
    let reply = send(client.get(&url).header("x-request-id", "req-42")).await;
    assert_eq!(reply.request_id(), "req-42");
    assert_eq!(
        reply.json(),
        json!({"headers": ["req-42"], "extension": "req-42"})
    );
    let reply = send(client.get(&url)).await;
    let id = reply.request_id().to_owned();
    assert!(is_uuid(&id), "{id:?}");
    assert_eq!(reply.json(), json!({"headers": [id], "extension": id}));
}

// ---------------------------------------------------------------------------
// 5. A derived type's `ResponseError`, without a server.

#[derive(Debug, CceError)]
enum AddonError {
    #[cce(code = "CCE.03400002", detail = "add-on {addon} has no access key")]
    MissingAccessKey { addon: String },
}

#[derive(Debug, thiserror::Error)]
#[error("etcd write failed")]
struct EtcdError {
    #[source]
    cause: io::Error,
}

#[derive(Debug, CceError)]
enum Sample {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(
        code = "CCE.01400001",
        detail = "field {field} is \"quoted\" \u{2014} ünïcode"
    )]
    Invalid { field: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        retry_after: Duration,
    },
    #[cce(code = "CCE.02429001")]
    Throttled {
        #[cce(retry_after)]
        seconds: u32,
    },
    #[cce(code = "CCE.01429002")]
    MaybeLocked {
        #[cce(retry_after)]
        after: Option<u64>,
    },
    #[cce(code = "CCE.01500001")]
    Storage(#[source] EtcdError),
    #[cce(transparent)]
    Addon(#[from] AddonError),
}

fn storage_error() -> Sample {
    Sample::Storage(EtcdError {
        cause: io::Error::other(format!("disk /var/lib/etcd is full {MARKER}")),
    })
}

/// One value of each kind, made afresh on each call (axum consumes them).
fn samples() -> Vec<Sample> {
    vec![
        Sample::NotFound,
        Sample::Invalid {
            field: "spec.flavor".into(),
        },
        Sample::Locked {
            cluster_id: "c-1".into(),
            retry_after: Duration::from_millis(1500),
        },
        Sample::Locked {
            cluster_id: "c-2".into(),
            retry_after: Duration::from_secs(4),
        },
        Sample::Throttled { seconds: 60 },
        Sample::MaybeLocked { after: Some(9) },
        Sample::MaybeLocked { after: None },
        storage_error(),
        Sample::Addon(AddonError::MissingAccessKey {
            addon: "everest".into(),
        }),
    ]
}

type Headers = Vec<(String, Vec<u8>)>;

/// Header names (lowercase) and values, sorted: actix-web's and axum's
/// header maps are different types, compared through this.
fn sorted_headers<'a>(headers: impl Iterator<Item = (&'a str, &'a [u8])>) -> Headers {
    let mut headers: Headers = headers
        .map(|(name, value)| (name.to_ascii_lowercase(), value.to_vec()))
        .collect();
    headers.sort();
    headers
}

async fn actix_parts(error: &Sample) -> (u16, Headers, Vec<u8>) {
    let response = actix_web::ResponseError::error_response(error);
    let status = response.status().as_u16();
    let headers = sorted_headers(
        response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes())),
    );
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .expect("the body is in memory");
    (status, headers, body.to_vec())
}

async fn axum_parts(error: Sample) -> (u16, Headers, Vec<u8>) {
    let response = axum::response::IntoResponse::into_response(error);
    let status = response.status().as_u16();
    let headers = sorted_headers(
        response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes())),
    );
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("the body is in memory");
    (status, headers, body.to_vec())
}

#[tokio::test]
async fn response_error_of_a_derived_type_has_the_table_status_json_and_exact_bytes() {
    let header = |name: &str, value: &str| (name.to_owned(), value.as_bytes().to_vec());
    let json_only = vec![header("content-type", "application/json")];
    let cases: Vec<(Sample, u16, Headers, &[u8])> = vec![
        (
            Sample::NotFound,
            404,
            json_only.clone(),
            br#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#,
        ),
        (
            Sample::Invalid { field: "spec.flavor".into() },
            400,
            json_only.clone(),
            "{\"errorCode\":\"CCE.01400001\",\"errorMessage\":\"Invalid request.\",\"message\":\"field spec.flavor is \\\"quoted\\\" \u{2014} ünïcode\"}".as_bytes(),
        ),
        (
            Sample::Locked {
                cluster_id: "c-1".into(),
                retry_after: Duration::from_millis(1500),
            },
            429,
            vec![header("content-type", "application/json"), header("retry-after", "2")],
            br#"{"errorCode":"CCE.01429002","errorMessage":"Resource locked by other requests.","message":"cluster c-1 is locked"}"#,
        ),
        (
            Sample::Throttled { seconds: 60 },
            429,
            vec![header("content-type", "application/json"), header("retry-after", "60")],
            br#"{"errorCode":"CCE.02429001","errorMessage":"The throttling threshold has been reached."}"#,
        ),
        (
            Sample::MaybeLocked { after: None },
            429,
            json_only.clone(),
            br#"{"errorCode":"CCE.01429002","errorMessage":"Resource locked by other requests."}"#,
        ),
        (
            storage_error(),
            500,
            json_only.clone(),
            br#"{"errorCode":"CCE.01500001","errorMessage":"Internal error."}"#,
        ),
        (
            Sample::Addon(AddonError::MissingAccessKey { addon: "everest".into() }),
            400,
            json_only,
            br#"{"errorCode":"CCE.03400002","errorMessage":"Missing access key.","message":"add-on everest has no access key"}"#,
        ),
    ];
    for (error, status, mut headers, body) in cases {
        // Every error response carries its code in `X-Cce-Error-Code` too.
        headers.push(header("x-cce-error-code", error.code()));
        headers.sort();
        assert_eq!(
            actix_web::ResponseError::status_code(&error).as_u16(),
            status,
            "{error:?}"
        );
        let (got_status, got_headers, got_body) = actix_parts(&error).await;
        assert_eq!(got_status, status, "{error:?}");
        assert_eq!(got_headers, headers, "{error:?}");
        assert_eq!(
            String::from_utf8_lossy(&got_body),
            String::from_utf8_lossy(body),
            "{error:?}"
        );
        assert_eq!(
            serde_json::from_slice::<Value>(&got_body).expect("JSON"),
            serde_json::to_value(&error).expect("JSON"),
            "{error:?}"
        );
        assert!(!String::from_utf8_lossy(&got_body).contains(MARKER));
    }
}

// ---------------------------------------------------------------------------
// 6. Parity with axum.

#[tokio::test]
async fn actix_and_axum_send_the_same_bytes() {
    for (for_actix, for_axum) in samples().into_iter().zip(samples()) {
        let described = format!("{for_actix:?}");
        let actix = actix_parts(&for_actix).await;
        let axum = axum_parts(for_axum).await;
        assert_eq!(actix, axum, "{described}");
        assert_eq!(
            actix.0,
            actix_web::ResponseError::status_code(&for_actix).as_u16(),
            "{described}"
        );
        assert!(
            actix
                .1
                .iter()
                .any(|(name, value)| name == "content-type" && value == b"application/json")
        );
    }
}

// ---------------------------------------------------------------------------
// 7. Tracing.

/// Status, headers and body of a request to an `App` in this thread, errors
/// answered as the server would.
async fn call<S, R, B>(app: &S, request: R) -> (u16, String, Vec<u8>)
where
    S: actix_web::dev::Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: actix_web::body::MessageBody + 'static,
{
    let response = match app.call(request).await {
        Ok(response) => response.into_parts().1.map_into_boxed_body(),
        Err(error) => error.error_response(),
    };
    let status = response.status().as_u16();
    let id = response
        .headers()
        .get("x-request-id")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .unwrap_or_else(|_| panic!("the body is in memory"));
    (status, id, body.to_vec())
}

#[test]
fn errors_are_logged_in_the_request_span_and_internals_are_not_sent() {
    // The process's global log (see `cce_errors_tests::global_log`); lines
    // are found by this test's request ids.
    let log = cce_errors_tests::global_log();
    {
        actix_web::rt::System::new().block_on(async {
            let app = actix_web::test::init_service(
                App::new()
                    .route(
                        "/storage",
                        web::get().to(|| async { Err::<HttpResponse, _>(storage_error()) }),
                    )
                    .route(
                        "/missing",
                        web::get().to(|| async { Err::<HttpResponse, _>(Sample::NotFound) }),
                    )
                    .route("/panic", web::get().to(panic_now))
                    .wrap(CceMiddleware::new()),
            )
            .await;
            let get = |path: &str, id: &str| {
                actix_web::test::TestRequest::get()
                    .uri(path)
                    .insert_header(("x-request-id", id))
                    .to_request()
            };
            let (status, id, body) = call(&app, get("/storage", "trace-5xx")).await;
            assert_eq!((status, id.as_str()), (500, "trace-5xx"));
            assert_eq!(
                serde_json::from_slice::<Value>(&body).expect("JSON"),
                cce("CCE.01500001", None)
            );
            let (status, id, body) = call(&app, get("/panic", "trace-panic")).await;
            assert_eq!((status, id.as_str()), (500, "trace-panic"));
            assert_eq!(
                serde_json::from_slice::<Value>(&body).expect("JSON"),
                cce("CCE.01500001", None)
            );
            assert!(!String::from_utf8_lossy(&body).contains(MARKER));
            let (status, _, _) = call(&app, get("/missing", "trace-4xx")).await;
            assert_eq!(status, 404);
        });
    }
    let logs = log.text();
    let line = |needle: &str| {
        logs.lines()
            .find(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no log line with {needle:?} in:\n{logs}"))
            .to_owned()
    };
    let storage = line("request_id=trace-5xx");
    assert!(storage.contains("ERROR"), "{storage}");
    assert!(storage.contains("request_id=trace-5xx"), "{storage}");
    assert!(
        storage.contains(&format!(
            "source_chain=etcd write failed: disk /var/lib/etcd is full {MARKER}"
        )),
        "{storage}"
    );
    let panic = line("request_id=trace-panic");
    assert!(panic.contains("ERROR"), "{panic}");
    assert!(panic.contains("request_id=trace-panic"), "{panic}");
    assert!(
        panic.contains(&format!("handler exploded: {MARKER}")),
        "{panic}"
    );
    let missing = line("request_id=trace-4xx");
    assert!(missing.contains("DEBUG"), "{missing}");
    assert!(
        !logs
            .lines()
            .any(|line| line.contains("trace-4xx") && line.contains("ERROR")),
        "{logs}"
    );
}
