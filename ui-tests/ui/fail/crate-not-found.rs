// A `crate` path that names nothing: the error points at the path.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(crate = "cce_errorz")]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {}
