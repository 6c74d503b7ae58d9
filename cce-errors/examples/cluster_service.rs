//! A CCE-style cluster service on axum: a subset of the CCE v3 cluster API
//! over an in-memory store, whose every error response is a CCE body with
//! a request id.
//!
//! ```sh
//! cargo run --example cluster_service --features axum,utoipa,tracing [ADDRESS]
//! ```
//!
//! It listens on `127.0.0.1:8080`, or on the address given as the first
//! argument, and says where on start. `GET /openapi.json` is its OpenAPI
//! document, errors included, generated from the same `ApiError` enum; with
//! the `metrics` feature, `GET /metrics` is what its layer recorded, for
//! Prometheus.

#[path = "common/mod.rs"]
pub mod common;

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::routing::get;
use axum::{Json, Router};
use cce_errors::axum::CceLayer;
use cce_errors::response::BodyKeys;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use common::{ApiError, Cluster, ClusterList, Store};

/// The largest create request accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The API's routes, without the layers of [`app`].
pub fn routes(store: Store) -> Router {
    Router::new()
        .route(
            "/api/v3/projects/{project_id}/clusters",
            get(list_clusters).post(create_cluster),
        )
        .route(
            "/api/v3/projects/{project_id}/clusters/{cluster_id}",
            get(show_cluster).delete(delete_cluster),
        )
        .route("/openapi.json", get(openapi_json))
        .with_state(store)
}

/// The API's OpenAPI document: the routes below, and for each the
/// responses of `ApiError`, one per status, with one example per code.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Cluster service",
        description = "A subset of the CCE v3 cluster API."
    ),
    paths(list_clusters, create_cluster, show_cluster, delete_cluster)
)]
pub struct ApiDoc;

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// `routes` with `GET /metrics`: the Prometheus text of what `CceLayer`
/// recorded (feature `metrics`; `metrics-exporter-prometheus` renders it).
#[cfg(feature = "metrics")]
pub fn with_metrics(
    routes: Router,
    metrics: metrics_exporter_prometheus::PrometheusHandle,
) -> Router {
    routes.route(
        "/metrics",
        get(move || std::future::ready(metrics.render())),
    )
}

/// The Prometheus recorder of the process, with buckets for the response
/// times (seconds); `None` if another recorder is installed already.
///
/// `install_recorder` leaves the recorder's upkeep to its caller: until it
/// runs (or a scrape renders), every recorded response time is kept, and a
/// service that nobody scrapes grows by each request. A thread runs it
/// every 5 seconds, the interval `PrometheusBuilder::install` uses.
#[cfg(feature = "metrics")]
pub fn install_metrics() -> Option<metrics_exporter_prometheus::PrometheusHandle> {
    use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(cce_errors::metrics::REQUEST_DURATION.to_owned()),
            &[0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0],
        )
        .ok()?
        .install_recorder()
        .ok()?;
    let upkeep = handle.clone();
    std::thread::Builder::new()
        .name("metrics-upkeep".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(5));
                upkeep.run_upkeep();
            }
        })
        .ok()?;
    Some(handle)
}

/// The service: `routes` with a body limit and a timeout inside `CceLayer`,
/// so that their error responses become CCE bodies too, and compression
/// outside it, so that every body it sends (its own, a handler's, with the
/// compatibility keys or not) is compressed for clients that ask.
pub fn app(routes: Router) -> Router {
    app_with(routes, CceLayer::new())
}

/// [`app`] with a given `CceLayer`.
pub fn app_with(routes: Router, layer: CceLayer) -> Router {
    routes
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(layer)
        .layer(CompressionLayer::new())
}

/// Proof that the request carries credentials; rejects with 401 `CCE.01401001`.
pub struct Authenticated;

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        common::authenticate(|name| parts.headers.contains_key(name))?;
        Ok(Authenticated)
    }
}

/// Lists the project's clusters.
#[utoipa::path(
    get,
    path = "/api/v3/projects/{project_id}/clusters",
    params(("project_id" = String, Path, description = "The project")),
    responses((status = 200, description = "The clusters", body = ClusterList), ApiError)
)]
async fn list_clusters(
    _: Authenticated,
    State(store): State<Store>,
    Path(project_id): Path<String>,
) -> Json<ClusterList> {
    Json(store.list(&project_id))
}

/// Creates a cluster; it is `Creating` for a while.
#[utoipa::path(
    post,
    path = "/api/v3/projects/{project_id}/clusters",
    params(("project_id" = String, Path, description = "The project")),
    request_body(content_type = "application/json", description = "`{\"kind\": \"Cluster\", \"apiVersion\": \"v3\", \"metadata\": {\"name\": ...}, \"spec\": ...}`"),
    responses((status = 201, description = "The new cluster", body = Cluster), ApiError)
)]
async fn create_cluster(
    _: Authenticated,
    State(store): State<Store>,
    Path(project_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Cluster>), ApiError> {
    common::check_content_type(headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes))?;
    let request = common::parse_create(&body)?;
    let cluster = store.create(&project_id, request)?;
    Ok((StatusCode::CREATED, Json(cluster)))
}

/// Shows one cluster.
#[utoipa::path(
    get,
    path = "/api/v3/projects/{project_id}/clusters/{cluster_id}",
    params(
        ("project_id" = String, Path, description = "The project"),
        ("cluster_id" = String, Path, description = "The cluster's uid")
    ),
    responses((status = 200, description = "The cluster", body = Cluster), ApiError)
)]
async fn show_cluster(
    _: Authenticated,
    State(store): State<Store>,
    Path((project_id, cluster_id)): Path<(String, String)>,
) -> Result<Json<Cluster>, ApiError> {
    store.get(&project_id, &cluster_id).map(Json)
}

/// Deletes a cluster; one still `Creating` answers 429 with `Retry-After`.
#[utoipa::path(
    delete,
    path = "/api/v3/projects/{project_id}/clusters/{cluster_id}",
    params(
        ("project_id" = String, Path, description = "The project"),
        ("cluster_id" = String, Path, description = "The cluster's uid")
    ),
    responses((status = 200, description = "The cluster, now `Deleting`", body = Cluster), ApiError)
)]
async fn delete_cluster(
    _: Authenticated,
    State(store): State<Store>,
    Path((project_id, cluster_id)): Path<(String, String)>,
) -> Result<Json<Cluster>, ApiError> {
    store.delete(&project_id, &cluster_id).map(Json)
}

#[tokio::main]
pub async fn main() -> std::io::Result<()> {
    common::init_logging();
    let layer = if common::compatibility_mode() {
        CceLayer::new()
            .with_body_keys(BodyKeys::Compatible)
            .with_openstack_request_id()
    } else {
        CceLayer::new()
    };
    let routes = routes(Store::default());
    #[cfg(feature = "metrics")]
    let routes = match install_metrics() {
        Some(metrics) => with_metrics(routes, metrics),
        None => routes,
    };
    let listener = tokio::net::TcpListener::bind(common::listen_address()).await?;
    println!(
        "cluster service (axum) listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app_with(routes, layer)).await
}
