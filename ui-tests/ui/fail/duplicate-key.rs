use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001", code = "CCE.02404001")]
    NotFound,
    #[cce(code = "CCE.01409001")]
    #[cce(status = 409, code = "CCE.01409001", status = 409)]
    Exists,
}

fn main() {}
