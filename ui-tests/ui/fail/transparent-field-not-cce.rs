// A transparent field must itself be a `CceError`: the error points at its type.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(transparent)]
    Other(std::io::Error),
}

fn main() {}
