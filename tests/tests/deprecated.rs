//! Everything a user may deprecate (a variant, a field, the deriving type,
//! a type used in a field) derives with no deprecation lint from generated
//! code: this file denies the lint, and builds.

#![deny(deprecated)]

use std::error::Error as _;
use std::fmt;

use cce_errors::CceError;

/// The example, and a deprecated field read by an argument.
#[derive(Debug, CceError)]
enum ApiError {
    #[deprecated]
    #[cce(code = "CCE.01400002", detail = "subnet {subnet}")]
    OldSubnet { subnet: String },
    #[cce(code = "CCE.01400001", detail("{} in {}", .name, .zone))]
    Renamed {
        name: String,
        #[deprecated(note = "zones are gone")]
        zone: String,
    },
    #[cce(transparent)]
    Old(
        #[from]
        #[allow(deprecated)]
        OldNotFound,
    ),
}

/// A deprecated type, used by a transparent variant and `From`.
#[deprecated(note = "use ApiError")]
#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", detail = "{0}")]
struct OldNotFound(String);

/// A deprecated type of a field: a source, `From`, and a detail.
#[deprecated]
#[derive(Debug)]
struct OldCause(u32);

#[allow(deprecated)]
impl fmt::Display for OldCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "old cause #{}", self.0)
    }
}

#[allow(deprecated)]
impl std::error::Error for OldCause {}

// The type's own uses of `OldCause` are the user's to allow; the derive's
// are not.
#[allow(deprecated)]
#[derive(Debug, CceError)]
enum Uses {
    #[cce(code = "CCE.01500001")]
    Source(#[from] OldCause),
    #[cce(code = "CCE.01400001", detail = "shown {0}")]
    Shown(OldCause, #[source] std::io::Error),
}

#[test]
#[allow(deprecated)]
fn deprecated_items_work() {
    let error = ApiError::OldSubnet {
        subnet: "s-1".into(),
    };
    assert_eq!(error.detail().as_deref(), Some("subnet s-1"));
    let error = ApiError::Renamed {
        name: "n".into(),
        zone: "z".into(),
    };
    assert_eq!(error.detail().as_deref(), Some("n in z"));
    let error = ApiError::from(OldNotFound("c-1".into()));
    assert_eq!(error.to_string(), "Resource not found. [CCE.01404001]: c-1");

    let error = Uses::from(OldCause(1));
    assert_eq!(error.source().unwrap().to_string(), "old cause #1");
    let error = Uses::Shown(OldCause(2), std::io::Error::other("io"));
    assert_eq!(error.detail().as_deref(), Some("shown old cause #2"));
}
