// `domain` belongs to the type: not to a variant, not to a field.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001", domain = "cce.example.com")]
    NotFound,
    #[cce(code = "CCE.01429002")]
    Locked {
        #[cce(domain = "cce.example.com")]
        seconds: u64,
    },
}

fn main() {}
