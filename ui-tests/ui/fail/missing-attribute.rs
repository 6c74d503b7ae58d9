use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    NotFound,
    // No `#[cce(...)]` at all.
    Conflict,
    // An attribute, but no code.
    #[cce(detail = "cluster is busy")]
    Busy,
}

#[derive(Debug, CceError)]
struct Forbidden;

fn main() {}
