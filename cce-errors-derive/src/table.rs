//! Error-code tables: the canonical CCE table shipped in this crate, and a
//! team's own table named by `#[cce(table = "...")]` or `table!("...")`.
//! Reading a table's text is `cce-errors-table`'s job, shared with the
//! `cce-errors` command so that both accept the same files and word their
//! errors the same way; this module finds the files.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cce_errors_table::{Format, parse, parse_cce_page};
pub(crate) use cce_errors_table::{Row, Table};

/// The documentation page, byte for byte as published. `include_str!` makes
/// cargo rebuild this crate when the page changes.
const CANONICAL_PAGE: &str = include_str!("../tables/cce_02_0250.rst");
const CANONICAL_FILE: &str = "cce-errors-derive/tables/cce_02_0250.rst";

/// The CCE table, parsed once per compiler process.
pub(crate) fn canonical() -> Result<&'static Table, String> {
    static TABLE: OnceLock<Result<Table, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_cce_page(CANONICAL_PAGE).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| format!("{CANONICAL_FILE}: {e}"))
}

/// How the user named a table file: for the messages about its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// `#[cce(table = "...")]`
    Attribute,
    /// `cce_errors::table!("...")`
    Macro,
}

impl Naming {
    fn name(self) -> &'static str {
        match self {
            Naming::Attribute => "`table`",
            Naming::Macro => "`table!`",
        }
    }

    fn example(self, path: &str) -> String {
        match self {
            Naming::Attribute => format!("`table = \"{path}\"`"),
            Naming::Macro => format!("`cce_errors::table!(\"{path}\")`"),
        }
    }
}

/// A team's own table: `relative` to the using crate's directory, a CSV
/// file when it ends in `.csv`, otherwise a page with a grid table. Returns
/// the table and the file's absolute path, for cargo to track it.
pub(crate) fn load(
    manifest_dir: &Path,
    relative: &str,
    naming: Naming,
) -> Result<(Table, PathBuf), String> {
    if relative.trim().is_empty() {
        return Err(format!(
            "{} needs the path of the table file, as in {}",
            naming.name(),
            naming.example("docs/error-codes.rst")
        ));
    }
    let path = manifest_dir.join(relative);
    if path.is_dir() {
        let in_dir = format!("{}/error-codes.rst", relative.trim_end_matches('/'));
        return Err(format!(
            "`{relative}` is a directory; name the table file in it, as in {}",
            naming.example(&in_dir)
        ));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read the error-code table `{relative}`: {e}; the path is relative to the crate's directory (CARGO_MANIFEST_DIR)"
        )
    })?;
    let table = parse(&text, Format::of_path(&path)).map_err(|e| format!("{relative}: {e}"))?;
    Ok((table, path))
}
