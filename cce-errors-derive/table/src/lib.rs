//! The error-code table reader of [cce-errors](https://docs.rs/cce-errors).
//!
//! `#[derive(CceError)]` reads tables with this crate while compiling, and
//! the `cce-errors` command reads them with it at run time, so that both
//! accept the same files and word their errors the same way. It has no
//! dependencies.
//!
//! A table is a documentation page with a reStructuredText grid table
//! ([`Format::Grid`]) or a CSV file ([`Format::Csv`]). Its columns are found
//! by their header names, in any order, ignoring case and spacing:
//! `Status Code`, `Error Code` and `Error Message` are required;
//! `Description`, `Troubleshooting` and `Retryable` are read when present;
//! other columns are ignored.
//!
//! ```
//! use cce_errors_table::{Format, parse};
//!
//! let csv = "Status Code,Error Code,Error Message,Retryable\n\
//!            404,SVC.0404,No such resource.,\n\
//!            429,SVC.0429,Too many requests.,yes\n";
//! let table = parse(csv, Format::Csv)?;
//! assert_eq!(table.rows.len(), 2);
//! assert_eq!(table.rows[1].code, "SVC.0429");
//! assert!(table.rows[1].retryable);
//! assert_eq!(table.rows[1].line, 3);
//!
//! let error = parse("Status Code,Error Code,Error Message\n200,SVC.0200,Fine.\n", Format::Csv).unwrap_err();
//! assert_eq!(error.line(), Some(2));
//! assert_eq!(error.to_string(), "line 2: status `200` is not an HTTP error status (400-599)");
//! # Ok::<(), cce_errors_table::TableError>(())
//! ```

#![warn(missing_docs)]

mod csv;
mod diff;
mod distance;
mod grid;

use std::fmt;
use std::path::Path;

pub use diff::{Change, ChangeKind, diff};
pub use distance::osa as edit_distance;

/// Column names as the documentation spells them; matched ignoring case and
/// spacing, in any order.
const STATUS: &str = "Status Code";
const CODE: &str = "Error Code";
const MESSAGE: &str = "Error Message";
const DESCRIPTION: &str = "Description";
const TROUBLESHOOTING: &str = "Troubleshooting";
const RETRYABLE: &str = "Retryable";

/// One row of an error-code table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Row {
    /// The HTTP status, 400 to 599.
    pub status: u16,
    /// The code as the table writes it, such as `CCE.01400001` or `Ecs.0114`.
    pub code: String,
    /// The error message, sent as `errorMessage`.
    pub message: String,
    /// The `Description` column, empty when the table has none.
    pub description: String,
    /// The `Troubleshooting` column, empty when the table has none.
    pub troubleshooting: String,
    /// The `Retryable` column: `yes` or `true`; `false` when the table has
    /// no such column or the cell is empty, `no` or `false`.
    pub retryable: bool,
    /// The 1-based line of the row in its file, for messages.
    pub line: usize,
}

impl Row {
    /// A row built in code rather than read from a file: `line` is 0 and
    /// the optional columns are empty (set the fields to fill them).
    ///
    /// ```
    /// let mut row = cce_errors_table::Row::new("SVC.0429", 429, "Too many requests.");
    /// row.retryable = true;
    /// let table = cce_errors_table::Table::new(vec![row]);
    /// assert!(table.get("SVC.0429").unwrap().retryable);
    /// ```
    pub fn new(code: impl Into<String>, status: u16, message: impl Into<String>) -> Row {
        Row {
            status,
            code: code.into(),
            message: message.into(),
            description: String::new(),
            troubleshooting: String::new(),
            retryable: false,
            line: 0,
        }
    }
}

/// The rows of an error-code table, in the file's order; a code appears once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Table {
    /// The rows; never empty in a table that [`parse`] returned.
    pub rows: Vec<Row>,
}

/// Why a table could not be read: a message, and the 1-based line it
/// concerns when there is one.
///
/// `Display` writes `line 6: message` (or only the message); a caller
/// adds the file, as in `docs/errors.csv: line 6: message` or
/// `docs/errors.csv:6: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    line: Option<usize>,
    message: String,
}

impl TableError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        TableError {
            line: Some(line),
            message: message.into(),
        }
    }

    fn whole(message: impl Into<String>) -> Self {
        TableError {
            line: None,
            message: message.into(),
        }
    }

    /// The 1-based line the error concerns; `None` when it concerns the
    /// whole file (no table in it, an empty file, no rows).
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What is wrong, without the line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TableError {}

/// How a table file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// A page (reStructuredText or any text) holding a grid table; the first
    /// grid table with the required columns is read.
    Grid,
    /// CSV (RFC 4180: fields with commas, quotes or line breaks in double
    /// quotes, `""` for a quote) whose first record names the columns.
    Csv,
}

impl Format {
    /// [`Format::Csv`] for a path ending in `.csv` (any case), otherwise
    /// [`Format::Grid`].
    pub fn of_path(path: impl AsRef<Path>) -> Format {
        let is_csv = path
            .as_ref()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv { Format::Csv } else { Format::Grid }
    }
}

/// Reads a table. Fails at the first mistake: no table with the required
/// columns, a malformed grid table or CSV record, a row whose status is not
/// 400-599, a row without a code or with white space in it, a code listed
/// with two statuses, a `Retryable` cell that is not `yes`, `no`, `true`,
/// `false` or empty, or a table without rows. A code listed twice with the
/// same status is one row (the first).
pub fn parse(text: &str, format: Format) -> Result<Table, TableError> {
    read(text, format).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| TableError::whole("the table cannot be read"))
    })
}

/// Every mistake [`parse`] would report, in line order: all the rows that
/// are wrong, not only the first. Empty when the table is fine. A file
/// whose table cannot be found or traced has one error.
pub fn lint(text: &str, format: Format) -> Vec<TableError> {
    read(text, format).err().unwrap_or_default()
}

fn read(text: &str, format: Format) -> Result<Table, Vec<TableError>> {
    let table = match format {
        Format::Grid => read_page(text)?,
        Format::Csv => read_csv(text)?,
    };
    if table.rows.is_empty() {
        return Err(vec![TableError::whole("the table has no rows")]);
    }
    Ok(table)
}

fn read_page(page: &str) -> Result<Table, Vec<TableError>> {
    let mut first_error = None;
    for table in grid::tables(page) {
        let table = match table {
            Ok(table) => table,
            Err(e) => {
                first_error.get_or_insert(TableError::at(e.line, e.message));
                continue;
            }
        };
        let Some(columns) = Columns::find(&table.header) else {
            continue;
        };
        let records = table.rows.into_iter().map(|r| (r.line, r.cells));
        return columns.rows(records);
    }
    Err(vec![first_error.unwrap_or_else(|| {
        TableError::whole(format!(
            "no grid table with the columns {STATUS}, {CODE} and {MESSAGE}"
        ))
    })])
}

fn read_csv(text: &str) -> Result<Table, Vec<TableError>> {
    let mut records = csv::records(text).map_err(|e| vec![e])?.into_iter();
    let Some((_, header)) = records.next() else {
        return Err(vec![TableError::whole(
            "the file is empty; its first line must name the columns",
        )]);
    };
    let columns = Columns::find(&header).ok_or_else(|| {
        vec![TableError::at(
            1,
            format!("the header must name the columns {STATUS}, {CODE} and {MESSAGE}"),
        )]
    })?;
    columns.rows(records.filter(|(_, cells)| cells.iter().any(|c| !c.is_empty())))
}

/// Where the error-code columns are; description, troubleshooting and
/// retryable are optional, other columns are ignored.
struct Columns {
    status: usize,
    code: usize,
    message: usize,
    description: Option<usize>,
    troubleshooting: Option<usize>,
    retryable: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Option<Columns> {
        let find = |name: &str| header.iter().position(|h| normalize(h) == normalize(name));
        Some(Columns {
            status: find(STATUS)?,
            code: find(CODE)?,
            message: find(MESSAGE)?,
            description: find(DESCRIPTION),
            troubleshooting: find(TROUBLESHOOTING),
            retryable: find(RETRYABLE),
        })
    }

    /// The rows, or every row's mistake.
    fn rows(
        &self,
        records: impl Iterator<Item = (usize, Vec<String>)>,
    ) -> Result<Table, Vec<TableError>> {
        let mut rows: Vec<Row> = Vec::new();
        let mut errors = Vec::new();
        for (line, cells) in records {
            match self.row(line, &cells, &rows) {
                Ok(Some(row)) => rows.push(row),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Table { rows })
        } else {
            Err(errors)
        }
    }

    /// One record as a row; `None` when it repeats an earlier row.
    fn row(
        &self,
        line: usize,
        cells: &[String],
        earlier: &[Row],
    ) -> Result<Option<Row>, TableError> {
        let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
        let optional = |i: Option<usize>| i.map(cell).unwrap_or_default();
        let status_text = cell(self.status);
        let status = status_text
            .parse::<u16>()
            .ok()
            .filter(|s| (400..=599).contains(s))
            .ok_or_else(|| {
                TableError::at(
                    line,
                    format!("status `{status_text}` is not an HTTP error status (400-599)"),
                )
            })?;
        let code = cell(self.code);
        if code.is_empty() {
            return Err(TableError::at(line, "the row has no error code"));
        }
        if code.chars().any(char::is_whitespace) {
            return Err(TableError::at(
                line,
                format!("the error code `{code}` contains white space"),
            ));
        }
        let retryable =
            retryable(&optional(self.retryable)).map_err(|m| TableError::at(line, m))?;
        if let Some(first) = earlier.iter().find(|r| r.code == code) {
            if first.status == status {
                // The same row again, as pages listing a code under two
                // headings do: the first one stands.
                return Ok(None);
            }
            return Err(TableError::at(
                line,
                format!(
                    "`{code}` is listed with status {status}, and with status {} at line {}",
                    first.status, first.line
                ),
            ));
        }
        Ok(Some(Row {
            status,
            code,
            message: cell(self.message),
            description: optional(self.description),
            troubleshooting: optional(self.troubleshooting),
            retryable,
            line,
        }))
    }
}

/// The `Retryable` cell: `yes`/`true`, `no`/`false` or empty, any case.
fn retryable(cell: &str) -> Result<bool, String> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Ok(true),
        "no" | "false" | "" => Ok(false),
        _ => Err(format!(
            "{RETRYABLE} `{}` is neither yes nor no: write `yes` or `true`, `no` or `false`, or leave the cell empty for no",
            cell.trim().escape_debug()
        )),
    }
}

fn normalize(header: &str) -> String {
    header
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The shape of a CCE code, as messages describe it: `CCE.` + 2-digit
/// module + 3-digit status + 3-digit serial.
pub const CCE_SHAPE: &str = "`CCE.` followed by 8 digits: a 2-digit module, the 3-digit HTTP status and a 3-digit serial, as in `CCE.01400001`";

/// Whether `code` has the CCE shape ([`CCE_SHAPE`]); the message says what
/// is wrong, with the code escaped so that white space and control
/// characters show.
pub fn check_cce_shape(code: &str) -> Result<(), String> {
    let well_formed = code.len() == 12
        && code.starts_with("CCE.")
        && code[4..].bytes().all(|b| b.is_ascii_digit());
    if well_formed {
        Ok(())
    } else {
        let shown = code.escape_debug();
        Err(format!(
            "malformed CCE error code `{shown}`: expected {CCE_SHAPE}"
        ))
    }
}

/// Reads the CCE documentation page: a grid table whose every code has the
/// CCE shape and carries its row's status in its digits.
pub fn parse_cce_page(page: &str) -> Result<Table, TableError> {
    let table = parse(page, Format::Grid)?;
    for row in &table.rows {
        check_cce_shape(&row.code).map_err(|why| TableError::at(row.line, why))?;
        let digits = &row.code[6..9];
        if digits != row.status.to_string() {
            return Err(TableError::at(
                row.line,
                format!(
                    "`{}` carries status {digits} but its row says {}",
                    row.code, row.status
                ),
            ));
        }
    }
    Ok(table)
}

impl Table {
    /// A table of `rows`, taken as they are (unchecked).
    pub fn new(rows: Vec<Row>) -> Table {
        Table { rows }
    }

    /// The row of `code`, matched exactly.
    pub fn get(&self, code: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.code == code)
    }

    /// The index of the row of `code`, matched exactly.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.code == code)
    }

    /// Up to three codes nearest to `code` by edit distance (a swap of two
    /// neighbouring characters counts as one edit), those with the same
    /// status digits first, then in table order; none further than three
    /// edits.
    ///
    /// ```
    /// # use cce_errors_table::{Format, parse};
    /// let table = parse("Status Code,Error Code,Error Message\n404,SVC.0404,No.\n409,SVC.0409,Exists.\n", Format::Csv)?;
    /// let near: Vec<&str> = table.nearest("SVC.0440").iter().map(|r| r.code.as_str()).collect();
    /// assert_eq!(near, ["SVC.0404"]);
    /// # Ok::<(), cce_errors_table::TableError>(())
    /// ```
    pub fn nearest(&self, code: &str) -> Vec<&Row> {
        let status_digits = code.get(6..9);
        let mut scored: Vec<(usize, bool, usize, &Row)> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let distance = edit_distance(code, &row.code);
                let other_status = row.code.get(6..9) != status_digits;
                (distance, other_status, i, row)
            })
            .filter(|(distance, ..)| *distance <= 3)
            .collect();
        scored.sort_by_key(|&(distance, other_status, i, _)| (distance, other_status, i));
        let best = scored.first().map(|s| s.0);
        scored
            .into_iter()
            .take_while(|s| Some(s.0) == best || s.0 <= 1)
            .take(3)
            .map(|s| s.3)
            .collect()
    }

    /// What follows "`X` is not in this table" in a message: the nearest
    /// codes with their messages (`; did you mean ...?`), else every code
    /// of a table of up to 12 rows (`; its codes are ...`), else
    /// `; {listing}`, where `listing` says where to find the codes.
    ///
    /// ```
    /// # use cce_errors_table::{Format, parse};
    /// let table = parse("Status Code,Error Code,Error Message\n404,SVC.0404,No such resource.\n", Format::Csv)?;
    /// assert_eq!(table.suggest("SVC.0405", "run `cce-errors list`"), "; did you mean `SVC.0404` (No such resource.)?");
    /// assert_eq!(table.suggest("X", "run `cce-errors list`"), "; its codes are `SVC.0404`");
    /// # Ok::<(), cce_errors_table::TableError>(())
    /// ```
    pub fn suggest(&self, code: &str, listing: &str) -> String {
        let near = self.nearest(code);
        if near.is_empty() && self.rows.len() <= 12 {
            let codes = self
                .rows
                .iter()
                .map(|row| format!("`{}`", row.code))
                .collect::<Vec<_>>()
                .join(", ");
            format!("; its codes are {codes}")
        } else if near.is_empty() {
            format!("; {listing}")
        } else {
            let listed = near
                .iter()
                .map(|row| format!("`{}` ({})", row.code, row.message))
                .collect::<Vec<_>>()
                .join(" or ");
            format!("; did you mean {listed}?")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CCE_PAGE: &str = include_str!("../../tables/cce_02_0250.rst");

    fn parse_page(text: &str) -> Result<Table, String> {
        parse(text, Format::Grid).map_err(|e| e.to_string())
    }

    fn parse_csv(text: &str) -> Result<Table, String> {
        parse(text, Format::Csv).map_err(|e| e.to_string())
    }

    #[test]
    fn canonical_page_parses_to_43_consistent_rows() {
        let table = parse_cce_page(CCE_PAGE).unwrap();
        assert_eq!(table.rows.len(), 43);
        let first = &table.rows[0];
        assert_eq!(first.code, "CCE.01400001");
        assert_eq!(first.status, 400);
        assert_eq!(first.message, "Invalid request.");
        assert!(!first.retryable, "the CCE page has no Retryable column");
        assert_eq!(table.rows[42].code, "CCE.03500001");
        assert!(lint(CCE_PAGE, Format::Grid).is_empty());
    }

    #[test]
    fn the_cce_rules_are_checked_with_the_line() {
        let page = |code: &str| {
            format!(
                "+-------------+--------------+---------------+\n\
                 | Status Code | Error Code   | Error Message |\n\
                 +=============+==============+===============+\n\
                 | 400         | {code:<12} | m             |\n\
                 +-------------+--------------+---------------+\n"
            )
        };
        assert!(parse_cce_page(&page("CCE.01400001")).is_ok());
        let err = parse_cce_page(&page("CCE.01404001")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4: `CCE.01404001` carries status 404 but its row says 400"
        );
        let err = parse_cce_page(&page("ECS.0001")).unwrap_err();
        assert_eq!(err.line(), Some(4));
        assert!(
            err.message()
                .starts_with("malformed CCE error code `ECS.0001`")
        );
    }

    #[test]
    fn finds_columns_by_name_in_any_order_and_ignores_others() {
        let page = "\
+--------------+-------+--------+-----------------+-------------+-----------------+-----------+
| Error Code   | Notes | Status | Troubleshooting | Description | Error           | retryable |
|              |       | Code   |                 |             | Message         |           |
+==============+=======+========+=================+=============+=================+===========+
| ECS.0001     | x     | 400    | Check the       | Bad body.   | Invalid         | No        |
|              |       |        | request.        |             | request.        |           |
+--------------+-------+--------+-----------------+-------------+-----------------+-----------+
| ECS.0429     | x     | 429    | Wait.           | Throttled.  | Too many.       | YES       |
+--------------+-------+--------+-----------------+-------------+-----------------+-----------+
";
        let table = parse_page(page).unwrap();
        assert_eq!(
            table.rows,
            [
                Row {
                    status: 400,
                    code: "ECS.0001".into(),
                    message: "Invalid request.".into(),
                    description: "Bad body.".into(),
                    troubleshooting: "Check the request.".into(),
                    retryable: false,
                    line: 5,
                },
                Row {
                    status: 429,
                    code: "ECS.0429".into(),
                    message: "Too many.".into(),
                    description: "Throttled.".into(),
                    troubleshooting: "Wait.".into(),
                    retryable: true,
                    line: 8,
                }
            ]
        );
    }

    #[test]
    fn reads_every_documented_retryable_value_and_rejects_others_with_the_line() {
        let header = "Status Code,Error Code,Error Message,Retryable\n";
        for (value, expected) in [
            ("yes", true),
            ("Yes", true),
            ("true", true),
            (" TRUE ", true),
            ("no", false),
            ("No", false),
            ("false", false),
            ("", false),
        ] {
            let table = parse_csv(&format!("{header}429,A.1,m,{value}\n")).unwrap();
            assert_eq!(table.rows[0].retryable, expected, "{value:?}");
        }
        for value in ["maybe", "1", "y", "retry"] {
            let err = parse_csv(&format!("{header}404,A.0,m,\n429,A.1,m,{value}\n")).unwrap_err();
            assert_eq!(
                err,
                format!(
                    "line 3: Retryable `{value}` is neither yes nor no: write `yes` or `true`, `no` or `false`, or leave the cell empty for no"
                )
            );
        }
        // Without the column, no row is retryable.
        let table = parse_csv("Status Code,Error Code,Error Message\n503,A.1,m\n").unwrap();
        assert!(!table.rows[0].retryable);
    }

    #[test]
    fn rejects_bad_rows_with_their_line() {
        let page = |status: &str, code2: &str| {
            format!(
                "+-------------+------------+---------------+-------------+-----------------+\n\
                 | Status Code | Error Code | Error Message | Description | Troubleshooting |\n\
                 +=============+============+===============+=============+=================+\n\
                 | 400         | A.1        | m             | d           | t               |\n\
                 +-------------+------------+---------------+-------------+-----------------+\n\
                 | {status:<11} | {code2:<10} | m             | d           | t               |\n\
                 +-------------+------------+---------------+-------------+-----------------+\n"
            )
        };
        let err = parse_page(&page("200", "A.2")).unwrap_err();
        assert!(err.starts_with("line 6: status `200`"), "{err}");
        let err = parse_page(&page("404", "A.1")).unwrap_err();
        assert_eq!(
            err,
            "line 6: `A.1` is listed with status 404, and with status 400 at line 4"
        );
        // The same row twice is no mistake: the first stands.
        assert_eq!(parse_page(&page("400", "A.1")).unwrap().rows.len(), 1);
        assert!(parse_page(&page("400", "A.2")).is_ok());
        assert!(
            parse_page("no table here")
                .unwrap_err()
                .contains("no grid table")
        );
    }

    #[test]
    fn a_table_without_rows_is_an_error() {
        assert_eq!(
            parse_csv("Status Code,Error Code,Error Message\n\n").unwrap_err(),
            "the table has no rows"
        );
        let page = "+-------------+------------+---------------+\n\
                    | Status Code | Error Code | Error Message |\n\
                    +=============+============+===============+\n";
        // A header and nothing under it is no complete grid table.
        assert!(parse_page(page).is_err());
    }

    #[test]
    fn lint_reports_every_bad_row_in_line_order() {
        let text = "Status Code,Error Code,Error Message,Retryable\n\
                    404,A.1,m,\n\
                    200,A.2,m,\n\
                    404,,m,\n\
                    429,A.3,m,perhaps\n\
                    410,A.1,m,\n\
                    404,A.4,m,no\n";
        let lines: Vec<Option<usize>> = lint(text, Format::Csv)
            .iter()
            .map(TableError::line)
            .collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(6)]);
        // `parse` stops at the first of them.
        assert_eq!(parse(text, Format::Csv).unwrap_err().line(), Some(3));
        assert!(lint("404", Format::Csv)[0].message().contains("header"));
    }

    #[test]
    fn reads_csv_with_quotes_wrapped_fields_and_other_columns() {
        let text = "\u{feff}Owner,Error Code,Status Code,Error Message,Troubleshooting\r\n\
                    net,ECS.0001,400,\"Invalid request, see \"\"docs\"\"\",Check it.\r\n\
                    \r\n\
                    net , APIGW.0301 , 401 ,\"Incorrect IAM\r\nauthentication information\",\n";
        let table = parse_csv(text).unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].code, "ECS.0001");
        assert_eq!(table.rows[0].message, "Invalid request, see \"docs\"");
        assert_eq!(table.rows[0].description, "", "an absent column is empty");
        assert_eq!(table.rows[0].troubleshooting, "Check it.");
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].code, "APIGW.0301");
        assert_eq!(table.rows[1].status, 401);
        assert_eq!(
            table.rows[1].message,
            "Incorrect IAM authentication information"
        );
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn rejects_broken_csv_with_its_line() {
        let header = "Status Code,Error Code,Error Message\n";
        for (body, says) in [
            ("400,A.1,\"open\n", "line 2: a quoted field is not closed"),
            ("400,A\"1,m\n", "line 2: a quote inside an unquoted field"),
            ("abc,A.1,m\n", "line 2: status `abc`"),
            ("400,,m\n", "line 2: the row has no error code"),
            (
                "400,A.1,m\n404,A.1,m\n",
                "line 3: `A.1` is listed with status 404",
            ),
        ] {
            let err = parse_csv(&format!("{header}{body}")).unwrap_err();
            assert!(err.starts_with(says), "{err}");
        }
        assert!(
            parse_csv("Code,Message\n1,2\n")
                .unwrap_err()
                .contains("header")
        );
        assert!(parse_csv("").unwrap_err().contains("empty"));
    }

    #[test]
    fn suggests_transposed_and_near_codes() {
        let table = parse_cce_page(CCE_PAGE).unwrap();
        let near: Vec<&str> = table
            .nearest("CCE.01400031")
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        // Two are one substitution away, one a swap of neighbouring digits.
        assert_eq!(near, ["CCE.01400001", "CCE.01400011", "CCE.01400013"]);
        let near: Vec<&str> = table
            .nearest("CCE.01404002")
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(near[0], "CCE.01404001", "{near:?}");
        assert!(table.nearest("totally-unrelated").is_empty());
        assert_eq!(
            table.suggest("totally-unrelated", "see the list"),
            "; see the list"
        );
    }

    #[test]
    fn shape_rule() {
        assert!(check_cce_shape("CCE.01400001").is_ok());
        for bad in [
            "CCE.0140001",
            "cce.01400001",
            "CCE01400001",
            "CCE.0140000a",
            "CCE.014000011",
            "CCE.0140000١",
        ] {
            assert!(check_cce_shape(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(Format::of_path("docs/errors.CSV"), Format::Csv);
        assert_eq!(Format::of_path("docs/errors.rst"), Format::Grid);
        assert_eq!(Format::of_path("errors"), Format::Grid);
    }
}
