//! Nothing internal leaks on the gRPC wire: a marker planted in a source
//! error's `Display` and `Debug`, in a user's own `Display`, in a panic
//! message, in a handler's plain status and in a service's error reaches
//! no `tonic::Status` a client receives (code, message, details, metadata),
//! while the `tracing` output has it, in the request's span with its id.

use std::fmt;
use std::fmt::Write as _;

use cce_errors::CceError;
use cce_errors::tonic::{CceGrpcLayer, status_of};
use tonic::metadata::{KeyAndValueRef, MetadataValue};
use tonic::{Code, Request, Response, Status};
use tonic_types::StatusExt as _;

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/grpc_service.rs"]
mod grpc_service;

use grpc_service::pb;
use grpc_service::pb::clusters_client::ClustersClient;
use grpc_service::pb::clusters_server::{Clusters, ClustersServer};

const MARKER: &str = "GRPC-LEAK-MARKER-3b9f";

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
#[cce(domain = "cce.example.com")]
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

/// A type whose own `Display` shows its source: the status never uses it.
#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001", detail = "while reading {what}", skip(Display))]
struct OwnDisplay {
    what: &'static str,
    source: Secret,
}

impl fmt::Display for OwnDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "reading {} failed: {}", self.what, self.source)
    }
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

/// Everything a client receives of a status, as text.
fn received(status: &Status) -> String {
    let mut text = format!("{:?} {}\n", status.code(), status.message());
    text.push_str(&String::from_utf8_lossy(status.details()));
    let _ = writeln!(text, "\n{:?}", status.get_error_details());
    for entry in status.metadata().iter() {
        let (key, value) = match entry {
            KeyAndValueRef::Ascii(key, value) => (key.as_str(), value.as_encoded_bytes()),
            KeyAndValueRef::Binary(key, value) => (key.as_str(), value.as_encoded_bytes()),
        };
        let _ = writeln!(text, "{key}: {}", String::from_utf8_lossy(value));
    }
    text
}

#[track_caller]
fn assert_clean(what: &str, status: &Status) {
    let text = received(status);
    assert!(!text.contains(MARKER), "{what} leaks the marker: {text}");
}

#[test]
fn the_marker_is_really_in_the_errors() {
    for error in errors() {
        let chain = std::error::Error::source(&error).unwrap().to_string();
        assert!(chain.contains(MARKER), "{chain}");
        assert!(format!("{error:?}").contains(MARKER));
    }
    let own = OwnDisplay {
        what: "node.toml",
        source: Secret,
    };
    assert!(own.to_string().contains(MARKER));
}

#[test]
fn statuses_never_carry_a_source() {
    for error in errors() {
        assert_clean("status_of", &status_of(&error));
        assert_clean("From", &Status::from(error));
    }
    let own = OwnDisplay {
        what: "node.toml",
        source: Secret,
    };
    let status = status_of(&own);
    assert_clean("a type with its own Display", &status);
    assert_eq!(
        status.message(),
        "Internal error. [CCE.01500001]: while reading node.toml"
    );
    assert_eq!(
        status.get_details_error_info().unwrap().metadata["what"],
        "node.toml"
    );
}

/// A detail that shows only the start of a value, or shows it with a
/// precision taken from another field.
#[derive(Debug, CceError)]
enum CutShort {
    #[cce(code = "CCE.01400001", detail = "token {token:.4}...")]
    Precision { token: String },
    #[cce(code = "CCE.01400001", detail = "token {token:>12.shown$}...")]
    CountedPrecision { token: String, shown: usize },
    #[cce(code = "CCE.01400001", detail("token {token:.*}...", 3))]
    StarPrecision { token: String },
}

#[test]
fn metadata_shows_no_more_of_a_field_than_the_detail() {
    let token = format!("tok-{MARKER}");
    for (error, message) in [
        (
            CutShort::Precision {
                token: token.clone(),
            },
            "Invalid request. [CCE.01400001]: token tok-...",
        ),
        (
            CutShort::CountedPrecision {
                token: token.clone(),
                shown: 6,
            },
            "Invalid request. [CCE.01400001]: token       tok-GR...",
        ),
        (
            CutShort::StarPrecision {
                token: token.clone(),
            },
            "Invalid request. [CCE.01400001]: token tok...",
        ),
    ] {
        let status = status_of(&error);
        assert_clean(message, &status);
        assert_eq!(status.message(), message);
        let metadata = status.get_details_error_info().unwrap().metadata;
        match error {
            CutShort::Precision { .. } => assert_eq!(metadata["token"], "tok-"),
            // What the detail shows depends on another value: left out.
            _ => assert!(metadata.is_empty(), "{metadata:?}"),
        }
    }
}

/// Handlers that fail with internal text in every way.
struct Leaky;

#[tonic::async_trait]
impl Clusters for Leaky {
    async fn create_cluster(
        &self,
        request: Request<pb::CreateClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        match request.get_ref().name.as_str() {
            "source" => Err(ServiceError::Storage(Secret).into()),
            "save" => Err(ServiceError::Save {
                cluster: "c-1".into(),
                cause: Secret,
            }
            .into()),
            "plain" => Err(Status::internal(format!("internal: {MARKER}"))),
            "metadata" => {
                // Only the message and details are replaced: metadata a
                // handler chose is its own, and stays.
                let mut status = Status::unavailable(format!("upstream: {MARKER}"));
                status
                    .metadata_mut()
                    .insert("x-kept", MetadataValue::from_static("yes"));
                Err(status)
            }
            _ => panic!("handler state: {MARKER}"),
        }
    }

    async fn get_cluster(
        &self,
        _: Request<pb::GetClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        Err(Status::from_error(Box::new(Secret)))
    }

    async fn delete_cluster(
        &self,
        _: Request<pb::DeleteClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        Err(Status::data_loss(MARKER))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_layer_sends_none_of_it_and_logs_it() {
    let log = cce_errors_tests::global_log();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(CceGrpcLayer::new())
            .add_service(ClustersServer::new(Leaky))
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut clusters = ClustersClient::new(channel);

    let mut ids = Vec::new();
    for (i, name) in ["source", "save", "plain", "metadata", "panic"]
        .into_iter()
        .enumerate()
    {
        let id: &'static str = Box::leak(format!("leak-{i}").into_boxed_str());
        let mut request = Request::new(pb::CreateClusterRequest {
            name: name.into(),
            ..pb::CreateClusterRequest::default()
        });
        request
            .metadata_mut()
            .insert("x-request-id", MetadataValue::from_static(id));
        let status = clusters.create_cluster(request).await.unwrap_err();
        assert_clean(name, &status);
        assert!(
            status.get_details_error_info().is_some(),
            "{name}: {status:?}"
        );
        assert_eq!(status.metadata().get("x-request-id").unwrap(), id);
        if name == "metadata" {
            assert_eq!(status.code(), Code::Unavailable);
            assert_eq!(status.metadata().get("x-kept").unwrap(), "yes");
        }
        ids.push(id);
    }
    let status = clusters
        .get_cluster(pb::GetClusterRequest::default())
        .await
        .unwrap_err();
    assert_clean("Status::from_error", &status);
    let status = clusters
        .delete_cluster(pb::DeleteClusterRequest::default())
        .await
        .unwrap_err();
    assert_clean("data loss", &status);
    assert_eq!(status.code(), Code::DataLoss);

    let logged = log.text();
    // The source chain, the replaced texts and the panic message are in
    // the log, for the people who run the service, with the request ids.
    assert!(
        logged.contains(&format!("etcd at 10.0.0.7 refused: {MARKER}")),
        "{logged}"
    );
    assert!(
        logged.contains(&format!("handler state: {MARKER}")),
        "{logged}"
    );
    assert!(logged.contains(&format!("internal: {MARKER}")), "{logged}");
    assert!(logged.contains(&format!("upstream: {MARKER}")), "{logged}");
    for id in ids {
        assert!(
            logged
                .lines()
                .any(|line| line.contains(&format!("request_id={id}")) && line.contains(MARKER)),
            "no line of request {id} has the marker: {logged}"
        );
    }
    // Errors at error level with the HTTP integrations' fields.
    assert!(
        logged.lines().any(|line| line.contains("ERROR")
            && line.contains("status=500")
            && line.contains("grpc_status=13")
            && line.contains("code=\"CCE.01500001\"")),
        "{logged}"
    );
}
