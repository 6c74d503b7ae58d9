use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(crate = "not a path!")]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {}
