//! Error-code tables: the canonical CCE table shipped in this crate, and a
//! team's own table in a grid-table page or a CSV file; looking codes up,
//! and suggesting near codes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::grid;

/// The documentation page, byte for byte as published. `include_str!` makes
/// cargo rebuild this crate when the page changes.
const CANONICAL_PAGE: &str = include_str!("../tables/cce_02_0250.rst");
const CANONICAL_FILE: &str = "cce-errors-derive/tables/cce_02_0250.rst";

/// One row of an error-code table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) description: String,
    pub(crate) troubleshooting: String,
    /// 1-based line of the row in its file, for error messages.
    pub(crate) line: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) rows: Vec<Row>,
}

/// Column names as the documentation spells them; matched ignoring case and
/// spacing, in any order.
const STATUS: &str = "Status Code";
const CODE: &str = "Error Code";
const MESSAGE: &str = "Error Message";
const DESCRIPTION: &str = "Description";
const TROUBLESHOOTING: &str = "Troubleshooting";

/// The CCE table, parsed once per compiler process.
pub(crate) fn canonical() -> Result<&'static Table, String> {
    static TABLE: OnceLock<Result<Table, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_canonical(CANONICAL_PAGE))
        .as_ref()
        .map_err(|e| format!("{CANONICAL_FILE}: {e}"))
}

fn parse_canonical(page: &str) -> Result<Table, String> {
    let table = parse_page(page)?;
    for row in &table.rows {
        if let Err(why) = check_cce_shape(&row.code) {
            return Err(format!("line {}: {why}", row.line));
        }
        let digits = &row.code[6..9];
        if digits != row.status.to_string() {
            return Err(format!(
                "line {}: `{}` carries status {digits} but its row says {}",
                row.line, row.code, row.status
            ));
        }
    }
    Ok(table)
}

/// Reads the first grid table of `page` that has the error-code columns.
pub(crate) fn parse_page(page: &str) -> Result<Table, String> {
    let mut first_error = None;
    for table in grid::tables(page) {
        let table = match table {
            Ok(table) => table,
            Err(e) => {
                first_error.get_or_insert_with(|| e.to_string());
                continue;
            }
        };
        let Some(columns) = Columns::find(&table.header) else {
            continue;
        };
        let records = table.rows.into_iter().map(|r| (r.line, r.cells));
        return columns.rows(records);
    }
    Err(first_error.unwrap_or_else(|| {
        format!("no grid table with the columns {STATUS}, {CODE} and {MESSAGE}")
    }))
}

/// Reads a CSV file (RFC 4180: comma-separated, fields with commas, quotes
/// or line breaks in double quotes, `""` for a quote) whose first record
/// names the columns.
pub(crate) fn parse_csv(text: &str) -> Result<Table, String> {
    let mut records = csv_records(text)?.into_iter();
    let Some((_, header)) = records.next() else {
        return Err("the file is empty; its first line must name the columns".to_owned());
    };
    let columns = Columns::find(&header).ok_or_else(|| {
        format!("line 1: the header must name the columns {STATUS}, {CODE} and {MESSAGE}")
    })?;
    columns.rows(records.filter(|(_, cells)| cells.iter().any(|c| !c.is_empty())))
}

/// A team's own table: `relative` to the using crate's directory, a CSV
/// file when it ends in `.csv`, otherwise a page with a grid table. Returns
/// the table and the file's absolute path, for cargo to track it.
pub(crate) fn load(manifest_dir: &Path, relative: &str) -> Result<(Table, PathBuf), String> {
    if relative.trim().is_empty() {
        return Err(
            "`table` needs the path of the table file, as in `table = \"docs/error-codes.rst\"`"
                .to_owned(),
        );
    }
    let path = manifest_dir.join(relative);
    if path.is_dir() {
        return Err(format!(
            "`{relative}` is a directory; name the table file in it, as in `table = \"{}/error-codes.rst\"`",
            relative.trim_end_matches('/')
        ));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read the error-code table `{relative}`: {e}; the path is relative to the crate's directory (CARGO_MANIFEST_DIR)"
        )
    })?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let table = if is_csv {
        parse_csv(&text)
    } else {
        parse_page(&text)
    }
    .map_err(|e| format!("{relative}: {e}"))?;
    if table.rows.is_empty() {
        return Err(format!("{relative}: the table has no rows"));
    }
    Ok((table, path))
}

/// Where the error-code columns are; description and troubleshooting are
/// optional, other columns are ignored.
struct Columns {
    status: usize,
    code: usize,
    message: usize,
    description: Option<usize>,
    troubleshooting: Option<usize>,
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
        })
    }

    fn rows(&self, records: impl Iterator<Item = (usize, Vec<String>)>) -> Result<Table, String> {
        let mut rows: Vec<Row> = Vec::new();
        for (line, cells) in records {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            let optional = |i: Option<usize>| i.map(cell).unwrap_or_default();
            let status_text = cell(self.status);
            let status = status_text
                .parse::<u16>()
                .ok()
                .filter(|s| (400..=599).contains(s))
                .ok_or_else(|| {
                    format!(
                        "line {line}: status `{status_text}` is not an HTTP error status (400-599)"
                    )
                })?;
            let code = cell(self.code);
            if code.is_empty() {
                return Err(format!("line {line}: the row has no error code"));
            }
            if code.chars().any(char::is_whitespace) {
                return Err(format!(
                    "line {line}: the error code `{code}` contains white space"
                ));
            }
            if let Some(first) = rows.iter().find(|r| r.code == code) {
                if first.status == status {
                    // The same row again, as pages listing a code under two
                    // headings do: the first one stands.
                    continue;
                }
                return Err(format!(
                    "line {line}: `{code}` is listed with status {status}, and with status {} at line {}",
                    first.status, first.line
                ));
            }
            rows.push(Row {
                status,
                code,
                message: cell(self.message),
                description: optional(self.description),
                troubleshooting: optional(self.troubleshooting),
                line,
            });
        }
        Ok(Table { rows })
    }
}

/// The records of a CSV text with the 1-based line each starts on. Line
/// breaks inside a quoted field join its lines with a space, as a wrapped
/// grid-table cell's are.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let finish = |field: &mut String, was_quoted: bool| {
        let value = std::mem::take(field);
        if was_quoted {
            value
        } else {
            value.trim().to_owned()
        }
    };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, '\n') => {
                line += 1;
                let trimmed = field.trim_end_matches('\r').len();
                field.truncate(trimmed);
                field.push(' ');
            }
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, '"') => {
                return Err(format!(
                    "line {line}: a quote inside an unquoted field; quote the whole field and write `\"\"` for a quote"
                ));
            }
            (false, ',') => {
                fields.push(finish(&mut field, was_quoted));
                was_quoted = false;
            }
            (false, '\n') => {
                fields.push(finish(&mut field, was_quoted));
                was_quoted = false;
                records.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {start}: a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(finish(&mut field, was_quoted));
        records.push((start, fields));
    }
    Ok(records)
}

fn normalize(header: &str) -> String {
    header
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The documented shape: `CCE.` + 2-digit module + 3-digit status + 3-digit serial.
pub(crate) const CCE_SHAPE: &str = "`CCE.` followed by 8 digits: a 2-digit module, the 3-digit HTTP status and a 3-digit serial, as in `CCE.01400001`";

pub(crate) fn check_cce_shape(code: &str) -> Result<(), String> {
    let well_formed = code.len() == 12
        && code.starts_with("CCE.")
        && code[4..].bytes().all(|b| b.is_ascii_digit());
    if well_formed {
        Ok(())
    } else {
        // Escaped, so that white space and control characters show.
        let shown = code.escape_debug();
        Err(format!(
            "malformed CCE error code `{shown}`: expected {CCE_SHAPE}"
        ))
    }
}

impl Table {
    pub(crate) fn position(&self, code: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.code == code)
    }

    /// Up to three codes nearest to `code` by edit distance (a swap of two
    /// neighbouring digits counts as one edit), those with the same status
    /// digits first, then in table order.
    pub(crate) fn nearest(&self, code: &str) -> Vec<&Row> {
        let status_digits = code.get(6..9);
        let mut scored: Vec<(usize, bool, usize, &Row)> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let distance = strsim::osa_distance(code, &row.code);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_page_parses_to_43_consistent_rows() {
        let table = canonical().unwrap();
        assert_eq!(table.rows.len(), 43);
        let first = &table.rows[0];
        assert_eq!(first.code, "CCE.01400001");
        assert_eq!(first.status, 400);
        assert_eq!(first.message, "Invalid request.");
        assert_eq!(table.rows[42].code, "CCE.03500001");
    }

    #[test]
    fn finds_columns_by_name_in_any_order_and_ignores_others() {
        let page = "\
+--------------+-------+--------+-----------------+-------------+-----------------+
| Error Code   | Notes | Status | Troubleshooting | Description | Error           |
|              |       | Code   |                 |             | Message         |
+==============+=======+========+=================+=============+=================+
| ECS.0001     | x     | 400    | Check the       | Bad body.   | Invalid         |
|              |       |        | request.        |             | request.        |
+--------------+-------+--------+-----------------+-------------+-----------------+
";
        let table = parse_page(page).unwrap();
        assert_eq!(
            table.rows,
            [Row {
                status: 400,
                code: "ECS.0001".into(),
                message: "Invalid request.".into(),
                description: "Bad body.".into(),
                troubleshooting: "Check the request.".into(),
                line: 5,
            }]
        );
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
        let table = canonical().unwrap();
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
}
