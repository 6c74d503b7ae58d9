//! The `metrics` feature: the example service's `GET /metrics` (Prometheus
//! text) after each error a client can provoke, the counts by code, status
//! and route template, and label values that do not grow with the paths
//! clients invent. The recorder is global: this file is a test process of
//! its own.

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

// Each test file uses its own part of the shared helpers.
#[allow(dead_code)]
mod support;

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use cluster_service::common::Store;
use metrics_exporter_prometheus::PrometheusHandle;
use support::{client, create_body, serve_axum};
use tower::ServiceExt as _;

fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| cluster_service::install_metrics().expect("the only recorder"))
        .clone()
}

/// The recorder is the process's: one test at a time, so that each sees
/// only what it sent.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn app(creating_for: Duration) -> Router {
    let routes = cluster_service::with_metrics(
        cluster_service::routes(Store::new(creating_for)),
        recorder(),
    );
    cluster_service::app(routes)
}

/// The samples of the counter of error responses, by their labels.
fn error_counts(text: &str) -> BTreeMap<String, u64> {
    text.lines()
        .filter(|line| {
            line.starts_with("cce_errors_server_error_responses{")
                || line.starts_with("cce_errors_rpc_server_errors{")
        })
        .filter_map(|line| {
            let (labels, value) = line.rsplit_once(' ')?;
            Some((labels.to_owned(), value.parse().ok()?))
        })
        .collect()
}

/// The label set the layer gives an error response.
fn series(method: &str, route: Option<&str>, status: u16, code: &str) -> String {
    let route = route.map_or_else(String::new, |r| format!("http_route=\"{r}\","));
    format!(
        "cce_errors_server_error_responses{{http_request_method=\"{method}\",{route}http_response_status_code=\"{status}\",error_type=\"{code}\"}}"
    )
}

const CLUSTERS: &str = "/api/v3/projects/{project_id}/clusters";
const CLUSTER: &str = "/api/v3/projects/{project_id}/clusters/{cluster_id}";

/// Sends the example service a request for each error a client can
/// provoke, the 401 twice.
async fn provoke_each_error(base: &str) {
    let c = client();
    let clusters = format!("{base}/api/v3/projects/p-metrics/clusters");
    let send = |request: reqwest::RequestBuilder| async move {
        request.send().await.unwrap().status().as_u16()
    };
    // Each error of the example, some twice.
    assert_eq!(send(c.get(&clusters)).await, 401);
    assert_eq!(send(c.get(&clusters)).await, 401);
    assert_eq!(
        send(
            c.get(format!("{clusters}/nope"))
                .header("x-auth-token", "t")
        )
        .await,
        404
    );
    assert_eq!(
        send(
            c.post(&clusters)
                .header("x-auth-token", "t")
                .header("content-type", "application/json")
                .body("{}")
        )
        .await,
        400
    );
    assert_eq!(
        send(
            c.post(&clusters)
                .header("x-auth-token", "t")
                .header("content-type", "text/plain")
                .body("x")
        )
        .await,
        400
    );
    assert_eq!(
        send(
            c.post(&clusters)
                .header("x-auth-token", "t")
                .json(&create_body("m1"))
        )
        .await,
        201
    );
    assert_eq!(
        send(
            c.post(&clusters)
                .header("x-auth-token", "t")
                .json(&create_body("m1"))
        )
        .await,
        409
    );
    let listed: serde_json::Value = c
        .get(&clusters)
        .header("x-auth-token", "t")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let uid = listed["items"][0]["metadata"]["uid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        send(
            c.delete(format!("{clusters}/{uid}"))
                .header("x-auth-token", "t")
        )
        .await,
        429
    );
    assert_eq!(
        send(c.put(&clusters).header("x-auth-token", "t")).await,
        405
    );
    assert_eq!(send(c.get(format!("{base}/no/such/route"))).await, 404);
    assert_eq!(
        send(
            c.post(&clusters)
                .header("x-auth-token", "t")
                .header("content-type", "application/json")
                .body(vec![b' '; 100_000])
        )
        .await,
        413
    );
}

#[tokio::test]
async fn every_error_of_the_example_is_counted_by_code_status_and_route() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let base = serve_axum(app(Duration::from_mins(1))).await;
    let scrape = || async {
        client()
            .get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = error_counts(&scrape().await);
    provoke_each_error(&base).await;

    let after = error_counts(&scrape().await);
    let grew = |key: String| {
        after.get(&key).copied().unwrap_or(0) - before.get(&key).copied().unwrap_or(0)
    };
    for (method, route, status, code, count) in [
        ("GET", Some(CLUSTERS), 401, "CCE.01401001", 2),
        ("GET", Some(CLUSTER), 404, "CCE.01404001", 1),
        ("POST", Some(CLUSTERS), 400, "CCE.01400001", 1),
        ("POST", Some(CLUSTERS), 400, "CCE.01400006", 1),
        ("POST", Some(CLUSTERS), 409, "CCE.01409001", 1),
        ("DELETE", Some(CLUSTER), 429, "CCE.01429002", 1),
        ("PUT", Some(CLUSTERS), 405, "CCE.01400001", 1),
        ("GET", None, 404, "CCE.01404001", 1),
        ("POST", Some(CLUSTERS), 413, "CCE.01400001", 1),
    ] {
        let key = series(method, route, status, code);
        assert_eq!(grew(key.clone()), count, "{key} in\n{after:#?}");
    }
    // The request-time histogram has the same labels, successes too.
    let text = scrape().await;
    assert!(text.contains(&format!(
        "http_server_request_duration_count{{http_request_method=\"DELETE\",http_route=\"{CLUSTER}\",http_response_status_code=\"429\",error_type=\"CCE.01429002\"}}"
    )), "{text}");
    assert!(text.contains(&format!(
        "http_server_request_duration_count{{http_request_method=\"POST\",http_route=\"{CLUSTERS}\",http_response_status_code=\"201\"}}"
    )), "{text}");
}

#[tokio::test]
async fn ten_thousand_unknown_paths_add_no_label_values() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let app = app(Duration::from_mins(1));
    let get = |path: String| {
        let app = app.clone();
        async move {
            let request = Request::get(path).body(Body::empty()).unwrap();
            app.oneshot(request).await.unwrap().status().as_u16()
        }
    };
    // One unknown path and one invented method first, so that their series exist.
    assert_eq!(get("/unknown-0".into()).await, 404);
    let series_before = error_counts(&recorder().render());
    for i in 1..=10_000 {
        assert_eq!(get(format!("/unknown-{i}/{}", i * 7919)).await, 404);
    }
    let series_after = error_counts(&recorder().render());
    let new: Vec<&String> = series_after
        .keys()
        .filter(|key| !series_before.contains_key(*key))
        .collect();
    assert!(new.is_empty(), "new label sets: {new:?}");
    let unmatched = series("GET", None, 404, "CCE.01404001");
    assert!(
        series_after[&unmatched] >= series_before[&unmatched] + 10_000,
        "{series_after:#?}"
    );
    // No series names a path a client sent.
    assert!(!recorder().render().contains("unknown-"));
}

#[actix_web::test]
async fn actix_web_errors_are_counted_by_their_match_pattern() {
    use actix_web::{App, HttpResponse, web};
    use cce_errors::actix::CceMiddleware;
    use cce_errors_tests::ClusterError;

    let _alone = ONE_AT_A_TIME.lock().await;
    let app = actix_web::test::init_service(
        App::new()
            .route(
                "/actix/clusters/{id}",
                web::get().to(|| async { Err::<HttpResponse, _>(ClusterError::NotFound) }),
            )
            .wrap(CceMiddleware::new()),
    )
    .await;
    let before = error_counts(&recorder().render());
    for path in [
        "/actix/clusters/a",
        "/actix/clusters/b",
        "/actix/nowhere/1",
        "/actix/nowhere/2",
    ] {
        let request = actix_web::test::TestRequest::get().uri(path).to_request();
        let response = actix_web::test::call_service(&app, request).await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let after = error_counts(&recorder().render());
    let grew = |key: String| {
        after.get(&key).copied().unwrap_or(0) - before.get(&key).copied().unwrap_or(0)
    };
    assert_eq!(
        grew(series(
            "GET",
            Some("/actix/clusters/{id}"),
            404,
            "CCE.01404001"
        )),
        2
    );
    assert_eq!(grew(series("GET", None, 404, "CCE.01404001")), 2);
    assert!(!recorder().render().contains("/actix/nowhere"));
}

// Both example services include their shared `common` module.
#[allow(dead_code, unreachable_pub, clippy::duplicate_mod)]
#[path = "../../cce-errors/examples/grpc_service.rs"]
mod grpc_service;

#[tokio::test]
async fn grpc_calls_are_counted_by_method_status_and_code_and_invented_methods_are_other() {
    use grpc_service::pb;
    use tonic::metadata::MetadataValue;

    let _alone = ONE_AT_A_TIME.lock().await;
    let _ = recorder();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(grpc_service::serve(
        listener,
        grpc_service::common::Store::default(),
    ));
    let channel = tonic::transport::Endpoint::from_shared(address)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let before = error_counts(&recorder().render());

    let mut clusters = pb::clusters_client::ClustersClient::new(channel.clone());
    let mut request = tonic::Request::new(pb::GetClusterRequest {
        project_id: "p1".into(),
        cluster_id: "nope".into(),
    });
    request
        .metadata_mut()
        .insert("x-auth-token", MetadataValue::from_static("t"));
    let status = clusters.get_cluster(request).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);

    // Methods a client invents: one label value, whatever their names.
    let mut grpc = tonic::client::Grpc::new(channel);
    for i in 0..50 {
        grpc.ready().await.unwrap();
        let path = format!("/cce.cluster.v1.Clusters/Invented{i}");
        let status = grpc
            .unary(
                tonic::Request::new(pb::GetClusterRequest::default()),
                http::uri::PathAndQuery::try_from(path).unwrap(),
                tonic_prost::ProstCodec::<pb::GetClusterRequest, pb::Cluster>::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(status.code(), tonic::Code::Unimplemented);
    }

    let text = recorder().render();
    let after = error_counts(&text);
    let grew =
        |key: &str| after.get(key).copied().unwrap_or(0) - before.get(key).copied().unwrap_or(0);
    assert_eq!(
        grew(
            "cce_errors_rpc_server_errors{rpc_system_name=\"grpc\",rpc_method=\"cce.cluster.v1.Clusters/GetCluster\",rpc_response_status_code=\"NOT_FOUND\",error_type=\"CCE.01404001\"}"
        ),
        1,
        "{after:#?}"
    );
    assert_eq!(
        grew(
            "cce_errors_rpc_server_errors{rpc_system_name=\"grpc\",rpc_method=\"_OTHER\",rpc_response_status_code=\"UNIMPLEMENTED\",error_type=\"CCE.01500001\"}"
        ),
        50,
        "{after:#?}"
    );
    assert!(!text.contains("Invented"), "{text}");
    // gRPC calls have a counter of their own, apart from HTTP responses.
    assert!(
        !text.contains("cce_errors_server_error_responses{rpc_"),
        "{text}"
    );
    assert!(text.contains("rpc_server_call_duration_count{rpc_system_name=\"grpc\",rpc_method=\"cce.cluster.v1.Clusters/GetCluster\""), "{text}");
}
