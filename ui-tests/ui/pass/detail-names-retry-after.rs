// A `detail` may name the `#[cce(retry_after)]` field: it is a value the
// developer declared, not a source.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01429002", detail = "try again in {after} seconds")]
    Locked {
        #[cce(retry_after)]
        after: u64,
    },
}

fn main() {
    let error = ClusterError::Locked { after: 10 };
    assert_eq!(error.detail().as_deref(), Some("try again in 10 seconds"));
    assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(10)));
}
