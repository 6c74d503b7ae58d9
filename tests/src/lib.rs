//! Integration tests of `cce-errors`, one file per topic in `tests/`. This
//! library holds what several of them share: the sample error types.

use std::io;

use cce_errors::CceError;

/// Errors of an add-on module, composed into [`ClusterError`] through a
/// transparent variant.
#[derive(Debug, CceError)]
pub enum AddonError {
    /// A variant without fields or detail.
    #[cce(code = "CCE.03409001")]
    AlreadyInstalled,
    /// A detail naming a field.
    #[cce(code = "CCE.03400002", detail = "add-on {addon} has no access key")]
    MissingAccessKey {
        /// The add-on's name.
        addon: String,
    },
    /// A detail beside a source, which the detail must not name.
    #[cce(code = "CCE.03500001", detail = "while installing {0}")]
    Io(&'static str, #[source] io::Error),
}

/// The service-wide enum of the foundation issue.
#[derive(Debug, CceError)]
pub enum ClusterError {
    /// A variant without fields or detail.
    #[cce(code = "CCE.01404001")]
    NotFound,
    /// A detail naming two fields, with the optional `status`.
    #[cce(
        code = "CCE.01400002",
        status = 400,
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    SubnetNotInVpc {
        /// The subnet asked for.
        subnet_id: String,
        /// The VPC it is not in.
        vpc_id: String,
    },
    /// A `#[from]` source whose text stays internal.
    #[cce(code = "CCE.01500001")]
    Storage(#[from] io::Error),
    /// A module's errors, delegated to.
    #[cce(transparent)]
    Addon(#[from] AddonError),
    /// A detail that is one positional field.
    #[cce(code = "CCE.01400008", detail = "{0}")]
    Quota(&'static str),
}
