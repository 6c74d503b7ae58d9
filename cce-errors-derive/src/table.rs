//! The canonical CCE error-code table: loading it from the documentation
//! page shipped in this crate, looking codes up, and suggesting near codes.

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

#[derive(Debug)]
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
        let find = |name: &str| {
            table
                .header
                .iter()
                .position(|h| normalize(h) == normalize(name))
        };
        let (Some(status), Some(code), Some(message), Some(description), Some(troubleshooting)) = (
            find(STATUS),
            find(CODE),
            find(MESSAGE),
            find(DESCRIPTION),
            find(TROUBLESHOOTING),
        ) else {
            continue;
        };
        let mut rows = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let cell = |i: usize| row.cells.get(i).cloned().unwrap_or_default();
            let status_text = cell(status);
            let status = status_text
                .parse::<u16>()
                .ok()
                .filter(|s| (400..=599).contains(s))
                .ok_or_else(|| {
                    format!(
                        "line {}: status `{status_text}` is not an HTTP error status (400-599)",
                        row.line
                    )
                })?;
            let code = cell(code);
            if code.is_empty() {
                return Err(format!("line {}: the row has no error code", row.line));
            }
            if let Some(first) = rows.iter().find(|r: &&Row| r.code == code) {
                return Err(format!(
                    "line {}: `{code}` is listed twice (first at line {})",
                    row.line, first.line
                ));
            }
            rows.push(Row {
                status,
                code,
                message: cell(message),
                description: cell(description),
                troubleshooting: cell(troubleshooting),
                line: row.line,
            });
        }
        return Ok(Table { rows });
    }
    Err(first_error.unwrap_or_else(|| {
        format!(
            "no grid table with the columns {STATUS}, {CODE}, {MESSAGE}, {DESCRIPTION}, {TROUBLESHOOTING}"
        )
    }))
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
        Err(format!(
            "malformed CCE error code `{code}`: expected {CCE_SHAPE}"
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
        let err = parse_page(&page("400", "A.1")).unwrap_err();
        assert_eq!(err, "line 6: `A.1` is listed twice (first at line 4)");
        assert!(parse_page(&page("400", "A.2")).is_ok());
        assert!(
            parse_page("no table here")
                .unwrap_err()
                .contains("no grid table")
        );
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
