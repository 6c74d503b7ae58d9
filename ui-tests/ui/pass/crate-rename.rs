// `#[cce(crate = "...")]` for a crate that reaches cce-errors under another path.
mod reexport {
    pub use ::cce_errors as errors;
}

use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(crate = "crate::reexport::errors")]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {
    assert_eq!(ClusterError::NotFound.code(), "CCE.01404001");
}
