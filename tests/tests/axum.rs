//! The axum integration end to end: the example cluster service served on
//! loopback and driven by a real HTTP client. Every response a client can
//! provoke, from a handler or from the framework, is a CCE body with a
//! request id; derived types' own responses pass through untouched.

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use std::io;
use std::time::{Duration, Instant};

use axum::extract::{Extension, Path, Query};
use axum::http::header::{ALLOW, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use cce_errors::CceError;
use cce_errors::axum::CceLayer;
use cce_errors_tests::{Log, global_log};
use cluster_service::common::{ApiError, Store};
use cluster_service::{BODY_LIMIT, app, routes};
use serde::Deserialize;
use serde_json::{Value, json};
use support::{Reply, cce_body, client, create_body, send, serve_axum};
use tower::ServiceExt as _;
use tower_http::request_id::RequestId;
use tower_http::timeout::TimeoutLayer;

/// Text planted in requests (and in internal errors) that no response may
/// repeat.
const MARKER: &str = "zq7-MARKER-4f1c";

const CLUSTERS: &str = "/api/v3/projects/p1/clusters";

// ---------------------------------------------------------------------------
// Harness

/// The service under test, listening on an ephemeral loopback port.
struct Server {
    base: String,
    client: reqwest::Client,
}

impl Server {
    async fn start(app: Router) -> Server {
        Server {
            base: serve_axum(app).await,
            client: client(),
        }
    }

    /// The example service with a store whose clusters are `Creating` for
    /// `creating_for`.
    async fn example(creating_for: Duration) -> Server {
        Server::start(app(routes(Store::new(creating_for)))).await
    }

    /// A request without credentials.
    fn anonymous(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// A request with credentials.
    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.anonymous(method, path)
            .header("x-auth-token", "test-token")
    }

    async fn create(&self, path: &str, name: &str) -> Reply {
        send(self.request(Method::POST, path).json(&create_body(name))).await
    }

    /// Creates a cluster and returns its id.
    async fn create_ok(&self, path: &str, name: &str) -> String {
        let reply = self.create(path, name).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()["metadata"]["uid"]
            .as_str()
            .expect("metadata.uid is a string")
            .to_owned()
    }
}

/// What an axum test reads of a reply.
impl Reply {
    /// The one value of a header.
    #[track_caller]
    fn header(&self, name: &str) -> &str {
        let values: Vec<&HeaderValue> = self.headers.get_all(name).iter().collect();
        assert_eq!(values.len(), 1, "one {name} header in {:?}", self.headers);
        values[0].to_str().expect("a visible ASCII header")
    }

    #[track_caller]
    fn request_id(&self) -> &str {
        let id = self.header("x-request-id");
        assert!(!id.is_empty(), "an empty X-Request-Id");
        id
    }

    /// Asserts a CCE error response: its status, JSON content type, a
    /// request id and exactly `body`.
    #[track_caller]
    fn assert_cce(&self, status: StatusCode, body: &Value) {
        assert_eq!(self.status, status, "body: {}", self.text());
        assert_eq!(self.header("content-type"), "application/json");
        self.request_id();
        assert_eq!(&self.json(), body);
    }
}

fn invalid(detail: &str) -> Value {
    cce_body("CCE.01400001", "Invalid request.", Some(detail))
}

fn not_found(detail: &str) -> Value {
    cce_body("CCE.01404001", "Resource not found.", Some(detail))
}

fn route_not_found() -> Value {
    not_found("No resource or route matches the request.")
}

/// The cluster the API shows for `create_body(name)`.
fn shown(uid: &str, name: &str, phase: &str) -> Value {
    json!({
        "kind": "Cluster",
        "apiVersion": "v3",
        "metadata": {"uid": uid, "name": name},
        "spec": {
            "flavor": "cce.s1.small",
            "hostNetwork": {"vpc": "vpc-01", "subnet": "subnet-01"},
        },
        "status": {"phase": phase},
    })
}

fn looks_like_uuid(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

// ---------------------------------------------------------------------------
// Routes added to the example service for these tests

async fn panics() -> &'static str {
    panic!("{MARKER}: the handler fell over")
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Payload {
    name: String,
    size: u32,
}

async fn takes_json(Json(payload): Json<Payload>) -> String {
    payload.name
}

async fn takes_path(Path(n): Path<u32>) -> String {
    n.to_string()
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Paging {
    limit: u32,
}

async fn takes_query(Query(paging): Query<Paging>) -> String {
    paging.limit.to_string()
}

/// What a handler sees of the request id.
async fn whoami(headers: HeaderMap, Extension(id): Extension<RequestId>) -> Json<Value> {
    let headers: Vec<String> = headers
        .get_all("x-request-id")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    Json(json!({
        "headers": headers,
        "extension": String::from_utf8_lossy(id.header_value().as_bytes()),
    }))
}

#[derive(Debug, thiserror::Error)]
#[error("etcd write failed")]
struct EtcdWrite(#[source] io::Error);

#[derive(Debug, CceError)]
enum BackendError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source] EtcdWrite),
    #[cce(code = "CCE.01429002", detail = "the cluster is locked")]
    Locked {
        #[cce(retry_after)]
        seconds: u64,
    },
    #[cce(code = "CCE.02429001")]
    Throttled {
        #[cce(retry_after)]
        after: Option<Duration>,
    },
}

fn storage_failure() -> BackendError {
    BackendError::Storage(EtcdWrite(io::Error::other(format!(
        "disk {MARKER} is full"
    ))))
}

/// The example service plus routes that misbehave in the ways these tests
/// need.
fn extended_service(store: Store) -> Router {
    let extra = Router::new()
        .route("/panic", get(panics))
        .route("/json", post(takes_json))
        .route("/items/{n}", get(takes_path))
        .route("/search", get(takes_query))
        .route("/whoami", get(whoami))
        .route(
            "/forbidden",
            get(|| async { (StatusCode::FORBIDDEN, format!("{MARKER} go away")) }),
        )
        .route(
            "/teapot",
            get(|| async { (StatusCode::IM_A_TEAPOT, "short and stout") }),
        )
        .route(
            "/unavailable",
            get(|| async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [
                        (RETRY_AFTER, "7"),
                        (axum::http::HeaderName::from_static("x-custom"), "kept"),
                    ],
                    format!("{MARKER} down for maintenance"),
                )
            }),
        )
        .route(
            "/bad-gateway",
            get(|| async {
                (
                    StatusCode::BAD_GATEWAY,
                    [(CONTENT_TYPE, "text/html"), (CONTENT_ENCODING, "gzip")],
                    format!("<html><body>{MARKER}</body></html>"),
                )
            }),
        )
        .route("/plain-ok", get(|| async { "plain and fine" }))
        .route(
            "/derived-400",
            get(|| async {
                Err::<(), _>(ApiError::InvalidBody("the handler's own detail".into()))
            }),
        )
        .route(
            "/derived-429",
            get(|| async {
                Err::<(), _>(ApiError::StillCreating {
                    cluster_id: "c-9".into(),
                    retry_after: Duration::from_millis(4200),
                })
            }),
        )
        .route(
            "/storage",
            get(|| async { Err::<(), _>(storage_failure()) }),
        );
    app(routes(store).merge(extra))
}

async fn extended(creating_for: Duration) -> Server {
    Server::start(extended_service(Store::new(creating_for))).await
}

// ---------------------------------------------------------------------------
// 1. Success responses of each route

#[tokio::test]
async fn cluster_lifecycle_create_list_show_delete() {
    let creating_for = Duration::from_millis(800);
    let server = Server::example(creating_for).await;

    let created = server.create(CLUSTERS, "prod").await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.header("content-type"), "application/json");
    created.request_id();
    let cluster = created.json();
    let uid = cluster["metadata"]["uid"].as_str().unwrap().to_owned();
    assert!(!uid.is_empty());
    assert_eq!(cluster, shown(&uid, "prod", "Creating"));

    let second = server.create_ok(CLUSTERS, "staging").await;
    assert_ne!(second, uid, "two clusters share a uid");

    let list = send(server.request(Method::GET, CLUSTERS)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.header("content-type"), "application/json");
    list.request_id();
    let items = list.json()["items"].as_array().unwrap().clone();
    assert_eq!(list.json()["kind"], "Cluster");
    assert_eq!(list.json()["apiVersion"], "v3");
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.contains(&cluster), "{items:?}");
    assert!(items.contains(&shown(&second, "staging", "Creating")));

    // Another project sees none of them.
    let other = send(server.request(Method::GET, "/api/v3/projects/p2/clusters")).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(
        other.json(),
        json!({"kind": "Cluster", "apiVersion": "v3", "items": []})
    );

    let one = format!("{CLUSTERS}/{uid}");
    let show = send(server.request(Method::GET, &one)).await;
    assert_eq!(show.status, StatusCode::OK);
    assert_eq!(show.header("content-type"), "application/json");
    show.request_id();
    assert_eq!(show.json(), cluster);

    tokio::time::sleep(creating_for + Duration::from_millis(50)).await;
    let show = send(server.request(Method::GET, &one)).await;
    assert_eq!(show.json(), shown(&uid, "prod", "Available"));

    let deleted = send(server.request(Method::DELETE, &one)).await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text());
    assert_eq!(deleted.header("content-type"), "application/json");
    deleted.request_id();
    assert_eq!(deleted.json(), shown(&uid, "prod", "Deleting"));

    let gone = send(server.request(Method::GET, &one)).await;
    gone.assert_cce(
        StatusCode::NOT_FOUND,
        &not_found(&format!("cluster {uid} does not exist in project p1")),
    );
    let list = send(server.request(Method::GET, CLUSTERS)).await;
    assert_eq!(
        list.json()["items"],
        json!([shown(&second, "staging", "Available")])
    );
}

#[tokio::test]
async fn either_credential_header_is_accepted() {
    let server = Server::example(Duration::from_millis(10)).await;
    for (name, value) in [("authorization", "Bearer abc"), ("x-auth-token", "abc")] {
        let reply = send(server.anonymous(Method::GET, CLUSTERS).header(name, value)).await;
        assert_eq!(reply.status, StatusCode::OK, "{name}: {}", reply.text());
    }
}

// ---------------------------------------------------------------------------
// 2. Error responses of each route

#[tokio::test]
async fn every_route_without_credentials_gets_401() {
    let server = Server::example(Duration::from_millis(10)).await;
    // An existing cluster, so that a 404 cannot stand in for the 401.
    let uid = server.create_ok(CLUSTERS, "prod").await;
    let one = format!("{CLUSTERS}/{uid}");
    let expected = cce_body(
        "CCE.01401001",
        "Authorization failed.",
        Some("the request has neither an Authorization nor an X-Auth-Token header"),
    );
    let requests = [
        server.anonymous(Method::GET, CLUSTERS),
        server
            .anonymous(Method::POST, CLUSTERS)
            .json(&create_body("other")),
        server.anonymous(Method::GET, &one),
        server.anonymous(Method::DELETE, &one),
    ];
    for request in requests {
        let reply = send(request).await;
        reply.assert_cce(StatusCode::UNAUTHORIZED, &expected);
    }
    // Nothing was created or deleted.
    let list = send(server.request(Method::GET, CLUSTERS)).await;
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn unknown_cluster_gets_404_naming_it() {
    let server = Server::example(Duration::from_millis(10)).await;
    server.create_ok(CLUSTERS, "prod").await;
    for method in [Method::GET, Method::DELETE] {
        let reply = send(server.request(method.clone(), &format!("{CLUSTERS}/c-404"))).await;
        reply.assert_cce(
            StatusCode::NOT_FOUND,
            &not_found("cluster c-404 does not exist in project p1"),
        );
    }
}

#[tokio::test]
async fn malformed_create_bodies_get_400_saying_what_is_wrong_without_their_values() {
    let server = Server::example(Duration::from_millis(10)).await;
    let with = |pointer: &str, value: Value| {
        let mut body = create_body("prod");
        *body.pointer_mut(pointer).unwrap() = value;
        serde_json::to_vec(&body).unwrap()
    };
    let mut no_name = create_body("prod");
    no_name["metadata"] = json!({"labels": {"owner": MARKER}});
    let name_rule = "metadata.name must be 1 to 56 lowercase letters, digits and hyphens, \
                     starting with a letter and not ending with a hyphen";
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "not JSON",
            format!("{MARKER} is not JSON").into_bytes(),
            "the body is not valid JSON (line 1, column 1)".into(),
        ),
        (
            "truncated JSON",
            format!("{{\n  \"kind\": \"{MARKER}").into_bytes(),
            format!(
                "the body is not valid JSON (line 2, column {})",
                11 + MARKER.len()
            ),
        ),
        (
            "not an object",
            serde_json::to_vec(&json!([MARKER])).unwrap(),
            "the body must be a JSON object".into(),
        ),
        (
            "a string",
            serde_json::to_vec(&json!(MARKER)).unwrap(),
            "the body must be a JSON object".into(),
        ),
        (
            "missing metadata.name",
            serde_json::to_vec(&no_name).unwrap(),
            "metadata.name is required".into(),
        ),
        (
            "metadata.name of the wrong type",
            with("/metadata/name", json!([MARKER])),
            "metadata.name must be a string".into(),
        ),
        (
            "spec.hostNetwork.vpc of the wrong type",
            with("/spec/hostNetwork/vpc", json!({"id": MARKER})),
            "spec.hostNetwork.vpc must be a string".into(),
        ),
        (
            "empty metadata.name",
            with("/metadata/name", json!("")),
            "metadata.name must not be empty".into(),
        ),
        (
            "bad metadata.name",
            with("/metadata/name", json!(MARKER)),
            name_rule.into(),
        ),
        (
            "metadata.name too long",
            with("/metadata/name", json!("a".repeat(57))),
            name_rule.into(),
        ),
        (
            "wrong kind",
            with("/kind", json!(MARKER)),
            "kind must be \"Cluster\"".into(),
        ),
    ];
    for (case, body, detail) in cases {
        let reply = send(
            server
                .request(Method::POST, CLUSTERS)
                .header(CONTENT_TYPE, "application/json")
                .body(body),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{case}: {}",
            reply.text()
        );
        assert_eq!(reply.json(), invalid(&detail), "{case}");
        assert_eq!(reply.header("content-type"), "application/json", "{case}");
        reply.request_id();
        assert!(
            !reply.contains(MARKER),
            "{case}: the response repeats the request: {}",
            reply.text()
        );
    }
    // A name of exactly 56 characters is fine.
    let reply = server.create(CLUSTERS, &"a".repeat(56)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}

#[tokio::test]
async fn create_with_wrong_content_type_gets_400_01400006() {
    let server = Server::example(Duration::from_millis(10)).await;
    let body = serde_json::to_vec(&create_body("prod")).unwrap();
    let expected = cce_body(
        "CCE.01400006",
        "Content type not supported.",
        Some("send the body with Content-Type: application/json"),
    );
    for content_type in [Some("text/plain"), Some("application/xml"), None] {
        let mut request = server.request(Method::POST, CLUSTERS).body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        send(request)
            .await
            .assert_cce(StatusCode::BAD_REQUEST, &expected);
    }
    let list = send(server.request(Method::GET, CLUSTERS)).await;
    assert_eq!(list.json()["items"], json!([]));
    // Parameters and case do not matter.
    for (name, content_type) in [
        ("prod", "application/json; charset=utf-8"),
        ("dev", "Application/JSON"),
    ] {
        let reply = send(
            server
                .request(Method::POST, CLUSTERS)
                .header(CONTENT_TYPE, content_type)
                .body(serde_json::to_vec(&create_body(name)).unwrap()),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{content_type}: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn duplicate_name_gets_409() {
    let server = Server::example(Duration::from_millis(10)).await;
    server.create_ok(CLUSTERS, "prod").await;
    let reply = server.create(CLUSTERS, "prod").await;
    reply.assert_cce(
        StatusCode::CONFLICT,
        &cce_body(
            "CCE.01409001",
            "The resource already exists.",
            Some("project p1 already has a cluster named prod"),
        ),
    );
    let list = send(server.request(Method::GET, CLUSTERS)).await;
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 1);
    // The name is taken only within its project.
    server
        .create_ok("/api/v3/projects/p2/clusters", "prod")
        .await;
}

/// `Retry-After` for a delete answered `elapsed` after the create began:
/// the remaining creating time, rounded up, is in this range.
fn retry_after_range(creating_for: Duration, elapsed: Duration) -> std::ops::RangeInclusive<u64> {
    let ceil = |d: Duration| d.as_secs() + u64::from(d.subsec_nanos() > 0);
    ceil(creating_for.saturating_sub(elapsed))..=ceil(creating_for)
}

#[tokio::test]
async fn deleting_a_cluster_still_creating_gets_429_with_retry_after() {
    let creating_for = Duration::from_millis(1500);
    let server = Server::example(creating_for).await;
    let started = Instant::now();
    let uid = server.create_ok(CLUSTERS, "prod").await;
    let one = format!("{CLUSTERS}/{uid}");
    let expected = cce_body(
        "CCE.01429002",
        "Resource locked by other requests.",
        Some(&format!(
            "cluster {uid} is still being created; delete it when it is Available"
        )),
    );

    let reply = send(server.request(Method::DELETE, &one)).await;
    // 1.5 s minus a few ms rounds up to 2.
    let range = retry_after_range(creating_for, started.elapsed());
    reply.assert_cce(StatusCode::TOO_MANY_REQUESTS, &expected);
    let seconds: u64 = reply.header("retry-after").parse().expect("whole seconds");
    assert!(
        range.contains(&seconds),
        "Retry-After {seconds} not in {range:?}"
    );

    // Later, less remains: 0.8 s or less rounds up to 1.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let reply = send(server.request(Method::DELETE, &one)).await;
    let range = retry_after_range(
        creating_for.saturating_sub(Duration::from_millis(700)),
        started.elapsed().saturating_sub(Duration::from_millis(700)),
    );
    reply.assert_cce(StatusCode::TOO_MANY_REQUESTS, &expected);
    let seconds: u64 = reply.header("retry-after").parse().expect("whole seconds");
    assert!(
        range.contains(&seconds),
        "Retry-After {seconds} not in {range:?}"
    );

    // The cluster is still there.
    let show = send(server.request(Method::GET, &one)).await;
    assert_eq!(show.status, StatusCode::OK);
    assert_eq!(show.json()["status"]["phase"], "Creating");
}

// ---------------------------------------------------------------------------
// 3. Errors no handler wrote

#[tokio::test]
async fn unmatched_routes_get_404_cce_body() {
    let server = Server::example(Duration::from_millis(10)).await;
    for (method, path) in [
        (Method::GET, "/"),
        (Method::GET, "/api/v3/projects/p1"),
        (Method::GET, "/api/v3/projects/p1/clusters/c1/nodes"),
        (Method::POST, "/api/v2/clusters"),
        (Method::DELETE, "/nothing/here"),
    ] {
        for request in [
            server.request(method.clone(), path),
            server.anonymous(method.clone(), path),
        ] {
            let reply = send(request).await;
            reply.assert_cce(StatusCode::NOT_FOUND, &route_not_found());
        }
    }
}

#[tokio::test]
async fn wrong_method_gets_405_keeping_allow_with_cce_body() {
    let server = Server::example(Duration::from_millis(10)).await;
    let expected = invalid("The method is not allowed for this resource.");
    for (method, path, allowed) in [
        (Method::PUT, CLUSTERS, ["GET", "POST"]),
        (Method::DELETE, CLUSTERS, ["GET", "POST"]),
        (
            Method::POST,
            "/api/v3/projects/p1/clusters/c1",
            ["GET", "DELETE"],
        ),
        (
            Method::PATCH,
            "/api/v3/projects/p1/clusters/c1",
            ["GET", "DELETE"],
        ),
    ] {
        let reply = send(server.request(method.clone(), path)).await;
        reply.assert_cce(StatusCode::METHOD_NOT_ALLOWED, &expected);
        let allow: Vec<&str> = reply
            .header(ALLOW.as_str())
            .split(',')
            .map(str::trim)
            .collect();
        for want in allowed {
            assert!(
                allow.contains(&want),
                "{method} {path}: Allow {allow:?} lacks {want}"
            );
        }
        assert!(
            !allow.contains(&method.as_str()),
            "{method} {path}: Allow {allow:?}"
        );
    }
}

#[tokio::test]
async fn oversized_body_gets_413_cce_body() {
    let server = Server::example(Duration::from_millis(10)).await;
    let padded = |size: usize| {
        let mut body = serde_json::to_vec(&create_body("prod")).unwrap();
        body.resize(size, b' ');
        body
    };
    // One byte over the limit, with the marker in it.
    let mut over = padded(BODY_LIMIT + 1);
    over[BODY_LIMIT - MARKER.len()..BODY_LIMIT].copy_from_slice(MARKER.as_bytes());
    let reply = send(
        server
            .request(Method::POST, CLUSTERS)
            .header(CONTENT_TYPE, "application/json")
            .body(over),
    )
    .await;
    reply.assert_cce(
        StatusCode::PAYLOAD_TOO_LARGE,
        &invalid("The request body is too large."),
    );
    assert!(!reply.contains(MARKER), "{}", reply.text());

    // Exactly the limit is accepted.
    let reply = send(
        server
            .request(Method::POST, CLUSTERS)
            .header(CONTENT_TYPE, "application/json")
            .body(padded(BODY_LIMIT)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}

#[tokio::test]
async fn panicking_handler_gets_500_without_its_message_and_the_server_lives_on() {
    let server = extended(Duration::from_millis(10)).await;
    let reply = send(server.request(Method::GET, "/panic")).await;
    reply.assert_cce(
        StatusCode::INTERNAL_SERVER_ERROR,
        &cce_body("CCE.01500001", "Internal error.", None),
    );
    assert!(!reply.contains(MARKER), "{}", reply.text());
    assert!(!reply.contains("fell over"), "{}", reply.text());

    // The same connection pool, the same server: both still work.
    let next = send(server.request(Method::GET, CLUSTERS)).await;
    assert_eq!(next.status, StatusCode::OK);
    server.create_ok(CLUSTERS, "after-the-panic").await;
    let again = send(server.request(Method::GET, "/panic")).await;
    assert_eq!(again.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn timeout_inside_cce_layer_gets_408_cce_body() {
    let router = Router::new()
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(1)).await;
                "too late"
            }),
        )
        .route("/fast", get(|| async { "in time" }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_millis(100),
        ))
        .layer(CceLayer::new());
    let server = Server::start(router).await;
    let started = Instant::now();
    let reply = send(server.anonymous(Method::GET, "/slow")).await;
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "the timeout did not fire"
    );
    reply.assert_cce(
        StatusCode::REQUEST_TIMEOUT,
        &cce_body(
            "CCE.01500001",
            "Internal error.",
            Some("The request timed out."),
        ),
    );

    let reply = send(server.anonymous(Method::GET, "/fast")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), "in time");
    reply.request_id();
}

#[tokio::test]
async fn extractor_rejections_get_cce_bodies() {
    let server = extended(Duration::from_millis(10)).await;
    let malformed = invalid("The request is malformed.");
    let cases = [
        (
            "JSON syntax",
            server
                .request(Method::POST, "/json")
                .header(CONTENT_TYPE, "application/json")
                .body(format!("{{\"name\": \"{MARKER}")),
            StatusCode::BAD_REQUEST,
            malformed.clone(),
        ),
        (
            "JSON of the wrong shape",
            server
                .request(Method::POST, "/json")
                .json(&json!({"name": MARKER, "size": MARKER})),
            StatusCode::UNPROCESSABLE_ENTITY,
            invalid("The request body does not have the expected fields or values."),
        ),
        (
            "JSON without a content type",
            server
                .request(Method::POST, "/json")
                .body(serde_json::to_vec(&json!({"name": MARKER, "size": 1})).unwrap()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            cce_body(
                "CCE.01400006",
                "Content type not supported.",
                Some("Send the body as application/json."),
            ),
        ),
        (
            "path",
            server.request(Method::GET, &format!("/items/{MARKER}")),
            StatusCode::BAD_REQUEST,
            malformed.clone(),
        ),
        (
            "query",
            server.request(Method::GET, &format!("/search?limit={MARKER}")),
            StatusCode::BAD_REQUEST,
            malformed.clone(),
        ),
    ];
    for (case, request, status, body) in cases {
        let reply = send(request).await;
        assert_eq!(reply.status, status, "{case}: {}", reply.text());
        reply.assert_cce(status, &body);
        assert!(!reply.contains(MARKER), "{case}: {}", reply.text());
    }
    // A path parameter that is not UTF-8, on the example's own route.
    let reply = send(server.request(Method::GET, "/api/v3/projects/%ff/clusters")).await;
    reply.assert_cce(StatusCode::BAD_REQUEST, &malformed);

    // The same routes work with good input.
    let ok = send(
        server
            .request(Method::POST, "/json")
            .json(&json!({"name": "n", "size": 1})),
    )
    .await;
    assert_eq!((ok.status, ok.text().as_str()), (StatusCode::OK, "n"));
    let ok = send(server.request(Method::GET, "/items/7")).await;
    assert_eq!((ok.status, ok.text().as_str()), (StatusCode::OK, "7"));
}

#[tokio::test]
async fn handler_built_error_responses_get_cce_bodies_keeping_status_and_headers() {
    let server = extended(Duration::from_millis(10)).await;

    let reply = send(server.request(Method::GET, "/forbidden")).await;
    reply.assert_cce(
        StatusCode::FORBIDDEN,
        &cce_body("CCE.01403001", "Forbidden.", None),
    );
    assert!(!reply.contains(MARKER), "{}", reply.text());

    let reply = send(server.request(Method::GET, "/teapot")).await;
    reply.assert_cce(
        StatusCode::IM_A_TEAPOT,
        &cce_body("CCE.01400001", "Invalid request.", None),
    );

    let reply = send(server.request(Method::GET, "/unavailable")).await;
    reply.assert_cce(
        StatusCode::SERVICE_UNAVAILABLE,
        &cce_body(
            "CCE.01500001",
            "Internal error.",
            Some("The service is temporarily unavailable."),
        ),
    );
    assert_eq!(reply.header("retry-after"), "7");
    assert_eq!(reply.header("x-custom"), "kept");
    assert!(!reply.contains(MARKER), "{}", reply.text());

    // A stale encoding or length would garble the new body.
    let reply = send(server.request(Method::GET, "/bad-gateway")).await;
    reply.assert_cce(
        StatusCode::BAD_GATEWAY,
        &cce_body("CCE.01500001", "Internal error.", None),
    );
    assert!(
        reply.headers.get(CONTENT_ENCODING).is_none(),
        "{:?}",
        reply.headers
    );
    assert_eq!(
        reply.header(CONTENT_LENGTH.as_str()),
        reply.body.len().to_string()
    );
    assert!(!reply.contains(MARKER), "{}", reply.text());

    // Success responses are left alone.
    let reply = send(server.request(Method::GET, "/plain-ok")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(reply.text(), "plain and fine");
    reply.request_id();
}

#[tokio::test]
async fn derived_error_responses_pass_through_untouched() {
    let server = extended(Duration::from_millis(10)).await;

    // Not the fallback's "The request is malformed.".
    let reply = send(server.request(Method::GET, "/derived-400")).await;
    reply.assert_cce(
        StatusCode::BAD_REQUEST,
        &invalid("the handler's own detail"),
    );

    // Not the fallback's 429 code, and its own Retry-After.
    let reply = send(server.request(Method::GET, "/derived-429")).await;
    reply.assert_cce(
        StatusCode::TOO_MANY_REQUESTS,
        &cce_body(
            "CCE.01429002",
            "Resource locked by other requests.",
            Some("cluster c-9 is still being created; delete it when it is Available"),
        ),
    );
    assert_eq!(reply.header("retry-after"), "5");

    // A 500 with a source: the canonical body, no source text.
    let reply = send(server.request(Method::GET, "/storage")).await;
    reply.assert_cce(
        StatusCode::INTERNAL_SERVER_ERROR,
        &cce_body("CCE.01500001", "Internal error.", None),
    );
    assert!(!reply.contains(MARKER), "{}", reply.text());
    assert!(!reply.contains("etcd"), "{}", reply.text());
}

// Requests hyper rejects itself, before any tower service runs: hyper
// answers them with an empty body and no request id. This is the limit the
// README documents ("Serving errors over HTTP"); if hyper ever lets a
// service answer them, these tests fail and the README should change.

#[tokio::test]
async fn too_many_headers_are_answered_by_hyper_itself() {
    let server = Server::example(Duration::from_millis(10)).await;
    let mut request = server.request(Method::GET, CLUSTERS);
    for i in 0..120 {
        request = request.header(format!("x-filler-{i}"), "v");
    }
    let response = request.send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    assert!(response.headers().get("x-request-id").is_none());
    assert!(response.bytes().await.unwrap().is_empty());
}

/// Sends `request` as raw bytes and reads the whole answer (the request
/// closes the connection).
async fn raw_exchange(server: &Server, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut raw))
        .await
        .expect("the server answers and closes")
        .unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

/// Asserts that a raw HTTP/1.1 response is hyper's own: the status, an
/// empty body, no request id.
#[track_caller]
fn assert_raw_hyper_answer(raw: &str, status: StatusCode) {
    let (head, payload) = raw.split_once("\r\n\r\n").expect("a response head");
    let head = head.to_ascii_lowercase();
    assert!(
        head.starts_with(&format!("http/1.1 {} ", status.as_u16())),
        "{raw}"
    );
    assert!(!head.contains("\r\nx-request-id: "), "{raw}");
    assert!(payload.is_empty(), "{raw}");
}

#[tokio::test]
async fn a_request_line_over_the_limit_is_answered_by_hyper_itself() {
    let server = Server::example(Duration::from_millis(10)).await;
    let request = format!(
        "GET {CLUSTERS}/{} HTTP/1.1\r\nHost: x\r\nx-auth-token: t\r\nConnection: close\r\n\r\n",
        "a".repeat(70_000)
    );
    let raw = raw_exchange(&server, request.as_bytes()).await;
    assert_raw_hyper_answer(&raw, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn an_unparsable_request_is_answered_by_hyper_itself() {
    let server = Server::example(Duration::from_millis(10)).await;
    let raw = raw_exchange(&server, b"GARBAGE\r\nHost: x\r\n\r\n").await;
    assert_raw_hyper_answer(&raw, StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------------------
// 4. X-Request-Id

/// A request with `x-request-id` set to each of `values`, to a route of
/// each kind: success, handler error, unmatched route, wrong method, panic.
fn requests_of_every_kind(server: &Server) -> Vec<(&'static str, reqwest::RequestBuilder)> {
    vec![
        ("success", server.request(Method::GET, CLUSTERS)),
        (
            "handler error",
            server.request(Method::GET, &format!("{CLUSTERS}/c-404")),
        ),
        ("unauthorized", server.anonymous(Method::GET, CLUSTERS)),
        ("unmatched route", server.request(Method::GET, "/nowhere")),
        ("wrong method", server.request(Method::PUT, CLUSTERS)),
        ("panic", server.request(Method::GET, "/panic")),
    ]
}

#[tokio::test]
async fn sane_client_request_id_is_echoed_on_every_response() {
    let server = extended(Duration::from_millis(10)).await;
    let visible: String = (b'!'..=b'~').cycle().take(128).map(char::from).collect();
    assert_eq!(visible.len(), 128);
    for id in ["req-42", visible.as_str()] {
        for (kind, request) in requests_of_every_kind(&server) {
            let reply = send(request.header("x-request-id", id)).await;
            assert_eq!(reply.request_id(), id, "{kind}");
        }
        // The handler sees the same id.
        let reply = send(
            server
                .request(Method::GET, "/whoami")
                .header("x-request-id", id),
        )
        .await;
        assert_eq!(reply.json(), json!({"headers": [id], "extension": id}));
        assert_eq!(reply.request_id(), id);
    }
}

#[tokio::test]
async fn missing_request_id_is_generated_unique_on_every_response() {
    let server = extended(Duration::from_millis(10)).await;
    let mut seen = Vec::new();
    for round in 0..2 {
        for (kind, request) in requests_of_every_kind(&server) {
            let reply = send(request).await;
            let id = reply.request_id().to_owned();
            assert!(looks_like_uuid(&id), "{kind} #{round}: {id:?}");
            assert!(!seen.contains(&id), "{kind} #{round}: {id} again");
            seen.push(id);
        }
    }
    let reply = send(server.request(Method::GET, "/whoami")).await;
    let id = reply.request_id();
    assert!(looks_like_uuid(id), "{id:?}");
    assert_eq!(reply.json(), json!({"headers": [id], "extension": id}));
}

#[tokio::test]
async fn insane_request_ids_are_replaced_not_echoed() {
    let server = extended(Duration::from_millis(10)).await;
    let too_long = "a".repeat(129);
    let insane: Vec<(&str, Vec<HeaderValue>)> = vec![
        (
            "129 characters",
            vec![HeaderValue::from_str(&too_long).unwrap()],
        ),
        ("a space", vec![HeaderValue::from_static("req 42")]),
        ("a tab", vec![HeaderValue::from_static("req\t42")]),
        ("empty", vec![HeaderValue::from_static("")]),
        (
            "non-ASCII",
            vec![HeaderValue::from_bytes(b"caf\xc3\xa9-42").unwrap()],
        ),
        (
            "two values",
            vec![
                HeaderValue::from_static("req-1"),
                HeaderValue::from_static("req-2"),
            ],
        ),
    ];
    for (case, values) in &insane {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-request-id", value.clone());
        }
        let mut requests = requests_of_every_kind(&server);
        requests.push(("whoami", server.request(Method::GET, "/whoami")));
        for (kind, request) in requests {
            let reply = send(request.headers(headers.clone())).await;
            let id = reply.request_id().to_owned();
            assert!(looks_like_uuid(&id), "{case}, {kind}: {id:?}");
            for value in values {
                assert_ne!(id.as_bytes(), value.as_bytes(), "{case}, {kind}: echoed");
            }
            if kind == "whoami" {
                // The handler sees only the new id.
                assert_eq!(
                    reply.json(),
                    json!({"headers": [id], "extension": id}),
                    "{case}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 5. IntoResponse of a derived type, without a server

async fn into_parts(error: impl IntoResponse) -> (StatusCode, HeaderMap, Value) {
    let response = error.into_response();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let value = serde_json::from_slice(&bytes).expect("a JSON body");
    (parts.status, parts.headers, value)
}

#[tokio::test]
async fn into_response_of_a_derived_type_is_the_documented_response() {
    let (status, headers, body) = into_parts(ApiError::StillCreating {
        cluster_id: "c-1".into(),
        retry_after: Duration::from_millis(1500),
    })
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers[CONTENT_TYPE], "application/json");
    assert_eq!(headers[RETRY_AFTER], "2");
    assert_eq!(
        body,
        cce_body(
            "CCE.01429002",
            "Resource locked by other requests.",
            Some("cluster c-1 is still being created; delete it when it is Available"),
        )
    );

    let (status, headers, body) = into_parts(ApiError::ClusterNotFound {
        project_id: "p1".into(),
        cluster_id: "c-2".into(),
    })
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[CONTENT_TYPE], "application/json");
    assert!(headers.get(RETRY_AFTER).is_none());
    assert_eq!(body, not_found("cluster c-2 does not exist in project p1"));

    let (status, headers, body) = into_parts(storage_failure()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers[CONTENT_TYPE], "application/json");
    assert_eq!(body, cce_body("CCE.01500001", "Internal error.", None));

    // Whole seconds stay as they are; an absent delay sends no header.
    let (status, headers, _) = into_parts(BackendError::Locked { seconds: 30 }).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers[RETRY_AFTER], "30");
    let (_, headers, body) = into_parts(BackendError::Throttled { after: None }).await;
    assert!(headers.get(RETRY_AFTER).is_none());
    assert_eq!(
        body,
        cce_body(
            "CCE.02429001",
            "The throttling threshold has been reached.",
            None
        )
    );
    let (_, headers, _) = into_parts(BackendError::Throttled {
        after: Some(Duration::from_millis(1)),
    })
    .await;
    assert_eq!(headers[RETRY_AFTER], "1");
}

#[tokio::test]
async fn into_response_matches_the_framework_independent_response() {
    let errors: Vec<Box<dyn Fn() -> ApiError>> = vec![
        Box::new(|| ApiError::Unauthorized),
        Box::new(|| ApiError::InvalidBody("spec.flavor is required".into())),
        Box::new(|| ApiError::StillCreating {
            cluster_id: "c".into(),
            retry_after: Duration::from_secs(3),
        }),
    ];
    for error in errors {
        let expected = cce_errors::response::http_response(&error());
        let response = error().into_response();
        assert_eq!(response.status(), expected.status());
        assert_eq!(response.headers(), expected.headers());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(bytes.as_ref(), expected.body().as_ref());
    }
}

// ---------------------------------------------------------------------------
// 6. Tracing

/// Logs of `cce_errors` at debug and above, in this process's global log
/// (see `cce_errors_tests::global_log`); the tests find their lines by
/// their request ids.
fn capture_logs() -> (Log, ()) {
    (global_log(), ())
}

/// Calls the service directly, on this thread, so that the thread's log
/// subscriber sees everything.
async fn call(
    service: &Router,
    path: &str,
    request_id: Option<&str>,
) -> (http::response::Parts, Vec<u8>) {
    let mut request = http::Request::get(path).header("x-auth-token", "t");
    if let Some(id) = request_id {
        request = request.header("x-request-id", id);
    }
    let request = request.body(axum::body::Body::empty()).unwrap();
    let response = service.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts, bytes.to_vec())
}

#[tokio::test]
async fn server_error_logs_at_error_with_source_chain_in_the_request_span() {
    let (log, _guard) = capture_logs();
    let service = extended_service(Store::new(Duration::from_millis(10)));
    let (parts, body) = call(&service, "/storage", Some("trace-5xx")).await;
    assert_eq!(parts.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        cce_body("CCE.01500001", "Internal error.", None)
    );
    let chain = format!("etcd write failed: disk {MARKER} is full");
    let lines = log.lines_with(&[&chain, "request{request_id=trace-5xx"]);
    assert_eq!(lines.len(), 1, "log:\n{}", log.text());
    let line = &lines[0];
    assert!(line.contains("ERROR"), "{line}");
    assert!(line.contains("request{request_id=trace-5xx"), "{line}");
    assert!(line.contains("CCE.01500001"), "{line}");

    // A generated id is the one in the span.
    let (parts, _) = call(&service, "/storage", None).await;
    let id = parts.headers["x-request-id"].to_str().unwrap();
    assert!(looks_like_uuid(id), "{id}");
    let lines = log.lines_with(&[&chain, &format!("request{{request_id={id}")]);
    assert_eq!(lines.len(), 1, "log:\n{}", log.text());

    // A handler-built 5xx that got the fallback body is an error too.
    let (parts, _) = call(&service, "/unavailable", Some("trace-503")).await;
    assert_eq!(parts.status, StatusCode::SERVICE_UNAVAILABLE);
    let lines = log.lines_with(&["request{request_id=trace-503"]);
    assert_eq!(lines.len(), 1, "log:\n{}", log.text());
    assert!(lines[0].contains("ERROR"), "{}", lines[0]);
    // What the handler said is logged, for the operator, not sent.
    assert!(lines[0].contains(MARKER), "{}", lines[0]);
}

#[tokio::test]
async fn client_error_logs_at_debug_in_the_request_span() {
    let (log, _guard) = capture_logs();
    let service = extended_service(Store::new(Duration::from_millis(10)));
    let (parts, _) = call(
        &service,
        "/api/v3/projects/p1/clusters/c-404",
        Some("trace-4xx"),
    )
    .await;
    assert_eq!(parts.status, StatusCode::NOT_FOUND);
    let lines = log.lines_with(&["request_id=trace-4xx"]);
    assert_eq!(lines.len(), 1, "log:\n{}", log.text());
    let line = &lines[0];
    assert!(line.contains("DEBUG"), "{line}");
    assert!(!line.contains("ERROR"), "{line}");
    assert!(line.contains("CCE.01404001"), "{line}");

    // So does a framework's 4xx that got the fallback body.
    let (parts, _) = call(&service, "/nowhere", Some("trace-fallback")).await;
    assert_eq!(parts.status, StatusCode::NOT_FOUND);
    let lines = log.lines_with(&["request_id=trace-fallback"]);
    assert_eq!(lines.len(), 1, "log:\n{}", log.text());
    assert!(lines[0].contains("DEBUG"), "{}", lines[0]);
    assert!(lines[0].contains("CCE.01404001"), "{}", lines[0]);

    // Success is not logged as an error at all.
    call(&service, CLUSTERS, Some("trace-ok")).await;
    assert_eq!(
        log.lines_with(&["request_id=trace-ok"]),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn panic_message_is_logged_not_sent() {
    let (log, _guard) = capture_logs();
    let service = extended_service(Store::new(Duration::from_millis(10)));
    let (parts, body) = call(&service, "/panic", Some("trace-panic")).await;
    assert_eq!(parts.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!String::from_utf8_lossy(&body).contains(MARKER));
    let lines = log.lines_with(&[MARKER, "request_id=trace-panic"]);
    assert_eq!(lines.len(), 1, "log:\n{}", log.text());
    assert!(lines[0].contains("ERROR"), "{}", lines[0]);
    assert!(
        lines[0].contains("request{request_id=trace-panic"),
        "{}",
        lines[0]
    );
}
