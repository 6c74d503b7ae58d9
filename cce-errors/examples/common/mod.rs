//! The part of the example services that does not depend on the web
//! framework: the API's errors, declared once, the request checks, and an
//! in-memory cluster store. `cluster_service.rs` (axum) and
//! `actix_service.rs` (actix-web) serve it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cce_errors::CceError;
use serde::Serialize;
use serde_json::Value;

/// Every error the cluster API answers with. Status, code and message come
/// from the CCE table; the details say what was wrong with this request.
/// Over gRPC (`grpc_service.rs`), the codes are `ErrorInfo` reasons in the
/// domain `cce.example.com`.
#[derive(Debug, CceError)]
#[cce(domain = "cce.example.com")]
pub enum ApiError {
    #[cce(
        code = "CCE.01401001",
        detail = "the request has neither an Authorization nor an X-Auth-Token header"
    )]
    Unauthorized,
    #[cce(
        code = "CCE.01404001",
        detail = "cluster {cluster_id} does not exist in project {project_id}"
    )]
    ClusterNotFound {
        project_id: String,
        cluster_id: String,
    },
    /// What is wrong with a create request, without repeating its values.
    #[cce(code = "CCE.01400001", detail = "{0}")]
    InvalidBody(String),
    #[cce(
        code = "CCE.01400006",
        detail = "send the body with Content-Type: application/json"
    )]
    ContentType,
    #[cce(
        code = "CCE.01409001",
        detail = "project {project_id} already has a cluster named {name}"
    )]
    DuplicateName { project_id: String, name: String },
    #[cce(
        code = "CCE.01429002",
        detail = "cluster {cluster_id} is still being created; delete it when it is Available"
    )]
    StillCreating {
        cluster_id: String,
        #[cce(retry_after)]
        retry_after: Duration,
    },
}

/// How long a new cluster stays in phase `Creating`.
pub const CREATING_FOR: Duration = Duration::from_secs(10);

/// The headers a request must have one of.
pub const CREDENTIAL_HEADERS: [&str; 2] = ["authorization", "x-auth-token"];

/// A request is authenticated when it carries a credential header; a real
/// service would verify the token.
pub fn authenticate(has_header: impl Fn(&str) -> bool) -> Result<(), ApiError> {
    if CREDENTIAL_HEADERS.iter().any(|name| has_header(name)) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// What a create request asks for, checked.
#[derive(Debug, Clone)]
pub struct CreateCluster {
    pub name: String,
    pub flavor: String,
    pub vpc: String,
    pub subnet: String,
}

/// Reads a create request (`{"kind": "Cluster", "apiVersion": "v3",
/// "metadata": {"name": ...}, "spec": {"flavor": ..., "hostNetwork":
/// {"vpc": ..., "subnet": ...}}}`). A malformed body gets a detail naming
/// what is wrong, never the values it holds.
pub fn parse_create(body: &[u8]) -> Result<CreateCluster, ApiError> {
    let invalid = |what: String| ApiError::InvalidBody(what);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        invalid(format!(
            "the body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if !value.is_object() {
        return Err(invalid("the body must be a JSON object".into()));
    }
    let text = |pointer: &str| -> Result<String, ApiError> {
        match value.pointer(pointer) {
            Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
            Some(Value::String(_)) => {
                Err(invalid(format!("{} must not be empty", dotted(pointer))))
            }
            Some(_) => Err(invalid(format!("{} must be a string", dotted(pointer)))),
            None => Err(invalid(format!("{} is required", dotted(pointer)))),
        }
    };
    if text("/kind")? != "Cluster" {
        return Err(invalid("kind must be \"Cluster\"".into()));
    }
    if text("/apiVersion")? != "v3" {
        return Err(invalid("apiVersion must be \"v3\"".into()));
    }
    let name = text("/metadata/name")?;
    if !valid_name(&name) {
        return Err(invalid(format!("metadata.name must be {NAME_RULE}")));
    }
    Ok(CreateCluster {
        name,
        flavor: text("/spec/flavor")?,
        vpc: text("/spec/hostNetwork/vpc")?,
        subnet: text("/spec/hostNetwork/subnet")?,
    })
}

/// What a cluster name is made of.
pub const NAME_RULE: &str = "1 to 56 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

/// Whether `name` follows [`NAME_RULE`].
pub fn valid_name(name: &str) -> bool {
    name.len() <= 56
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
}

/// Create requests carry JSON.
pub fn check_content_type(content_type: Option<&[u8]>) -> Result<(), ApiError> {
    let is_json = content_type
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(ApiError::ContentType)
    }
}

fn dotted(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

/// A cluster as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub kind: &'static str,
    pub api_version: &'static str,
    pub metadata: Metadata,
    pub spec: Spec,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub uid: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    pub flavor: String,
    pub host_network: HostNetwork,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HostNetwork {
    pub vpc: String,
    pub subnet: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Status {
    pub phase: &'static str,
}

/// The list of a project's clusters.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterList {
    pub kind: &'static str,
    pub api_version: &'static str,
    pub items: Vec<Cluster>,
}

struct Stored {
    cluster: Cluster,
    created: Instant,
}

/// Clusters by project and id, in memory.
#[derive(Clone)]
pub struct Store {
    clusters: Arc<Mutex<BTreeMap<(String, String), Stored>>>,
    next_id: Arc<AtomicU64>,
    creating_for: Duration,
}

impl Default for Store {
    fn default() -> Self {
        Store::new(CREATING_FOR)
    }
}

impl Store {
    /// A store whose new clusters are `Creating` for `creating_for`.
    pub fn new(creating_for: Duration) -> Self {
        Store {
            clusters: Arc::default(),
            next_id: Arc::default(),
            creating_for,
        }
    }

    fn with_clusters<T>(&self, f: impl FnOnce(&mut BTreeMap<(String, String), Stored>) -> T) -> T {
        // A panic elsewhere while holding the lock leaves the map usable.
        let mut clusters = self.clusters.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut clusters)
    }

    fn shown(&self, stored: &Stored) -> Cluster {
        let mut cluster = stored.cluster.clone();
        cluster.status.phase = if stored.created.elapsed() < self.creating_for {
            "Creating"
        } else {
            "Available"
        };
        cluster
    }

    pub fn list(&self, project_id: &str) -> ClusterList {
        let items = self.with_clusters(|clusters| {
            clusters
                .iter()
                .filter(|((project, _), _)| project == project_id)
                .map(|(_, stored)| self.shown(stored))
                .collect()
        });
        ClusterList {
            kind: "Cluster",
            api_version: "v3",
            items,
        }
    }

    pub fn create(&self, project_id: &str, request: CreateCluster) -> Result<Cluster, ApiError> {
        self.with_clusters(|clusters| {
            let taken = clusters.iter().any(|((project, _), s)| {
                project == project_id && s.cluster.metadata.name == request.name
            });
            if taken {
                return Err(ApiError::DuplicateName {
                    project_id: project_id.to_owned(),
                    name: request.name,
                });
            }
            let n = self.next_id.fetch_add(1, Ordering::Relaxed);
            let uid = format!("7c3a1f0e-{:04x}-4c2d-9e1b-{n:012x}", n & 0xffff);
            let stored = Stored {
                cluster: Cluster {
                    kind: "Cluster",
                    api_version: "v3",
                    metadata: Metadata {
                        uid: uid.clone(),
                        name: request.name,
                    },
                    spec: Spec {
                        flavor: request.flavor,
                        host_network: HostNetwork {
                            vpc: request.vpc,
                            subnet: request.subnet,
                        },
                    },
                    status: Status { phase: "Creating" },
                },
                created: Instant::now(),
            };
            let shown = self.shown(&stored);
            clusters.insert((project_id.to_owned(), uid), stored);
            Ok(shown)
        })
    }

    pub fn get(&self, project_id: &str, cluster_id: &str) -> Result<Cluster, ApiError> {
        self.with_clusters(|clusters| {
            clusters
                .get(&(project_id.to_owned(), cluster_id.to_owned()))
                .map(|stored| self.shown(stored))
                .ok_or_else(|| not_found(project_id, cluster_id))
        })
    }

    /// Deletes a cluster; one still being created cannot be deleted yet.
    pub fn delete(&self, project_id: &str, cluster_id: &str) -> Result<Cluster, ApiError> {
        self.with_clusters(|clusters| {
            let key = (project_id.to_owned(), cluster_id.to_owned());
            let stored = clusters
                .get(&key)
                .ok_or_else(|| not_found(project_id, cluster_id))?;
            let age = stored.created.elapsed();
            if age < self.creating_for {
                return Err(ApiError::StillCreating {
                    cluster_id: cluster_id.to_owned(),
                    retry_after: self.creating_for.saturating_sub(age),
                });
            }
            let stored = clusters
                .remove(&key)
                .ok_or_else(|| not_found(project_id, cluster_id))?;
            let mut cluster = stored.cluster;
            cluster.status.phase = "Deleting";
            Ok(cluster)
        })
    }
}

fn not_found(project_id: &str, cluster_id: &str) -> ApiError {
    ApiError::ClusterNotFound {
        project_id: project_id.to_owned(),
        cluster_id: cluster_id.to_owned(),
    }
}

/// Logs to stderr; `RUST_LOG` overrides the default, which shows the error
/// responses cce-errors logs (with its `tracing` feature).
pub fn init_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,cce_errors=debug".into()),
        )
        .init();
}

/// Whether `CCE_ERRORS_COMPAT=1` is in the environment: then the service's
/// layer (or middleware) gives error bodies `error_code` / `error_msg` too,
/// and responses `X-Openstack-Request-Id`, for clients that read only those
/// (see the README's compatibility table).
pub fn compatibility_mode() -> bool {
    std::env::var_os("CCE_ERRORS_COMPAT").is_some_and(|v| v == "1")
}

/// The address to listen on: the first argument, or 127.0.0.1:8080.
pub fn listen_address() -> String {
    std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
}
