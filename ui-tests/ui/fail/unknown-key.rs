use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(cod = "CCE.01404001")]
    NotFound,
    #[cce(code = "CCE.01409001", message = "cluster exists")]
    Exists,
    #[cce(code = "CCE.01400001", serde::rename = "x")]
    Invalid,
}

fn main() {}
