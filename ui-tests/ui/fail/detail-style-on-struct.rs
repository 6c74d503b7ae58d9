// A struct's `detail` refers to named fields by name and tuple fields by
// position.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", detail = "cluster {0} not found")]
struct ClusterNotFound {
    cluster_id: String,
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", detail = "node {node_id} not found")]
struct NodeNotFound(String);

fn main() {}
