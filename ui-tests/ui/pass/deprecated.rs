// Deprecated variants, fields and types derive without a lint.
#![deny(deprecated)]

use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ApiError {
    #[deprecated]
    #[cce(code = "CCE.01400002", detail = "subnet {subnet}")]
    OldSubnet { subnet: String },
}

#[deprecated]
#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", detail("{}", .id))]
struct OldNotFound {
    #[deprecated]
    id: u32,
}

#[allow(deprecated)]
fn main() {
    let error = ApiError::OldSubnet { subnet: "s".into() };
    assert_eq!(error.detail().as_deref(), Some("subnet s"));
    assert_eq!(OldNotFound { id: 1 }.detail().as_deref(), Some("1"));
}
