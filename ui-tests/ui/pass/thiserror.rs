// Beside thiserror: `#[cce(thiserror)]` leaves Display, Error and From to it.
use cce_errors::CceError;

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror)]
enum ClusterError {
    #[error("cluster {0} not found")]
    #[cce(code = "CCE.01404001", detail = "cluster {0} not found")]
    NotFound(String),
    #[error("storage failed")]
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error),
}

fn main() {
    let error = ClusterError::from(std::io::Error::other("disk"));
    assert_eq!(error.to_string(), "storage failed");
    assert_eq!(error.code(), "CCE.01500001");
    assert_eq!(ClusterError::NotFound("c".into()).detail().as_deref(), Some("cluster c not found"));
}
