//! The cluster API of the example services over gRPC, on tonic: create,
//! get and delete (`grpc/cluster.proto`), over the same in-memory store,
//! whose errors are the same `ApiError` enum the HTTP examples send.
//!
//! ```sh
//! cargo run --example grpc_service --features tonic [ADDRESS]
//! ```
//!
//! It listens on `127.0.0.1:50051`, or on the address given as the first
//! argument, and says where on start. Each error reaches clients as a
//! `google.rpc.Status`: the gRPC code of the row's HTTP status, `ErrorInfo`
//! (reason: the code, domain `cce.example.com`, metadata: the fields the
//! detail shows), `RetryInfo` for a cluster still being created, and
//! `LocalizedMessage`. `CceGrpcLayer` gives every other error status
//! (an unknown method, a panic) a CCE code too, and every response an
//! `x-request-id`.

#[path = "common/mod.rs"]
pub mod common;

/// The messages, client and server of `grpc/cluster.proto`, as
/// tonic-prost-build 0.14.9 generates them (`grpc/regenerate.sh`).
#[allow(clippy::pedantic, missing_docs, unreachable_pub)]
pub mod pb {
    include!("grpc/cce.cluster.v1.rs");
}

use std::error::Error;

use cce_errors::tonic::CceGrpcLayer;
use tokio::net::TcpListener;
use tonic::transport::server::TcpIncoming;
use tonic::{Request, Response, Status};

use common::{ApiError, CreateCluster, NAME_RULE, Store, valid_name};
use pb::clusters_server::{Clusters, ClustersServer};

/// The address it listens on without an argument.
pub const DEFAULT_ADDRESS: &str = "127.0.0.1:50051";

/// The gRPC service over a store.
pub struct ClusterService {
    store: Store,
}

/// The service, ready for `Server::add_service`.
pub fn service(store: Store) -> ClustersServer<ClusterService> {
    ClustersServer::new(ClusterService { store })
}

/// The layer the service runs in: its own statuses in the domain of
/// `ApiError`.
pub fn layer() -> CceGrpcLayer {
    CceGrpcLayer::new().with_domain("cce.example.com")
}

/// Serves `store` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, store: Store) -> Result<(), tonic::transport::Error> {
    tonic::transport::Server::builder()
        .layer(layer())
        .add_service(service(store))
        .serve_with_incoming(TcpIncoming::from(listener))
        .await
}

/// A request is authenticated when its metadata carries a credential.
fn authenticate<T>(request: &Request<T>) -> Result<(), ApiError> {
    common::authenticate(|name| request.metadata().contains_key(name))
}

/// A field that must not be empty.
fn required(value: String, name: &str) -> Result<String, ApiError> {
    if value.is_empty() {
        Err(ApiError::InvalidBody(format!("{name} is required")))
    } else {
        Ok(value)
    }
}

fn message(cluster: common::Cluster) -> pb::Cluster {
    pb::Cluster {
        uid: cluster.metadata.uid,
        name: cluster.metadata.name,
        flavor: cluster.spec.flavor,
        vpc: cluster.spec.host_network.vpc,
        subnet: cluster.spec.host_network.subnet,
        phase: cluster.status.phase.to_owned(),
    }
}

#[tonic::async_trait]
impl Clusters for ClusterService {
    async fn create_cluster(
        &self,
        request: Request<pb::CreateClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        authenticate(&request)?;
        let request = request.into_inner();
        let project_id = required(request.project_id, "project_id")?;
        let name = required(request.name, "name")?;
        if !valid_name(&name) {
            return Err(ApiError::InvalidBody(format!("name must be {NAME_RULE}")).into());
        }
        let create = CreateCluster {
            name,
            flavor: required(request.flavor, "flavor")?,
            vpc: required(request.vpc, "vpc")?,
            subnet: required(request.subnet, "subnet")?,
        };
        let cluster = self.store.create(&project_id, create)?;
        Ok(Response::new(message(cluster)))
    }

    async fn get_cluster(
        &self,
        request: Request<pb::GetClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        authenticate(&request)?;
        let request = request.into_inner();
        let cluster = self.store.get(&request.project_id, &request.cluster_id)?;
        Ok(Response::new(message(cluster)))
    }

    async fn delete_cluster(
        &self,
        request: Request<pb::DeleteClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        authenticate(&request)?;
        let request = request.into_inner();
        let cluster = self
            .store
            .delete(&request.project_id, &request.cluster_id)?;
        Ok(Response::new(message(cluster)))
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    common::init_logging();
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_ADDRESS.to_owned());
    let listener = TcpListener::bind(&address).await?;
    println!(
        "cluster service (gRPC) listening on http://{}",
        listener.local_addr()?
    );
    serve(listener, Store::default()).await?;
    Ok(())
}
