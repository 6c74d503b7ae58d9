// A transparent field must itself be a `CceError`: one error, at its type,
// saying to give the variant a code instead (the catch-all that wraps any
// error is written so).
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(transparent)]
    Other(std::io::Error),
    #[cce(transparent)]
    Any(#[from] Box<dyn std::error::Error + Send + Sync>),
}

fn main() {}
