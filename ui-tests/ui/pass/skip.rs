// `skip(...)` leaves the named impls to the user.
use std::fmt;

use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(skip(Display))]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error),
}

impl fmt::Display for ClusterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("storage failed")
    }
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", skip(Error, From))]
struct NotFound(#[from] std::io::Error);

impl std::error::Error for NotFound {}

fn main() {
    let error = ClusterError::from(std::io::Error::other("disk"));
    assert_eq!(error.to_string(), "storage failed");
    assert!(std::error::Error::source(&error).is_some());
    let error = NotFound(std::io::Error::other("x"));
    assert!(std::error::Error::source(&error).is_none());
    assert_eq!(error.to_string(), "Resource not found. [CCE.01404001]");
}
