use std::time::Duration;

use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Inner {
    #[cce(code = "CCE.01429002")]
    Locked {
        #[cce(retry_after)]
        after: Duration,
    },
}

#[derive(Debug, CceError)]
enum ClusterError {
    // `Retry-After` belongs to 429 and 503 responses.
    #[cce(code = "CCE.01404001")]
    NotFound {
        #[cce(retry_after)]
        after: u64,
    },
    // A transparent variant takes it from the inner error.
    #[cce(transparent)]
    Wrapped(#[cce(retry_after)] Inner),
    // One delay per response.
    #[cce(code = "CCE.02429001")]
    Throttled {
        #[cce(retry_after)]
        after: u64,
        #[cce(retry_after)]
        again: u64,
    },
    #[cce(code = "CCE.01429002")]
    WithValue {
        #[cce(retry_after = 5)]
        after: u64,
    },
}

fn main() {}
