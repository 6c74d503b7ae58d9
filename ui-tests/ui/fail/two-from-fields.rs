// `#[from]` on two fields of one variant.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error, #[from] std::fmt::Error),
}

fn main() {}
