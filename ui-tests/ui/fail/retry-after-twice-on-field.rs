// `retry_after` given twice on one field, in one attribute or in two.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01429002")]
    Locked {
        #[cce(retry_after, retry_after)]
        after: u64,
    },
    #[cce(code = "CCE.02429001")]
    Throttled {
        #[cce(retry_after)]
        #[cce(retry_after)]
        after: u64,
    },
}

fn main() {}
