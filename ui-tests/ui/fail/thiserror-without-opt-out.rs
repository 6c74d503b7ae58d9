use cce_errors::CceError;

#[derive(Debug, thiserror::Error, CceError)]
enum ClusterError {
    #[error("cluster not found")]
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {}
