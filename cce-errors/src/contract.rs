//! A service's error contract: which codes it sends, checked against a lock
//! file in its tests, and against its documentation's table.
//!
//! Error codes are part of a service's API: clients match on them, and
//! dashboards count them. A lock file (`errors.lock`) writes down what a
//! type deriving [`CceError`] can send: per code, its status, its message,
//! the variants that produce it, the fields each one's detail shows, and
//! whether it sends `Retry-After`. A test compares the type with it:
//!
//! ```no_run
//! # use cce_errors::CceError;
//! # #[derive(Debug, CceError)]
//! # enum ApiError { #[cce(code = "CCE.01404001")] NotFound }
//! #[test]
//! fn the_error_contract_holds() {
//!     cce_errors::contract::check::<ApiError>("errors.lock");
//! }
//! # fn main() {}
//! ```
//!
//! - The first run writes the lock; commit it.
//! - A breaking change fails the test with what changed: a code no longer
//!   produced, a code whose status changed, a variant moved to another
//!   code, a detail or one of its placeholders removed, `Retry-After`
//!   removed, a retired code given to another variant.
//! - An additive change fails it too, with a message saying it is
//!   additive: a new code, variant, detail or placeholder, `Retry-After`
//!   added. So does a compatible one (a message reworded).
//! - `CCE_ERRORS_LOCK=update cargo test` accepts the changes: the lock is
//!   rewritten. A code no longer produced stays in it as `retired`, so that
//!   it is never given to another variant (as rustc never reuses a retired
//!   error code); to do so all the same, delete its record by hand.
//! - Where the `CI` environment variable is set, a missing lock fails
//!   instead of being written, and `CCE_ERRORS_LOCK=update` is refused:
//!   CI never updates the lock.
//!
//! The lock file is small, sorted and diff-friendly:
//!
//! ```text
//! version = 1
//!
//! code CCE.01400002 400 "Subnet not found in the VPC."
//!     variant ApiError::SubnetNotInVpc detail {subnet_id} {vpc_id}
//!
//! code CCE.01429002 429 "Resource locked by other requests."
//!     variant ApiError::Locked detail {cluster_id} retry-after
//!
//! retired CCE.01404002 404 "Resource has been deleted."
//!     variant ApiError::Gone
//! ```
//!
//! [`coverage`] and [`check_coverage`] compare a type with a table: the
//! rows it never produces, and a check that each is produced or excluded.
//!
//! The comparison is pure: [`compare`] and [`accept`] take two
//! [`Contract`]s; [`verify`] adds the file, [`check`] the environment and
//! the panic a test needs.

mod changes;
mod coverage;
mod model;

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use changes::{Change, ChangeKind, accept, compare};
pub use coverage::{CoverageError, check_coverage, coverage, verify_coverage};
pub use model::{Contract, LockError};

use crate::CceError;

/// The environment variable that accepts changes: `update`.
pub const LOCK_VARIABLE: &str = "CCE_ERRORS_LOCK";

/// What [`verify`] does with the lock file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Compare; write the lock when there is none yet.
    Check,
    /// Compare; a missing lock is an error too (CI).
    Strict,
    /// Rewrite the lock to accept every change but the reuse of a retired
    /// code.
    Update,
}

impl Mode {
    /// The mode the environment asks for: [`Mode::Update`] when
    /// `CCE_ERRORS_LOCK=update`, else [`Mode::Strict`] where `CI` is set
    /// (to anything but `false`, `0` or nothing), else [`Mode::Check`].
    /// Fails for another value of `CCE_ERRORS_LOCK`, and for `update` where
    /// `CI` is set.
    pub fn from_env() -> Result<Mode, ContractError> {
        mode_from(
            std::env::var_os(LOCK_VARIABLE).as_deref(),
            std::env::var_os("CI").as_deref(),
        )
    }
}

fn mode_from(lock: Option<&OsStr>, ci: Option<&OsStr>) -> Result<Mode, ContractError> {
    let in_ci = ci.is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    match lock {
        None => {}
        Some(value) if value.is_empty() => {}
        Some(value) if value == "update" => {
            if in_ci {
                return Err(ContractError::Setting {
                    message: format!(
                        "{LOCK_VARIABLE}=update is refused where CI is set: CI never updates the lock; run it where you work, and commit the lock"
                    ),
                });
            }
            return Ok(Mode::Update);
        }
        Some(value) => {
            return Err(ContractError::Setting {
                message: format!(
                    "{LOCK_VARIABLE} is `{}`; the only value it takes is `update`",
                    value.to_string_lossy()
                ),
            });
        }
    }
    Ok(if in_ci { Mode::Strict } else { Mode::Check })
}

/// What [`verify`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The lock says what the type produces.
    Unchanged,
    /// There was no lock: it was written.
    Created,
    /// [`Mode::Update`]: the lock was rewritten to accept these changes.
    Updated(Vec<Change>),
}

/// Why [`verify`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ContractError {
    /// The lock file could not be read.
    Read {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The lock file could not be written.
    Write {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The lock file is not one this version reads.
    Malformed {
        /// The lock file.
        path: PathBuf,
        /// Where and what.
        error: LockError,
    },
    /// [`Mode::Strict`] and no lock file.
    Missing {
        /// The lock file.
        path: PathBuf,
    },
    /// The type's contract differs from the lock.
    Changed {
        /// The lock file.
        path: PathBuf,
        /// Every difference, sorted by code.
        changes: Vec<Change>,
    },
    /// [`Mode::Update`] refused to give retired codes to other variants;
    /// the lock was not written.
    Refused {
        /// The lock file.
        path: PathBuf,
        /// The changes that reuse a retired code.
        changes: Vec<Change>,
    },
    /// `CCE_ERRORS_LOCK` has a value it does not take.
    Setting {
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContractError::Read { path, source } => {
                write!(
                    f,
                    "cannot read the lock file `{}`: {source}",
                    path.display()
                )
            }
            ContractError::Write { path, source } => {
                write!(
                    f,
                    "cannot write the lock file `{}`: {source}",
                    path.display()
                )
            }
            ContractError::Malformed { path, error } => {
                write!(f, "{}: {error}", path.display())
            }
            ContractError::Missing { path } => write!(
                f,
                "the lock file `{}` does not exist, and CI is set: run `cargo test` where you work to write it, and commit it",
                path.display()
            ),
            ContractError::Changed { path, changes } => {
                let path = path.display();
                let breaking = changes.iter().any(|c| c.kind() == ChangeKind::Breaking);
                let additive_only = changes.iter().all(|c| c.kind() == ChangeKind::Additive);
                let counts = changes::counts(changes);
                if additive_only {
                    writeln!(
                        f,
                        "the error contract has additive changes only ({counts}), which `{path}` does not have yet: nothing clients rely on changed"
                    )?;
                } else {
                    writeln!(f, "the error contract differs from `{path}`: {counts}")?;
                }
                f.write_str(&changes::report(changes))?;
                writeln!(f)?;
                write!(
                    f,
                    "If the changes are intended, accept them with `{LOCK_VARIABLE}=update cargo test` and commit `{path}`."
                )?;
                if breaking {
                    write!(
                        f,
                        " Breaking changes break clients: make them in a new version of the API."
                    )?;
                }
                if changes.iter().any(Change::reuses_retired_code) {
                    write!(
                        f,
                        " The update never gives a retired code to another variant."
                    )?;
                }
                Ok(())
            }
            ContractError::Refused { path, changes } => {
                writeln!(
                    f,
                    "`{}` was not updated: a retired code would be given to another variant",
                    path.display()
                )?;
                f.write_str(&changes::report(changes))
            }
            ContractError::Setting { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for ContractError {}

/// Compares `current` with the lock file at `path` (relative to the
/// current directory, which `cargo test` sets to the package's), and
/// writes the lock as `mode` says.
///
/// - No lock file: written ([`Outcome::Created`]), except in
///   [`Mode::Strict`] ([`ContractError::Missing`]).
/// - [`Mode::Check`] and [`Mode::Strict`]: [`Outcome::Unchanged`], or
///   [`ContractError::Changed`] with every difference.
/// - [`Mode::Update`]: the lock is rewritten by [`accept`]
///   ([`Outcome::Updated`] with what was accepted), unless a retired code
///   is given to another variant ([`ContractError::Refused`]).
/// - A lock file that cannot be read or parsed, or written, fails.
pub fn verify(
    current: &Contract,
    path: impl AsRef<Path>,
    mode: Mode,
) -> Result<Outcome, ContractError> {
    let path = path.as_ref();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if mode == Mode::Strict {
                return Err(ContractError::Missing {
                    path: path.to_owned(),
                });
            }
            write(path, &current.to_string())?;
            return Ok(Outcome::Created);
        }
        Err(source) => {
            return Err(ContractError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let lock = Contract::parse(&text).map_err(|error| ContractError::Malformed {
        path: path.to_owned(),
        error,
    })?;
    let changes = compare(&lock, current);
    match mode {
        Mode::Check | Mode::Strict if changes.is_empty() => Ok(Outcome::Unchanged),
        Mode::Check | Mode::Strict => Err(ContractError::Changed {
            path: path.to_owned(),
            changes,
        }),
        Mode::Update => {
            let next = accept(&lock, current).map_err(|changes| ContractError::Refused {
                path: path.to_owned(),
                changes,
            })?;
            let next = next.to_string();
            if next != text {
                write(path, &next)?;
            }
            if changes.is_empty() {
                Ok(Outcome::Unchanged)
            } else {
                Ok(Outcome::Updated(changes))
            }
        }
    }
}

fn write(path: &Path, text: &str) -> Result<(), ContractError> {
    std::fs::write(path, text).map_err(|source| ContractError::Write {
        path: path.to_owned(),
        source,
    })
}

/// The test helper: [`verify`]s `E`'s contract against the lock file at
/// `path` in the [`Mode`] the environment asks for, and says on stderr
/// when it wrote the lock.
///
/// ```no_run
/// use cce_errors::CceError;
///
/// #[derive(Debug, CceError)]
/// enum ApiError {
///     #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
///     ClusterNotFound { cluster_id: String },
/// }
///
/// #[test]
/// fn the_error_contract_holds() {
///     cce_errors::contract::check::<ApiError>("errors.lock");
/// }
/// # fn main() {}
/// ```
///
/// # Panics
///
/// When [`verify`] fails: with the changes, breaking first, and how to
/// accept them.
#[track_caller]
pub fn check<E: CceError>(path: impl AsRef<Path>) {
    let path = path.as_ref();
    let result = Mode::from_env().and_then(|mode| verify(&Contract::of::<E>(), path, mode));
    match result {
        Ok(Outcome::Created) => {
            eprintln!(
                "cce-errors: wrote the lock file `{}`; commit it",
                path.display()
            );
        }
        Ok(Outcome::Updated(changes)) => {
            eprintln!(
                "cce-errors: `{}` accepts {}:{}",
                path.display(),
                changes::counts(&changes),
                changes::report(&changes)
            );
        }
        Ok(_) => {}
        Err(error) => panic!("{error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(lock: Option<&str>, ci: Option<&str>) -> Result<Mode, String> {
        mode_from(lock.map(OsStr::new), ci.map(OsStr::new)).map_err(|e| e.to_string())
    }

    #[test]
    fn the_environment_chooses_the_mode() {
        assert_eq!(mode(None, None), Ok(Mode::Check));
        assert_eq!(mode(Some(""), None), Ok(Mode::Check));
        assert_eq!(mode(Some("update"), None), Ok(Mode::Update));
        assert_eq!(mode(Some("update"), Some("false")), Ok(Mode::Update));
        assert_eq!(mode(None, Some("true")), Ok(Mode::Strict));
        assert_eq!(mode(None, Some("1")), Ok(Mode::Strict));
        assert_eq!(mode(None, Some("0")), Ok(Mode::Check));
        assert_eq!(mode(None, Some("")), Ok(Mode::Check));
        let refused = mode(Some("update"), Some("true")).unwrap_err();
        assert!(refused.contains("CI never updates the lock"), "{refused}");
        let unknown = mode(Some("yes"), None).unwrap_err();
        assert_eq!(
            unknown,
            "CCE_ERRORS_LOCK is `yes`; the only value it takes is `update`"
        );
    }
}
