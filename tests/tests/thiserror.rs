//! `#[cce(thiserror)]`: thiserror derives `Display`, `Error` and `From`;
//! `CceError` still gives the code, status, body and detail.

use std::error::Error as _;
use std::io;

use cce_errors::{CceError, ErrorBody};
use serde_json::json;

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror)]
enum AddonError {
    #[error("add-on already installed")]
    #[cce(code = "CCE.03409001")]
    AlreadyInstalled,
    #[error("no access key for {addon}")]
    #[cce(code = "CCE.03400002", detail = "add-on {addon} has no access key")]
    MissingAccessKey { addon: String },
}

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror)]
enum ClusterError {
    #[error("cluster not found")]
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[error("subnet {subnet_id} is outside {vpc_id}")]
    #[cce(
        code = "CCE.01400002",
        status = 400,
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[error("storage failed: {0}")]
    #[cce(code = "CCE.01500001")]
    Storage(#[from] io::Error),
    #[error("reading {path}")]
    #[cce(code = "CCE.01500001", detail = "cannot read {path}")]
    Read {
        path: String,
        #[source]
        cause: io::Error,
    },
    #[error(transparent)]
    #[cce(transparent)]
    Addon(#[from] AddonError),
}

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror, code = "CCE.01404001", detail = "cluster {id}")]
#[error("no cluster {id}")]
struct ClusterMissing {
    id: String,
}

#[test]
fn display_is_thiserrors() {
    assert_eq!(ClusterError::NotFound.to_string(), "cluster not found");
    let error = ClusterError::SubnetNotInVpc {
        subnet_id: "s-1".into(),
        vpc_id: "v-1".into(),
    };
    assert_eq!(error.to_string(), "subnet s-1 is outside v-1");
    assert_eq!(
        ClusterError::from(io::Error::other("disk")).to_string(),
        "storage failed: disk"
    );
    assert_eq!(
        ClusterError::from(AddonError::AlreadyInstalled).to_string(),
        "add-on already installed"
    );
    assert_eq!(
        ClusterMissing { id: "c".into() }.to_string(),
        "no cluster c"
    );
}

#[test]
fn from_comes_from_thiserror_once() {
    fn question_mark() -> Result<(), ClusterError> {
        Err(AddonError::AlreadyInstalled)?;
        Ok(())
    }

    // One `From<io::Error>` impl exists (two would not compile), and it works.
    let error: ClusterError = io::Error::other("x").into();
    assert!(matches!(&error, ClusterError::Storage(e) if e.to_string() == "x"));
    assert!(matches!(
        question_mark(),
        Err(ClusterError::Addon(AddonError::AlreadyInstalled))
    ));
}

#[test]
fn source_comes_from_thiserror() {
    let error = ClusterError::from(io::Error::other("disk"));
    assert_eq!(error.source().unwrap().to_string(), "disk");
    let error = ClusterError::Read {
        path: "/p".into(),
        cause: io::Error::other("eio"),
    };
    assert_eq!(error.source().unwrap().to_string(), "eio");
    assert!(ClusterError::NotFound.source().is_none());
}

#[test]
fn code_status_detail_and_body_come_from_cce_error() {
    let error = ClusterError::SubnetNotInVpc {
        subnet_id: "s-1".into(),
        vpc_id: "v-1".into(),
    };
    assert_eq!(error.code(), "CCE.01400002");
    assert_eq!(error.status(), http::StatusCode::BAD_REQUEST);
    assert_eq!(error.message(), "Subnet not found in the VPC.");
    assert_eq!(
        error.detail().as_deref(),
        Some("subnet s-1 is not in VPC v-1")
    );
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({
            "errorCode": "CCE.01400002",
            "errorMessage": "Subnet not found in the VPC.",
            "message": "subnet s-1 is not in VPC v-1",
        })
    );

    let error = ClusterError::from(io::Error::other("SECRET"));
    assert_eq!(error.status(), http::StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({"errorCode": "CCE.01500001", "errorMessage": "Internal error."})
    );

    let error = ClusterMissing { id: "c".into() };
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some("cluster c"));
}

#[test]
fn transparent_works_with_both_derives() {
    let error = ClusterError::from(AddonError::MissingAccessKey {
        addon: "everest".into(),
    });
    assert_eq!(error.code(), "CCE.03400002");
    assert_eq!(
        error.detail().as_deref(),
        Some("add-on everest has no access key")
    );
    assert_eq!(error.to_string(), "no access key for everest");
    assert!(matches!(
        ClusterError::from_body(&ErrorBody::new("CCE.03409001", "m")),
        Some(ClusterError::Addon(AddonError::AlreadyInstalled))
    ));
    assert!(matches!(
        ClusterError::from_body(&ErrorBody::new("CCE.01404001", "m")),
        Some(ClusterError::NotFound)
    ));
}
