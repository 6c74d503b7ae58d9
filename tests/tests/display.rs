//! `Display` of derived errors and of `ErrorBody`, and walking the
//! `std::error::Error::source` chain.

use std::io;

use cce_errors::{CceError, ErrorBody};
use cce_errors_tests::{AddonError, ClusterError};

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001", detail = "request {id}")]
struct Outer {
    id: u32,
    #[source]
    cause: ClusterError,
}

/// An error outside this crate with its own source, for the chain.
#[derive(Debug)]
struct Disk(io::Error);

impl std::fmt::Display for Disk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("disk failure")
    }
}

impl std::error::Error for Disk {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn chain(error: &dyn std::error::Error) -> Vec<String> {
    let mut out = vec![error.to_string()];
    let mut next = error.source();
    while let Some(cause) = next {
        out.push(cause.to_string());
        next = cause.source();
    }
    out
}

#[test]
fn without_detail_shows_message_and_code() {
    assert_eq!(
        ClusterError::NotFound.to_string(),
        "Resource not found. [CCE.01404001]"
    );
    assert_eq!(
        AddonError::AlreadyInstalled.to_string(),
        "Addon instance has installed. [CCE.03409001]"
    );
}

#[test]
fn with_detail_appends_it() {
    let error = ClusterError::SubnetNotInVpc {
        subnet_id: "subnet-7f3a".into(),
        vpc_id: "vpc-01".into(),
    };
    assert_eq!(
        error.to_string(),
        "Subnet not found in the VPC. [CCE.01400002]: subnet subnet-7f3a is not in VPC vpc-01"
    );
    // The message is the table's, exactly: no period is added.
    assert_eq!(
        ClusterError::Quota("need 3 more").to_string(),
        "Insufficient server quota [CCE.01400008]: need 3 more"
    );
}

#[test]
fn source_text_is_not_in_display() {
    let error = ClusterError::from(io::Error::other("SECRET-internal"));
    assert_eq!(error.to_string(), "Internal error. [CCE.01500001]");
}

#[test]
fn transparent_shows_the_inner_display() {
    let inner = AddonError::MissingAccessKey {
        addon: "everest".into(),
    };
    let expected = inner.to_string();
    assert_eq!(
        expected,
        "Missing access key. [CCE.03400002]: add-on everest has no access key"
    );
    assert_eq!(ClusterError::from(inner).to_string(), expected);
}

#[test]
fn source_chain_walks_to_the_root_cause() {
    let error = Outer {
        id: 7,
        cause: ClusterError::from(AddonError::Io(
            "everest",
            io::Error::other(Disk(io::Error::other("sector 9"))),
        )),
    };
    assert_eq!(
        chain(&error),
        [
            "Internal error. [CCE.01500001]: request 7",
            // The transparent variant is invisible in the chain.
            "Internal error. [CCE.03500001]: while installing everest",
            "disk failure",
            "sector 9",
        ]
    );
}

#[test]
fn chain_of_a_from_source() {
    let error = ClusterError::from(io::Error::other("disk full"));
    assert_eq!(
        chain(&error),
        ["Internal error. [CCE.01500001]", "disk full"]
    );
    assert_eq!(
        chain(&ClusterError::NotFound),
        ["Resource not found. [CCE.01404001]"]
    );
}

#[test]
fn error_body_display_matches_the_errors_display() {
    let errors = [
        ClusterError::NotFound,
        ClusterError::SubnetNotInVpc {
            subnet_id: "s".into(),
            vpc_id: "v".into(),
        },
        ClusterError::from(io::Error::other("hidden")),
        ClusterError::from(AddonError::MissingAccessKey { addon: "a".into() }),
        ClusterError::Quota("q"),
    ];
    for error in &errors {
        let body = error.to_body();
        assert_eq!(body.to_string(), error.to_string(), "{error:?}");
        // ... and after a trip over the wire.
        let bytes = serde_json::to_vec(error).unwrap();
        let received: ErrorBody<'_> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(received.to_string(), error.to_string(), "{error:?}");
    }
}

#[test]
fn error_body_display_shows_what_it_holds() {
    assert_eq!(
        ErrorBody::new("CCE_CM.0004", "Request body invalid").to_string(),
        "Request body invalid [CCE_CM.0004]"
    );
    assert_eq!(
        ErrorBody::new("X", "m").with_detail("d").to_string(),
        "m [X]: d"
    );
}
