use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001", detail = "storage failed: {0}")]
    Storage(#[from] std::io::Error),
    #[cce(code = "CCE.01500001", detail = "etcd: {cause:?}")]
    Etcd {
        #[source]
        cause: std::io::Error,
    },
    #[cce(code = "CCE.01500001", detail = "{node}: {source}")]
    Node { node: String, source: std::io::Error },
}

fn main() {}
