// `retry_after` goes on the field holding the delay, not on the variant, the
// enum or the struct.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(retry_after)]
enum ClusterError {
    #[cce(code = "CCE.01429002", retry_after)]
    Locked { after: u64 },
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.02429001", retry_after)]
struct Throttled {
    after: u64,
}

fn main() {}
