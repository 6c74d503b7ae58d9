// `status`, `detail` and `transparent` go on the variants, not on the enum.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(status = 404)]
enum NotFound {
    #[cce(code = "CCE.01404001")]
    Cluster,
}

#[derive(Debug, CceError)]
#[cce(detail = "cluster not found")]
enum WithDetail {
    #[cce(code = "CCE.01404001")]
    Cluster,
}

#[derive(Debug, CceError)]
#[cce(transparent)]
enum Wrapper {
    #[cce(code = "CCE.01404001")]
    Cluster,
}

fn main() {}
