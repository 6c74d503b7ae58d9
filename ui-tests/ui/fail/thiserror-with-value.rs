// `thiserror` is a flag: it takes no value.
use cce_errors::CceError;

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror = true)]
enum ClusterError {
    #[error("cluster not found")]
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror(v2))]
enum AddonError {
    #[error("add-on installed")]
    #[cce(code = "CCE.03409001")]
    Installed,
}

fn main() {}
