//! OpenAPI (feature `utoipa`): `ErrorBody`'s schema, and the responses a
//! derived type documents: one per status it can produce, described by its
//! rows, with one named example per code that is the exact body sent and
//! validates against the schema.

use std::time::Duration;

use cce_errors::{CceError, ErrorBody};
use cce_errors_tests::ClusterError;
use serde_json::{Value, json};
use utoipa::{OpenApi, PartialSchema as _};

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/cluster_service.rs"]
mod cluster_service;

#[derive(Debug, CceError)]
#[allow(dead_code, reason = "documented here, never sent")]
enum Throttled {
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        after: Duration,
    },
    #[cce(code = "CCE.02429001")]
    TooFast,
}

#[derive(Debug, CceError)]
enum Everything {
    #[cce(transparent)]
    Cluster(ClusterError),
    #[cce(transparent)]
    Throttled(Throttled),
}

#[utoipa::path(
    get,
    path = "/clusters/{id}",
    params(("id" = String, Path)),
    responses((status = 200, description = "The cluster"), Everything)
)]
#[allow(
    dead_code,
    clippy::unused_async,
    reason = "a route for the document only"
)]
async fn show_cluster() {}

#[derive(OpenApi)]
#[openapi(paths(show_cluster))]
struct Api;

fn responses(document: &Value, path: &str, method: &str) -> serde_json::Map<String, Value> {
    document["paths"][path][method]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("no responses for {method} {path}"))
        .clone()
}

fn schema() -> Value {
    serde_json::to_value(ErrorBody::schema()).unwrap()
}

#[test]
fn one_response_per_status_with_one_example_per_code() {
    let document = serde_json::to_value(Api::openapi()).unwrap();
    let responses = responses(&document, "/clusters/{id}", "get");
    let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(statuses, ["200", "400", "404", "409", "429", "500"]);

    // Every code the type can produce is an example under its status, with
    // exactly the body the service sends.
    let mut documented = Vec::new();
    for (status, response) in &responses {
        if status == "200" {
            continue;
        }
        let content = &response["content"]["application/json"];
        for (code, example) in content["examples"].as_object().unwrap() {
            documented.push(code.clone());
            let row = cce_errors::ErrorCode::lookup(code).unwrap();
            assert_eq!(row.status().as_str(), status);
            assert_eq!(example["summary"], row.message());
            assert!(
                response["description"].as_str().unwrap().contains(&format!(
                    "`{}` {} {}",
                    row.code(),
                    row.message(),
                    row.description()
                )),
                "{status}: {}",
                response["description"]
            );
            let doc = Everything::variant_docs()
                .into_iter()
                .find(|d| d.error_code == row)
                .unwrap();
            let body = ErrorBody {
                code: row.code().into(),
                message: row.message().into(),
                detail: doc.detail.map(Into::into),
            };
            assert_eq!(
                example["value"],
                serde_json::to_value(&body).unwrap(),
                "{code}"
            );
        }
    }
    let expected: Vec<String> = Everything::error_codes()
        .iter()
        .map(|row| row.code().to_owned())
        .collect();
    documented.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(documented, expected_sorted);

    // Examples of the 429 response, and its `Retry-After` header.
    let throttled = &responses["429"];
    assert_eq!(
        throttled["content"]["application/json"]["examples"]["CCE.01429002"]["value"],
        json!({"errorCode": "CCE.01429002", "errorMessage": "Resource locked by other requests.", "message": "cluster {cluster_id} is locked"})
    );
    assert_eq!(
        throttled["headers"]["Retry-After"]["schema"]["type"],
        "integer"
    );
    assert!(responses["404"].get("headers").is_none());
}

#[test]
fn every_example_validates_against_the_schema() {
    let document = serde_json::to_value(Api::openapi()).unwrap();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut checked = 0;
    for (status, response) in responses(&document, "/clusters/{id}", "get") {
        if status == "200" {
            continue;
        }
        let content = &response["content"]["application/json"];
        assert_eq!(
            content["schema"],
            schema(),
            "{status}: the schema is inline"
        );
        for (code, example) in content["examples"].as_object().unwrap() {
            let errors: Vec<String> = validator
                .iter_errors(&example["value"])
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{code}: {errors:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, Everything::error_codes().len());
    // The schema does reject what is not an error body.
    for wrong in [
        json!({"errorCode": "CCE.01404001"}),
        json!({"errorCode": 404, "errorMessage": "m"}),
        json!([]),
    ] {
        assert!(!validator.is_valid(&wrong), "{wrong}");
    }
}

#[test]
fn the_schema_describes_the_wire_names() {
    let schema = schema();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["required"], json!(["errorCode", "errorMessage"]));
    for key in [
        "errorCode",
        "errorMessage",
        "message",
        "error_code",
        "error_msg",
    ] {
        assert_eq!(schema["properties"][key]["type"], "string", "{key}");
    }
    assert_eq!(<ErrorBody<'_> as utoipa::ToSchema>::name(), "ErrorBody");
}

#[tokio::test]
async fn the_example_service_serves_its_document() {
    let router = cluster_service::app(cluster_service::routes(
        cluster_service::common::Store::default(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("http://{address}/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(
        document,
        serde_json::to_value(cluster_service::ApiDoc::openapi()).unwrap()
    );
    let delete = responses(
        &document,
        "/api/v3/projects/{project_id}/clusters/{cluster_id}",
        "delete",
    );
    let statuses: Vec<&str> = delete.keys().map(String::as_str).collect();
    assert_eq!(statuses, ["200", "400", "401", "404", "409", "429"]);
    let examples = delete["400"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    let codes: Vec<&str> = examples.keys().map(String::as_str).collect();
    assert_eq!(codes, ["CCE.01400001", "CCE.01400006"]);
    assert!(delete["429"]["headers"].get("Retry-After").is_some());
}
