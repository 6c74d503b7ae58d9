//! The optional `Retryable` column of a team's table: read by the derive
//! into `ErrorCode::retryable()`; the CCE table has no such column.

use cce_errors::{CceError, ErrorCode};

/// DCS's table as CSV, with a `Retryable` column in each documented
/// spelling (`yes`, `Yes`, `TRUE`, `no`, `false`, empty).
#[derive(Debug, CceError)]
#[cce(table = "tables/dcs_error_codes.csv")]
enum DcsError {
    #[cce(code = "DCS.4001")]
    Invalid,
    #[cce(code = "DCS.4004")]
    NotFound,
    #[cce(code = "DCS.4009")]
    Busy,
    #[cce(code = "DCS.4029")]
    Throttled {
        #[cce(retry_after)]
        after: u64,
    },
    #[cce(code = "DCS.5000")]
    Internal,
    #[cce(code = "DCS.5003")]
    Upgrading,
}

#[test]
fn the_column_decides_each_rows_retryable() {
    let retryable: Vec<(&str, bool)> = DcsError::error_codes()
        .iter()
        .map(|row| (row.code(), row.retryable()))
        .collect();
    assert_eq!(
        retryable,
        [
            ("DCS.4001", false), // no
            ("DCS.4004", false), // empty
            ("DCS.4009", true),  // yes
            ("DCS.4029", true),  // Yes
            ("DCS.5000", false), // false
            ("DCS.5003", true),  // TRUE
        ]
    );
    assert!(DcsError::Throttled { after: 3 }.error_code().retryable());
    assert!(!DcsError::Invalid.error_code().retryable());
}

#[test]
fn no_row_of_the_cce_table_is_retryable() {
    assert_eq!(ErrorCode::all().len(), 43);
    assert!(ErrorCode::all().iter().all(|row| !row.retryable()));
}

/// A team's table without the column.
#[derive(Debug, CceError)]
#[cce(table = "tables/vpc_error_codes.csv")]
enum VpcError {
    #[cce(code = "VPC.0003")]
    Conflict,
}

#[test]
fn a_table_without_the_column_has_no_retryable_row() {
    assert_eq!(VpcError::Conflict.error_code().status(), 409);
    assert!(!VpcError::Conflict.error_code().retryable());
}
