//! The error contract: each breaking, additive and compatible change
//! between a lock and a type, found by the pure functions over two
//! contracts; retired codes; the lock file format; and the update flow on
//! real files in a temporary directory.
//!
//! Each version of a service's error type is an `ApiError` in a module of
//! its own, so that variant names (`ApiError::Locked`) match across
//! versions as they do across commits of one service.

use std::path::{Path, PathBuf};

use cce_errors::contract::{
    self, Change, ChangeKind, Contract, ContractError, Mode, Outcome, accept, compare,
};
use cce_errors::{CceError, VariantDoc};

/// One version of the service's `ApiError`, in a module `$version`.
macro_rules! version {
    ($version:ident { $($variants:tt)* }) => {
        mod $version {
            use cce_errors::CceError;

            #[derive(Debug, CceError)]
            #[allow(dead_code, unreachable_pub)]
            pub enum ApiError {
                $($variants)*
            }
        }
    };
}

// The locked version.
version!(v1 {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        seconds: u64,
    },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400008")]
    ServerQuota,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

/// The changes from v1's lock to `New`, as (kind, message).
fn changes_to<New: CceError>() -> Vec<(ChangeKind, String)> {
    shown(&compare(
        &Contract::of::<v1::ApiError>(),
        &Contract::of::<New>(),
    ))
}

fn shown(changes: &[Change]) -> Vec<(ChangeKind, String)> {
    changes.iter().map(|c| (c.kind(), c.to_string())).collect()
}

use ChangeKind::{Additive, Breaking, Compatible};

#[test]
fn the_same_type_has_no_changes() {
    assert!(changes_to::<v1::ApiError>().is_empty());
}

#[test]
fn the_lock_file_lists_codes_sorted_with_their_variants_and_facts() {
    let lock = Contract::of::<v1::ApiError>().to_string();
    let records = lock
        .split_once("version = 1\n")
        .map(|(header, records)| {
            assert!(header.lines().all(|l| l.starts_with('#')), "{header}");
            records
        })
        .unwrap();
    assert_eq!(
        records,
        r#"
code CCE.01400001 400 "Invalid request."
    variant ApiError::MissingName detail
    variant ApiError::UnknownFlavor detail {0}

code CCE.01400002 400 "Subnet not found in the VPC."
    variant ApiError::SubnetNotInVpc detail {subnet_id} {vpc_id}

code CCE.01400006 400 "Content type not supported."
    variant ApiError::ContentType

code CCE.01400008 400 "Insufficient server quota"
    variant ApiError::ServerQuota

code CCE.01404001 404 "Resource not found."
    variant ApiError::ClusterNotFound detail {cluster_id}

code CCE.01429002 429 "Resource locked by other requests."
    variant ApiError::Locked detail {cluster_id} retry-after

code CCE.01500001 500 "Internal error."
    variant ApiError::Internal

code CCE.02429001 429 "The throttling threshold has been reached."
    variant ApiError::Throttled
"#
    );
}

// Breaking changes.

version!(without_server_quota {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

#[test]
fn a_code_no_longer_produced_is_breaking() {
    assert_eq!(
        changes_to::<without_server_quota::ApiError>(),
        [(
            Breaking,
            r#"CCE.01400008 is no longer produced (it was 400 "Insufficient server quota", by ApiError::ServerQuota); it stays in the lock as retired"#
                .to_owned()
        )]
    );
}

/// The same variants against the second version of the CCE page
/// (`tests/tables/cce_02_0250.v2.rst`): `CCE.01400006` became 415, and
/// `CCE.01400008`'s message gained its full stop.
#[derive(Debug, CceError)]
#[cce(table = "tables/cce_02_0250.v2.rst")]
#[allow(dead_code)]
enum ApiError {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(
        code = "CCE.01400002",
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        seconds: u64,
    },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400008")]
    ServerQuota,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
}

#[test]
fn a_status_changed_by_a_new_table_is_breaking_and_a_reworded_message_compatible() {
    assert_eq!(
        changes_to::<ApiError>(),
        [
            (
                Breaking,
                "CCE.01400006 changed status from 400 to 415".to_owned()
            ),
            (
                Compatible,
                r#"CCE.01400008 changed its message from "Insufficient server quota" to "Insufficient server quota.""#
                    .to_owned()
            ),
        ]
    );
}

version!(flavor_moved {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400021", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400008")]
    ServerQuota,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

#[test]
fn a_variant_moved_to_another_code_is_breaking() {
    assert_eq!(
        changes_to::<flavor_moved::ApiError>(),
        [
            (
                Breaking,
                "ApiError::UnknownFlavor moved from CCE.01400001 to CCE.01400021".to_owned()
            ),
            (
                Additive,
                r#"CCE.01400021 is new: 400 "No available flavors for nodes.", produced by ApiError::UnknownFlavor"#
                    .to_owned()
            ),
        ]
    );
}

version!(fewer_facts {
    #[cce(code = "CCE.01404001")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in the VPC")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400008")]
    ServerQuota,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

#[test]
fn a_detail_a_placeholder_or_retry_after_removed_is_breaking() {
    assert_eq!(
        changes_to::<fewer_facts::ApiError>(),
        [
            (
                Breaking,
                "ApiError::SubnetNotInVpc (CCE.01400002): its detail no longer shows {vpc_id}"
                    .to_owned()
            ),
            (
                Breaking,
                "ApiError::ClusterNotFound (CCE.01404001) no longer sends a detail (`message`)"
                    .to_owned()
            ),
            (
                Breaking,
                "ApiError::Locked (CCE.01429002) no longer sends Retry-After".to_owned()
            ),
        ]
    );
}

// Additive changes.

version!(more_facts {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} of project {project_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String, project_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled { #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400001", detail("CIDR {} overlaps {}", .0, .1))]
    CidrOverlap(String, String),
    #[cce(code = "CCE.01400008", detail = "{0} servers requested")]
    ServerQuota(u32),
    #[cce(code = "CCE.01409001")]
    Exists,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

#[test]
fn a_new_code_variant_detail_placeholder_or_retry_after_is_additive() {
    assert_eq!(
        changes_to::<more_facts::ApiError>(),
        [
            (
                Additive,
                "ApiError::CidrOverlap is new, with CCE.01400001".to_owned()
            ),
            (
                Additive,
                "ApiError::SubnetNotInVpc (CCE.01400002): its detail now shows {project_id}"
                    .to_owned()
            ),
            (
                Additive,
                "ApiError::ServerQuota (CCE.01400008) now sends a detail (`message`) showing {0}"
                    .to_owned()
            ),
            (
                Additive,
                r#"CCE.01409001 is new: 409 "The resource already exists.", produced by ApiError::Exists"#
                    .to_owned()
            ),
            (
                Additive,
                "ApiError::Throttled (CCE.02429001) now sends Retry-After".to_owned()
            ),
        ]
    );
    // The placeholders of a detail with arguments are the fields they read.
    let lock = Contract::of::<more_facts::ApiError>().to_string();
    assert!(
        lock.contains("    variant ApiError::CidrOverlap detail {0} {1}\n"),
        "{lock}"
    );
}

// Compatible changes.

version!(name_renamed {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name must be set")]
    NameRequired,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400008")]
    ServerQuota,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

#[test]
fn a_variant_renamed_at_a_code_still_produced_is_compatible_and_additive() {
    assert_eq!(
        changes_to::<name_renamed::ApiError>(),
        [
            (
                Compatible,
                "ApiError::MissingName (CCE.01400001) no longer exists; CCE.01400001 is still produced by ApiError::NameRequired and ApiError::UnknownFlavor"
                    .to_owned()
            ),
            (
                Additive,
                "ApiError::NameRequired is new, with CCE.01400001".to_owned()
            ),
        ]
    );
}

// Retired codes.

version!(server_quota_reused {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01400008", detail = "node pool {0} is full")]
    NodePoolFull(String),
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

/// v1's lock after `without_server_quota` was accepted.
fn lock_with_retired_server_quota() -> Contract {
    accept(
        &Contract::of::<v1::ApiError>(),
        &Contract::of::<without_server_quota::ApiError>(),
    )
    .unwrap()
}

#[test]
fn accepting_keeps_a_code_no_longer_produced_as_retired() {
    let lock = lock_with_retired_server_quota();
    assert_eq!(lock.retired().collect::<Vec<_>>(), ["CCE.01400008"]);
    assert!(!lock.codes().any(|c| c == "CCE.01400008"));
    let text = lock.to_string();
    assert!(
        text.ends_with(
            "\nretired CCE.01400008 400 \"Insufficient server quota\"\n    variant ApiError::ServerQuota\n"
        ),
        "{text}"
    );
    // The type that retired it has nothing left to accept, and accepting
    // it again keeps the record.
    let current = Contract::of::<without_server_quota::ApiError>();
    assert!(compare(&lock, &current).is_empty());
    assert_eq!(accept(&lock, &current).unwrap(), lock);
    // So does a later change elsewhere.
    let later = Contract::of::<later_without_server_quota::ApiError>();
    assert_eq!(compare(&lock, &later).len(), 1);
    let later = accept(&lock, &later).unwrap();
    assert_eq!(later.retired().collect::<Vec<_>>(), ["CCE.01400008"]);
    assert!(later.codes().any(|c| c == "CCE.01409001"));
}

version!(later_without_server_quota {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked { cluster_id: String, #[cce(retry_after)] seconds: u64 },
    #[cce(code = "CCE.02429001")]
    Throttled,
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01400001", detail = "metadata.name is required")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "flavor {0} is unknown")]
    UnknownFlavor(String),
    #[cce(code = "CCE.01409001")]
    Exists,
    #[cce(code = "CCE.01500001")]
    Internal(#[from] std::io::Error),
});

#[test]
fn a_retired_code_given_to_another_variant_is_breaking_and_never_accepted() {
    let lock = lock_with_retired_server_quota();
    let current = Contract::of::<server_quota_reused::ApiError>();
    let changes = compare(&lock, &current);
    assert_eq!(
        shown(&changes),
        [(
            Breaking,
            r#"CCE.01400008 was retired (it was 400 "Insufficient server quota", by ApiError::ServerQuota) and is produced again by ApiError::NodePoolFull: a retired code is never given to another variant, since clients may still take it for what it meant; use a new code, or, to reuse it all the same, delete its `retired` record from the lock by hand"#
                .to_owned()
        )]
    );
    assert!(changes[0].reuses_retired_code());
    let refused = accept(&lock, &current).unwrap_err();
    assert_eq!(refused, changes);
    // Deleting the record by hand is the deliberate way to reuse it.
    let edited = lock
        .to_string()
        .replace(
            "retired CCE.01400008 400 \"Insufficient server quota\"\n    variant ApiError::ServerQuota\n",
            "",
        );
    let edited = Contract::parse(&edited).unwrap();
    assert_eq!(
        shown(&compare(&edited, &current)),
        [(
            Additive,
            r#"CCE.01400008 is new: 400 "Insufficient server quota", produced by ApiError::NodePoolFull"#
                .to_owned()
        )]
    );
}

#[test]
fn a_retired_code_produced_again_by_its_own_variant_is_additive() {
    let lock = lock_with_retired_server_quota();
    let current = Contract::of::<v1::ApiError>();
    let changes = compare(&lock, &current);
    assert_eq!(
        shown(&changes),
        [(
            Additive,
            "CCE.01400008 is produced again, by ApiError::ServerQuota, which produced it before it was retired"
                .to_owned()
        )]
    );
    assert!(!changes[0].reuses_retired_code());
    let back = accept(&lock, &current).unwrap();
    assert_eq!(back, current, "it is no longer retired");
}

// The model.

mod inner_a {
    use cce_errors::CceError;

    #[derive(Debug, CceError)]
    pub(crate) enum NodeError {
        #[cce(code = "CCE.01400009")]
        Cpu,
    }
}

mod inner_b {
    use cce_errors::CceError;

    #[derive(Debug, CceError)]
    pub(crate) enum NodeError {
        #[cce(code = "CCE.01400010")]
        Cpu,
    }
}

#[derive(Debug, CceError)]
#[allow(dead_code)]
enum Service {
    #[cce(transparent)]
    Master(inner_a::NodeError),
    #[cce(transparent)]
    Worker(inner_a::NodeError),
    #[cce(transparent)]
    Other(inner_b::NodeError),
}

#[test]
fn variants_reached_twice_are_one_and_namesakes_are_told_apart() {
    let lock = Contract::of::<Service>().to_string();
    assert!(
        lock.contains(
            "code CCE.01400009 400 \"Insufficient CPU quota.\"\n    variant NodeError::Cpu\n"
        ),
        "{lock}"
    );
    assert!(
        lock.contains(
            "code CCE.01400010 400 \"Insufficient memory quota.\"\n    variant NodeError::Cpu#2\n"
        ),
        "{lock}"
    );
    // A hand-made list reads the same.
    let row = cce_errors::ErrorCode::lookup("CCE.01400009").unwrap();
    let docs = [
        VariantDoc::new("NodeError::Cpu", row),
        VariantDoc::new("NodeError::Cpu", row),
    ];
    assert_eq!(Contract::from_docs(&docs), Contract::from_docs(&docs[..1]));
}

#[test]
fn a_lock_reads_back_to_its_contract_whatever_its_layout() {
    let lock = lock_with_retired_server_quota();
    assert_eq!(Contract::parse(&lock.to_string()).unwrap(), lock);
    // Comments, blank lines, indentation, order of records and of facts,
    // Windows line ends: the same contract.
    let shuffled = "# edited by hand\r\nversion = 1\r\n\r\n\
        retired CCE.01400008 400 \"Insufficient server quota\"\r\n  variant ApiError::ServerQuota\r\n\
        code CCE.02429001 429 \"The throttling threshold has been reached.\"\r\n\tvariant ApiError::Throttled\r\n\
        code CCE.01500001 500 \"Internal error.\"\n variant ApiError::Internal\n\
        code CCE.01429002   429   \"Resource locked by other requests.\"\n    variant ApiError::Locked retry-after {cluster_id} detail\n\
        code CCE.01404001 404 \"Resource not found.\"\n    variant ApiError::ClusterNotFound detail {cluster_id}\n\
        code CCE.01400006 400 \"Content type not supported.\"\n    variant ApiError::ContentType\n\
        code CCE.01400002 400 \"Subnet not found in the VPC.\"\n    variant ApiError::SubnetNotInVpc detail {vpc_id} {subnet_id}\n\
        code CCE.01400001 400 \"Invalid request.\"\n    variant ApiError::UnknownFlavor detail {0}\n    variant ApiError::MissingName detail\n";
    assert_eq!(Contract::parse(shuffled).unwrap(), lock);
    // Messages with quotes, backslashes and line breaks survive.
    let tricky =
        "version = 1\ncode X.1 400 \"say \\\"no\\\" \\\\ twice\\nplease\"\n    variant E::A\n";
    let contract = Contract::parse(tricky).unwrap();
    assert_eq!(Contract::parse(&contract.to_string()).unwrap(), contract);
    assert!(
        contract
            .to_string()
            .contains(r#""say \"no\" \\ twice\nplease""#)
    );
}

#[test]
fn a_malformed_lock_is_an_error_at_its_line() {
    let cases = [
        (
            "",
            1,
            "the file is empty; a lock file starts with `version = 1`",
        ),
        (
            "# comment\ncode X.1 400 \"m\"\n",
            2,
            "a lock file starts with `version = 1`; this is not a cce-errors lock file",
        ),
        (
            "version = 2\n",
            1,
            "version `2` of the lock format is not one this version of cce-errors reads (it reads 1); update cce-errors",
        ),
        (
            "version = 1\nvariant E::A\n",
            2,
            "a `variant` line belongs under a `code` or `retired` line",
        ),
        (
            "version = 1\ncode X.1 400\n",
            2,
            "expected `code CODE STATUS \"message\"`",
        ),
        (
            "version = 1\ncode X.1 four \"m\"\n",
            2,
            "`four` is no HTTP status; expected `code CODE STATUS \"message\"`",
        ),
        (
            "version = 1\ncode X.1 400 m\n",
            2,
            "the message is not a quoted string; expected `code CODE STATUS \"message\"`",
        ),
        (
            "version = 1\ncode X.1 400 \"m\"\nretired X.1 400 \"m\"\n",
            3,
            "`X.1` is listed twice",
        ),
        (
            "version = 1\ncode X.1 400 \"m\"\n  variant E::A\n  variant E::A\n",
            4,
            "`E::A` is listed twice under `X.1`",
        ),
        (
            "version = 1\ncode X.1 400 \"m\"\n  variant E::A detail retry_after\n",
            3,
            "`retry_after` is not a fact of a variant: expected `detail`, `{field}` or `retry-after`",
        ),
        (
            "version = 1\ncode X.1 400 \"m\"\n  variant E::A {id}\n",
            3,
            "`E::A` lists placeholders without `detail`",
        ),
        (
            "version = 1\n[[code]]\n",
            2,
            "`[[code]]` is not a line of a lock file: expected `code`, `retired` or `variant`",
        ),
    ];
    for (text, line, message) in cases {
        let error = Contract::parse(text).unwrap_err();
        assert_eq!((error.line(), error.message()), (line, message), "{text:?}");
    }
}

// Real files.

/// A fresh directory under the system's temporary directory.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("cce-errors-contract-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_first_run_writes_the_lock_and_later_runs_compare() {
    let dir = TempDir::new("first-run");
    let lock = dir.path("errors.lock");
    let v1 = Contract::of::<v1::ApiError>();
    assert_eq!(
        contract::verify(&v1, &lock, Mode::Check).unwrap(),
        Outcome::Created
    );
    assert_eq!(read(&lock), v1.to_string());
    assert_eq!(
        contract::verify(&v1, &lock, Mode::Check).unwrap(),
        Outcome::Unchanged
    );
    assert_eq!(
        contract::verify(&v1, &lock, Mode::Strict).unwrap(),
        Outcome::Unchanged
    );
}

#[test]
fn a_breaking_change_fails_with_a_readable_diff_and_leaves_the_lock_alone() {
    let dir = TempDir::new("breaking");
    let lock = dir.path("errors.lock");
    std::fs::write(&lock, Contract::of::<v1::ApiError>().to_string()).unwrap();
    let before = read(&lock);
    let current = Contract::of::<fewer_facts::ApiError>();
    let error = contract::verify(&current, &lock, Mode::Check).unwrap_err();
    let ContractError::Changed { changes, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(changes.len(), 3);
    let shown_path = lock.display();
    assert_eq!(
        error.to_string(),
        format!(
            "the error contract differs from `{shown_path}`: 3 breaking changes

breaking: clients written for the locked contract may fail
  - ApiError::SubnetNotInVpc (CCE.01400002): its detail no longer shows {{vpc_id}}
  - ApiError::ClusterNotFound (CCE.01404001) no longer sends a detail (`message`)
  - ApiError::Locked (CCE.01429002) no longer sends Retry-After

If the changes are intended, accept them with `CCE_ERRORS_LOCK=update cargo test` and commit `{shown_path}`. Breaking changes break clients: make them in a new version of the API."
        )
    );
    assert_eq!(read(&lock), before);
}

#[test]
fn additive_changes_fail_until_accepted_saying_they_are_additive() {
    let dir = TempDir::new("additive");
    let lock = dir.path("errors.lock");
    std::fs::write(&lock, Contract::of::<v1::ApiError>().to_string()).unwrap();
    let current = Contract::of::<more_facts::ApiError>();
    let error = contract::verify(&current, &lock, Mode::Check)
        .unwrap_err()
        .to_string();
    let first = error.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "the error contract has additive changes only (5 additive changes), which `{}` does not have yet: nothing clients rely on changed",
            lock.display()
        )
    );
    assert!(error.contains(
        "\nadditive: new codes, variants or details, which clients may come to rely on\n  + ApiError::CidrOverlap is new, with CCE.01400001\n"
    ));
    assert!(!error.contains("breaking"), "{error}");
}

#[test]
fn update_rewrites_the_lock_keeping_retired_codes_and_then_it_holds() {
    let dir = TempDir::new("update");
    let lock = dir.path("errors.lock");
    std::fs::write(&lock, Contract::of::<v1::ApiError>().to_string()).unwrap();
    let current = Contract::of::<without_server_quota::ApiError>();
    let Outcome::Updated(accepted) = contract::verify(&current, &lock, Mode::Update).unwrap()
    else {
        panic!("expected the lock to be updated");
    };
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].kind(), Breaking);
    assert_eq!(read(&lock), lock_with_retired_server_quota().to_string());
    assert!(read(&lock).contains("retired CCE.01400008 400"));
    assert_eq!(
        contract::verify(&current, &lock, Mode::Check).unwrap(),
        Outcome::Unchanged
    );
    // Nothing to accept: the file stays as it is.
    assert_eq!(
        contract::verify(&current, &lock, Mode::Update).unwrap(),
        Outcome::Unchanged
    );
}

#[test]
fn update_refuses_to_reuse_a_retired_code_and_writes_nothing() {
    let dir = TempDir::new("refused");
    let lock = dir.path("errors.lock");
    std::fs::write(&lock, lock_with_retired_server_quota().to_string()).unwrap();
    let before = read(&lock);
    let current = Contract::of::<server_quota_reused::ApiError>();
    let error = contract::verify(&current, &lock, Mode::Update).unwrap_err();
    assert!(matches!(error, ContractError::Refused { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with(&format!(
            "`{}` was not updated: a retired code would be given to another variant\n\nbreaking: clients written for the locked contract may fail\n  - CCE.01400008 was retired",
            lock.display()
        )),
        "{error}"
    );
    assert_eq!(read(&lock), before);
    // Without the update, the failure says so too.
    let error = contract::verify(&current, &lock, Mode::Check)
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with(
            "make them in a new version of the API. The update never gives a retired code to another variant."
        ),
        "{error}"
    );
}

#[test]
fn ci_never_writes_a_missing_lock() {
    let dir = TempDir::new("strict");
    let lock = dir.path("errors.lock");
    let error = contract::verify(&Contract::of::<v1::ApiError>(), &lock, Mode::Strict).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the lock file `{}` does not exist, and CI is set: run `cargo test` where you work to write it, and commit it",
            lock.display()
        )
    );
    assert!(!lock.exists());
}

#[test]
fn unreadable_and_malformed_locks_fail_with_the_path() {
    let dir = TempDir::new("malformed");
    let lock = dir.path("errors.lock");
    std::fs::write(&lock, "version = 1\ncode X.1 400 \"m\"\nvarient E::A\n").unwrap();
    let error = contract::verify(&Contract::of::<v1::ApiError>(), &lock, Mode::Update).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 3: `varient E::A` is not a line of a lock file: expected `code`, `retired` or `variant`",
            lock.display()
        )
    );
    // A directory where the lock should be.
    let error =
        contract::verify(&Contract::of::<v1::ApiError>(), dir.path(""), Mode::Check).unwrap_err();
    assert!(matches!(error, ContractError::Read { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with("cannot read the lock file"),
        "{error}"
    );
    // A directory that does not exist.
    let error = contract::verify(
        &Contract::of::<v1::ApiError>(),
        dir.path("missing/errors.lock"),
        Mode::Check,
    )
    .unwrap_err();
    assert!(
        error.to_string().starts_with("cannot write the lock file"),
        "{error}"
    );
}

#[test]
fn check_panics_with_the_changes_and_passes_when_the_lock_holds() {
    let dir = TempDir::new("check");
    let lock = dir.path("errors.lock");
    std::fs::write(&lock, Contract::of::<v1::ApiError>().to_string()).unwrap();
    contract::check::<v1::ApiError>(&lock);
    let panic =
        std::panic::catch_unwind(|| contract::check::<fewer_facts::ApiError>(&lock)).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with("the error contract differs from"),
        "{message}"
    );
    assert!(message.contains("no longer sends Retry-After"), "{message}");
}

/// The example of the README, checked against the lock committed beside
/// these tests (`tests/locks/cluster_errors.lock`), as a service does.
#[derive(Debug, CceError)]
#[allow(dead_code)]
pub enum ClusterError {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    NotFound { cluster_id: String },
    #[cce(
        code = "CCE.01400002",
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(
        code = "CCE.01429002",
        detail = "cluster {cluster_id} is still being created"
    )]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        seconds: u64,
    },
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error),
}

#[test]
fn the_committed_lock_holds() {
    contract::check::<ClusterError>("locks/cluster_errors.lock");
}

// Any text.

mod never_panics {
    use cce_errors::contract::Contract;
    use proptest::prelude::*;

    /// Lines a lock file has, mangled ones, and anything.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("version = 1".to_owned()),
            Just("version=2".to_owned()),
            Just("# comment".to_owned()),
            Just(String::new()),
            Just("code X.1 400 \"m\"".to_owned()),
            Just("retired Y.2 404 \"gone, \\\"really\\\"\"".to_owned()),
            Just("code X.1 99999 \"m\"".to_owned()),
            Just("code é 400 \"\\u00e9\"".to_owned()),
            Just("code".to_owned()),
            Just("    variant E::A detail {x} {y} retry-after".to_owned()),
            Just("    variant E::B".to_owned()),
            Just("variant E::C {z}".to_owned()),
            Just("\tvariant".to_owned()),
            "\\PC{0,40}",
        ]
    }

    proptest! {
        #[test]
        fn a_lock_parses_or_fails_at_a_line_and_what_parses_reads_back(
            lines in prop::collection::vec(line(), 0..12),
        ) {
            let text = lines.join("\n");
            match Contract::parse(&text) {
                Ok(contract) => {
                    prop_assert_eq!(Contract::parse(&contract.to_string()), Ok(contract));
                }
                Err(error) => {
                    prop_assert!(error.line() >= 1 && error.line() <= lines.len().max(1));
                }
            }
        }
    }
}
