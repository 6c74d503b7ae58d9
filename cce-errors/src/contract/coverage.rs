//! Which documented rows a type produces.

use std::fmt;

use crate::{CceError, ErrorCode};

/// The rows of `table` that `E` never produces, in the table's order.
/// Codes are matched exactly; `table` is usually [`ErrorCode::all()`] or a
/// team's table read by [`table!`](crate::table!).
///
/// ```
/// use cce_errors::{CceError, ErrorCode};
///
/// #[derive(Debug, CceError)]
/// enum ApiError {
///     #[cce(code = "CCE.01404001")]
///     NotFound,
/// }
///
/// let missing = cce_errors::contract::coverage::<ApiError>(ErrorCode::all());
/// assert_eq!(missing.len(), 42);
/// assert!(missing.iter().all(|row| row.code() != "CCE.01404001"));
/// ```
pub fn coverage<E: CceError>(table: &[ErrorCode]) -> Vec<&ErrorCode> {
    let produced = E::error_codes();
    table
        .iter()
        .filter(|row| !produced.iter().any(|p| p.code() == row.code()))
        .collect()
}

/// Checks that `E` produces every row of `table`, except the codes in
/// `excluded`. Fails with every row that is neither produced nor excluded,
/// every excluded code that is not in the table or that `E` produces
/// after all (an exclusion that no longer holds), and every code whose
/// status in `E` differs from the table's (a type built against another
/// version of the table).
pub fn verify_coverage<E: CceError>(
    table: &[ErrorCode],
    excluded: &[&str],
) -> Result<(), CoverageError> {
    let produced = E::error_codes();
    let mut error = CoverageError {
        type_name: short_type_name::<E>(),
        missing: Vec::new(),
        unknown_exclusions: Vec::new(),
        produced_exclusions: Vec::new(),
        statuses: Vec::new(),
    };
    for row in table {
        let made = produced.iter().find(|p| p.code() == row.code());
        match made {
            Some(made) if made.status() != row.status() => error.statuses.push((
                row.code().to_owned(),
                made.status().as_u16(),
                row.status().as_u16(),
            )),
            Some(_) => {}
            None if excluded.contains(&row.code()) => {}
            None => error.missing.push(Missing {
                code: row.code().to_owned(),
                status: row.status().as_u16(),
                message: row.message().to_owned(),
            }),
        }
    }
    for &code in excluded {
        if !table.iter().any(|row| row.code() == code) {
            error.unknown_exclusions.push(code.to_owned());
        } else if produced.iter().any(|p| p.code() == code) {
            error.produced_exclusions.push(code.to_owned());
        }
    }
    if error.missing.is_empty()
        && error.unknown_exclusions.is_empty()
        && error.produced_exclusions.is_empty()
        && error.statuses.is_empty()
    {
        Ok(())
    } else {
        Err(error)
    }
}

/// [`verify_coverage`] for a test: panics with its error.
///
/// ```rust,ignore
/// use cce_errors::CceError;
///
/// #[derive(Debug, CceError)]
/// #[cce(table = "docs/vpc-error-codes.csv")]
/// enum VpcError {
///     #[cce(code = "VPC.0001")]
///     Invalid,
///     #[cce(code = "VPC.0002")]
///     NotFound,
/// }
///
/// #[test]
/// fn every_documented_code_is_produced() {
///     let documented = cce_errors::table!("docs/vpc-error-codes.csv");
///     // VPC.0003 is documented for the next version.
///     cce_errors::contract::check_coverage::<VpcError>(documented, &["VPC.0003"]);
/// }
/// ```
///
/// # Panics
///
/// When [`verify_coverage`] fails.
#[track_caller]
pub fn check_coverage<E: CceError>(table: &[ErrorCode], excluded: &[&str]) {
    if let Err(error) = verify_coverage::<E>(table, excluded) {
        panic!("{error}");
    }
}

/// `ApiError` for `my_crate::api::ApiError`, generic parameters kept.
fn short_type_name<E>() -> String {
    let full = std::any::type_name::<E>();
    let path_end = full.find('<').unwrap_or(full.len());
    let start = full[..path_end].rfind("::").map_or(0, |i| i + 2);
    full[start..].to_owned()
}

/// A documented row that a type neither produces nor excludes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Missing {
    code: String,
    status: u16,
    message: String,
}

/// Why [`verify_coverage`] failed; `Display` lists every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageError {
    type_name: String,
    missing: Vec<Missing>,
    unknown_exclusions: Vec<String>,
    produced_exclusions: Vec<String>,
    statuses: Vec<(String, u16, u16)>,
}

impl CoverageError {
    /// The codes of the table that the type neither produces nor excludes,
    /// in the table's order.
    pub fn missing(&self) -> impl Iterator<Item = &str> {
        self.missing.iter().map(|m| m.code.as_str())
    }

    /// Excluded codes that the table does not have.
    pub fn unknown_exclusions(&self) -> impl Iterator<Item = &str> {
        self.unknown_exclusions.iter().map(String::as_str)
    }

    /// Excluded codes that the type produces.
    pub fn produced_exclusions(&self) -> impl Iterator<Item = &str> {
        self.produced_exclusions.iter().map(String::as_str)
    }

    /// Codes the type produces with another status than the table's:
    /// `(code, the type's status, the table's status)`.
    pub fn status_mismatches(&self) -> impl Iterator<Item = (&str, u16, u16)> {
        self.statuses.iter().map(|(c, a, b)| (c.as_str(), *a, *b))
    }
}

impl fmt::Display for CoverageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ty = &self.type_name;
        let mut first = true;
        let mut section = |f: &mut fmt::Formatter<'_>| {
            let gap = if first { "" } else { "\n" };
            first = false;
            f.write_str(gap)
        };
        if !self.missing.is_empty() {
            section(f)?;
            let n = self.missing.len();
            let (rows, them) = if n == 1 {
                ("row", "it")
            } else {
                ("rows", "each")
            };
            writeln!(
                f,
                "{ty} never produces {n} documented {rows}: produce {them}, or exclude {them} by code"
            )?;
            for m in &self.missing {
                writeln!(f, "  {}  {}  {}", m.code, m.status, m.message)?;
            }
        }
        if !self.unknown_exclusions.is_empty() {
            section(f)?;
            writeln!(
                f,
                "excluded codes that the table does not have (misspelt, or removed from the table): {}",
                listed(&self.unknown_exclusions)
            )?;
        }
        if !self.produced_exclusions.is_empty() {
            section(f)?;
            writeln!(
                f,
                "excluded codes that {ty} produces (remove them from the exclusions): {}",
                listed(&self.produced_exclusions)
            )?;
        }
        if !self.statuses.is_empty() {
            section(f)?;
            writeln!(
                f,
                "codes {ty} produces with another status than the table's (built against another version of it):"
            )?;
            for (code, made, documented) in &self.statuses {
                writeln!(
                    f,
                    "  {code}: {ty} sends {made}, the table says {documented}"
                )?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for CoverageError {}

fn listed(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
