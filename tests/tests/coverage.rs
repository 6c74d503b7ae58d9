//! Coverage of a documented table: `cce_errors::table!` reads every row of
//! a team's table while compiling, and `contract::coverage` /
//! `check_coverage` compare a type with it.

use cce_errors::contract::{self, CoverageError};
use cce_errors::{CceError, ErrorCode};

/// ECS's page, read whole.
const ECS_PAGE: &[ErrorCode] = cce_errors::table!("tables/ecs_error_codes.rst");

#[derive(Debug, CceError)]
#[cce(table = "tables/ecs_error_codes.rst")]
#[allow(dead_code)]
enum EcsError {
    #[cce(code = "Ecs.0114", detail = "server {0} does not exist")]
    NotFound(String),
    #[cce(code = "Ecs.0000")]
    BadRequest,
    #[cce(code = "Ecs.0005", detail = "{0} is out of range")]
    InvalidParameter(String),
    #[cce(code = "Ecs.0319")]
    Throttled {
        #[cce(retry_after)]
        after: u64,
    },
    #[cce(code = "Ecs.0500")]
    Internal,
}

#[test]
fn table_reads_every_row_in_the_files_order() {
    let codes: Vec<&str> = ECS_PAGE.iter().map(ErrorCode::code).collect();
    assert_eq!(
        codes,
        [
            "Ecs.0000", "Ecs.0005", "Ecs.0013", "Ecs.0114", "Ecs.0205", "Ecs.0319", "Ecs.0500",
            "Ecs.0503"
        ]
    );
    let row = &ECS_PAGE[3];
    assert_eq!(row.status(), http::StatusCode::NOT_FOUND);
    assert_eq!(row.message(), "The ECS does not exist.");
    assert_eq!(
        row.description(),
        "The ECS of the given ID cannot be found."
    );
    // The derive's row for the same code says the same.
    assert_eq!(EcsError::NotFound("i-1".into()).error_code(), row);
    // In a function too, and the `Retryable` column is read.
    let dcs = cce_errors::table!("tables/dcs_error_codes.csv");
    let retryable: Vec<&str> = dcs
        .iter()
        .filter(|row| row.retryable())
        .map(ErrorCode::code)
        .collect();
    assert_eq!(retryable, ["DCS.4009", "DCS.4029", "DCS.5003"]);
}

#[derive(Debug, CceError)]
#[allow(dead_code)]
enum Small {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(code = "CCE.01500001")]
    Internal,
}

#[test]
fn coverage_lists_the_rows_a_type_never_produces() {
    let missing: Vec<&str> = contract::coverage::<EcsError>(ECS_PAGE)
        .iter()
        .map(|row| row.code())
        .collect();
    assert_eq!(missing, ["Ecs.0013", "Ecs.0205", "Ecs.0503"]);
    // Against the CCE table, for a type of CCE codes.
    let missing = contract::coverage::<Small>(ErrorCode::all());
    assert_eq!(missing.len(), 41);
    assert_eq!(missing[0].code(), "CCE.01400001");
    assert!(
        missing
            .iter()
            .all(|r| !matches!(r.code(), "CCE.01404001" | "CCE.01500001"))
    );
}

#[test]
fn check_coverage_passes_when_each_row_is_produced_or_excluded() {
    contract::check_coverage::<EcsError>(ECS_PAGE, &["Ecs.0013", "Ecs.0205", "Ecs.0503"]);
    assert!(contract::verify_coverage::<EcsError>(ECS_PAGE, &["Ecs.0013", "Ecs.0205"]).is_err());
}

fn failure(excluded: &[&str]) -> CoverageError {
    contract::verify_coverage::<EcsError>(ECS_PAGE, excluded).unwrap_err()
}

#[test]
fn check_coverage_fails_with_every_row_neither_produced_nor_excluded() {
    let error = failure(&["Ecs.0013"]);
    assert_eq!(
        error.missing().collect::<Vec<_>>(),
        ["Ecs.0205", "Ecs.0503"]
    );
    assert_eq!(
        error.to_string(),
        "EcsError never produces 2 documented rows: produce each, or exclude each by code\n  \
         Ecs.0205  409  Operation conflict.\n  \
         Ecs.0503  503  The ECS service is unavailable.\n"
    );
    let panic = std::panic::catch_unwind(|| {
        contract::check_coverage::<EcsError>(ECS_PAGE, &["Ecs.0013"]);
    })
    .unwrap_err();
    assert_eq!(
        panic.downcast_ref::<String>().map(String::as_str),
        Some(error.to_string().as_str())
    );
}

#[test]
fn misspelt_and_stale_exclusions_fail() {
    let error = failure(&["Ecs.0013", "Ecs.0205", "Ecs.0503", "Ecs.013", "Ecs.0114"]);
    assert_eq!(error.missing().count(), 0);
    assert_eq!(error.unknown_exclusions().collect::<Vec<_>>(), ["Ecs.013"]);
    assert_eq!(
        error.produced_exclusions().collect::<Vec<_>>(),
        ["Ecs.0114"]
    );
    assert_eq!(
        error.to_string(),
        "excluded codes that the table does not have (misspelt, or removed from the table): `Ecs.013`\n\
         \n\
         excluded codes that EcsError produces (remove them from the exclusions): `Ecs.0114`\n"
    );
}

/// A type of CCE codes, built against the shipped page.
#[derive(Debug, CceError)]
#[allow(dead_code)]
enum ClusterError {
    #[cce(code = "CCE.01400006")]
    ContentType,
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[test]
fn a_status_that_differs_from_the_tables_fails() {
    // The second version of the page gives `CCE.01400006` status 415.
    let v2 = cce_errors::table!("tables/cce_02_0250.v2.rst");
    let others: Vec<&str> = v2
        .iter()
        .map(ErrorCode::code)
        .filter(|c| !matches!(*c, "CCE.01400006" | "CCE.01404001"))
        .collect();
    let error = contract::verify_coverage::<ClusterError>(v2, &others).unwrap_err();
    assert_eq!(
        error.status_mismatches().collect::<Vec<_>>(),
        [("CCE.01400006", 400, 415)]
    );
    assert_eq!(
        error.to_string(),
        "codes ClusterError produces with another status than the table's (built against another version of it):\n  \
         CCE.01400006: ClusterError sends 400, the table says 415\n"
    );
    // Against the page it was built with, it holds.
    let all: Vec<&str> = ErrorCode::all()
        .iter()
        .map(ErrorCode::code)
        .filter(|c| !matches!(*c, "CCE.01400006" | "CCE.01404001"))
        .collect();
    contract::check_coverage::<ClusterError>(ErrorCode::all(), &all);
}
