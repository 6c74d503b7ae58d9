use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001")]
enum ClusterError {
    #[cce(crate = "::cce_errors", code = "CCE.01404001")]
    NotFound,
    #[cce(code = "CCE.01409001", thiserror)]
    Exists,
}

fn main() {}
