//! The `tracing` feature: the request span carries the OpenTelemetry HTTP
//! fields, with `error.type` = the error code and `otel.status_code =
//! "ERROR"` for a 5xx, so that a `tracing-opentelemetry` pipeline exports
//! them without mapping. A layer records every field set on the spans.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpResponse, web};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use cce_errors::actix::CceMiddleware;
use cce_errors::axum::CceLayer;
use cce_errors_tests::ClusterError;
use tower::ServiceExt as _;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// The fields of every `request` span, as recorded.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<BTreeMap<u64, BTreeMap<String, String>>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() == "request" {
            let mut spans = self.0.lock().unwrap();
            attrs.record(&mut Fields(spans.entry(id.into_u64()).or_default()));
        }
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut spans = self.0.lock().unwrap();
        if let Some(fields) = spans.get_mut(&id.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
}

impl Spans {
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(tracing_subscriber::registry().with(self.clone()))
    }

    /// The fields of the one `request` span recorded since the last call.
    fn take_one(&self) -> BTreeMap<String, String> {
        let mut spans = self.0.lock().unwrap();
        assert_eq!(spans.len(), 1, "{spans:?}");
        std::mem::take(&mut *spans).into_values().next().unwrap()
    }
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
}

async fn panics() -> &'static str {
    panic!("boom")
}

#[tokio::test]
async fn axum_request_spans_carry_the_code_and_the_error_status() {
    let spans = Spans::default();
    let _guard = spans.install();
    let app = Router::new()
        .route("/clusters/{id}", get(|| async { ClusterError::NotFound }))
        .route("/fine", get(|| async { "fine" }))
        .route("/panic", get(panics))
        .route(
            "/storage",
            get(|| async { ClusterError::Storage(std::io::Error::other("disk")) }),
        )
        .layer(CceLayer::new());
    let call = |path: &'static str| {
        let app = app.clone();
        async move {
            let request = Request::get(path).body(Body::empty()).unwrap();
            app.oneshot(request).await.unwrap().status()
        }
    };

    assert_eq!(call("/clusters/c-1").await, StatusCode::NOT_FOUND);
    let fields = spans.take_one();
    assert_eq!(field(&fields, "http.request.method"), Some("GET"));
    assert_eq!(field(&fields, "url.path"), Some("/clusters/c-1"));
    assert_eq!(field(&fields, "http.route"), Some("/clusters/{id}"));
    assert_eq!(field(&fields, "http.response.status_code"), Some("404"));
    assert_eq!(field(&fields, "error.type"), Some("CCE.01404001"));
    assert_eq!(
        field(&fields, "otel.status_code"),
        None,
        "a 4xx leaves it unset"
    );

    assert_eq!(call("/storage").await, StatusCode::INTERNAL_SERVER_ERROR);
    let fields = spans.take_one();
    assert_eq!(field(&fields, "error.type"), Some("CCE.01500001"));
    assert_eq!(field(&fields, "otel.status_code"), Some("ERROR"));

    assert_eq!(call("/panic").await, StatusCode::INTERNAL_SERVER_ERROR);
    let fields = spans.take_one();
    assert_eq!(field(&fields, "error.type"), Some("CCE.01500001"));
    assert_eq!(field(&fields, "otel.status_code"), Some("ERROR"));

    assert_eq!(call("/fine").await, StatusCode::OK);
    let fields = spans.take_one();
    assert_eq!(field(&fields, "http.response.status_code"), Some("200"));
    assert_eq!(field(&fields, "error.type"), None);

    assert_eq!(call("/no/route").await, StatusCode::NOT_FOUND);
    let fields = spans.take_one();
    assert_eq!(field(&fields, "http.route"), None, "no route matched");
    assert_eq!(field(&fields, "error.type"), Some("CCE.01404001"));
}

#[actix_web::test]
async fn actix_request_spans_carry_the_code_and_the_error_status() {
    let spans = Spans::default();
    let _guard = spans.install();
    let app = actix_web::test::init_service(
        App::new()
            .route(
                "/clusters/{id}",
                web::get().to(|| async { Err::<HttpResponse, _>(ClusterError::NotFound) }),
            )
            .route(
                "/storage",
                web::get().to(|| async {
                    Err::<HttpResponse, _>(ClusterError::Storage(std::io::Error::other("disk")))
                }),
            )
            .route(
                "/panic",
                web::get().to(|| async {
                    panic!("boom");
                    #[allow(unreachable_code)]
                    HttpResponse::Ok().finish()
                }),
            )
            .wrap(CceMiddleware::new()),
    )
    .await;
    for (path, status, route, code, error) in [
        (
            "/clusters/c-1",
            404,
            Some("/clusters/{id}"),
            "CCE.01404001",
            None,
        ),
        (
            "/storage",
            500,
            Some("/storage"),
            "CCE.01500001",
            Some("ERROR"),
        ),
        ("/panic", 500, Some("/panic"), "CCE.01500001", Some("ERROR")),
        ("/no/route", 404, None, "CCE.01404001", None),
    ] {
        let request = actix_web::test::TestRequest::get().uri(path).to_request();
        // A panic comes out as an error whose response actix makes, as a
        // server does.
        let status_sent = match actix_web::test::try_call_service(&app, request).await {
            Ok(response) => response.status(),
            Err(error) => error.error_response().status(),
        };
        assert_eq!(status_sent.as_u16(), status, "{path}");
        let fields = spans.take_one();
        assert_eq!(field(&fields, "http.route"), route, "{path}");
        assert_eq!(
            field(&fields, "http.response.status_code"),
            Some(status.to_string().as_str()),
            "{path}"
        );
        assert_eq!(field(&fields, "error.type"), Some(code), "{path}");
        assert_eq!(field(&fields, "otel.status_code"), error, "{path}");
    }
}

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/grpc_service.rs"]
mod grpc_service;

#[tokio::test]
async fn grpc_request_spans_carry_the_code_and_the_status() {
    use grpc_service::pb;
    use tonic::metadata::MetadataValue;

    let spans = Spans::default();
    let _guard = spans.install();
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
    let mut clusters = pb::clusters_client::ClustersClient::new(channel);
    let mut request = tonic::Request::new(pb::GetClusterRequest {
        project_id: "p1".into(),
        cluster_id: "nope".into(),
    });
    request
        .metadata_mut()
        .insert("x-auth-token", MetadataValue::from_static("t"));
    let status = clusters.get_cluster(request).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);
    let fields = spans.take_one();
    assert_eq!(
        field(&fields, "url.path"),
        Some("/cce.cluster.v1.Clusters/GetCluster")
    );
    assert_eq!(
        field(&fields, "rpc.response.status_code"),
        Some("NOT_FOUND")
    );
    assert_eq!(field(&fields, "error.type"), Some("CCE.01404001"));
    assert_eq!(field(&fields, "otel.status_code"), None, "a client's fault");
}
