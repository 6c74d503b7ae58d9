//! The canonical table: `ErrorCode::all()` and `ErrorCode::lookup` against
//! the shipped documentation page, read here independently of the derive's
//! grid-table parser.

use cce_errors::ErrorCode;

/// The page the derive reads, read again here as an independent oracle.
const PAGE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../cce-errors-derive/tables/cce_02_0250.rst"
));

/// One row of the page: status, code, message, description, troubleshooting.
#[derive(Debug, PartialEq, Eq)]
struct PageRow {
    status: u16,
    code: String,
    message: String,
    description: String,
    troubleshooting: String,
}

/// A deliberately naive reading of the page: this page has no wrapped
/// cells, so every data row is one line starting with `| ` and a digit.
fn page_rows() -> Vec<PageRow> {
    PAGE.lines()
        .filter(|line| {
            line.strip_prefix("| ")
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c.is_ascii_digit())
        })
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // A leading and a trailing empty cell around the five columns.
            assert_eq!(cells.len(), 7, "unexpected row shape: {line}");
            assert_eq!(
                (cells[0], cells[6]),
                ("", ""),
                "unexpected row shape: {line}"
            );
            PageRow {
                status: cells[1].parse().expect("status column is a number"),
                code: cells[2].to_owned(),
                message: cells[3].to_owned(),
                description: cells[4].to_owned(),
                troubleshooting: cells[5].to_owned(),
            }
        })
        .collect()
}

fn row_of(row: &ErrorCode) -> PageRow {
    PageRow {
        status: row.status().as_u16(),
        code: row.code().to_owned(),
        message: row.message().to_owned(),
        description: row.description().to_owned(),
        troubleshooting: row.troubleshooting().to_owned(),
    }
}

#[test]
fn the_page_has_43_rows() {
    assert_eq!(page_rows().len(), 43);
    assert_eq!(ErrorCode::all().len(), 43);
}

#[test]
fn all_rows_match_the_page_in_order_with_exact_texts() {
    let expected = page_rows();
    let actual: Vec<PageRow> = ErrorCode::all().iter().map(row_of).collect();
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "row {i} differs from the page");
    }
    assert_eq!(actual.len(), expected.len());
}

#[test]
fn tricky_texts_are_exact() {
    let row = ErrorCode::lookup("CCE.01400008").unwrap();
    // The page's message has no trailing period; the table must not add one.
    assert_eq!(row.message(), "Insufficient server quota");
    assert_eq!(row.description(), "Insufficient ECS quota.");

    let row = ErrorCode::lookup("CCE.01409002").unwrap();
    assert_eq!(row.status(), http::StatusCode::CONFLICT);
    assert_eq!(row.message(), "Resource updated with out-of-date version.");
    assert_eq!(
        row.description(),
        "An out-of-date version is used to update the target resource."
    );
    assert_eq!(
        row.troubleshooting(),
        "Ensure that the target resource version is the latest one or contact technical support."
    );

    let row = ErrorCode::lookup("CCE.01400001").unwrap();
    assert_eq!(row.status(), http::StatusCode::BAD_REQUEST);
    assert_eq!(row.message(), "Invalid request.");
    assert_eq!(row.description(), "Invalid request body.");
    assert_eq!(
        row.troubleshooting(),
        "Modify the request body based on the returned message and the CCE API documentation, or contact technical support."
    );

    let row = ErrorCode::lookup("CCE.01400016").unwrap();
    assert_eq!(
        row.message(),
        "Current cluster type does not support this node flavor."
    );

    let row = ErrorCode::lookup("CCE.02429001").unwrap();
    assert_eq!(row.status(), http::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(row.message(), "The throttling threshold has been reached.");
}

#[test]
fn first_and_last_rows_are_the_pages() {
    let all = ErrorCode::all();
    assert_eq!(all.first().map(ErrorCode::code), Some("CCE.01400001"));
    assert_eq!(all.last().map(ErrorCode::code), Some("CCE.03500001"));
    assert_eq!(
        all.last().map(ErrorCode::status),
        Some(http::StatusCode::INTERNAL_SERVER_ERROR)
    );
}

#[test]
fn status_digits_of_each_code_equal_its_status() {
    for row in ErrorCode::all() {
        let digits = &row.code()[6..9];
        assert_eq!(
            digits,
            row.status().as_str(),
            "{}: status digits disagree with status {}",
            row.code(),
            row.status()
        );
    }
}

#[test]
fn every_code_is_cce_dot_eight_digits() {
    for row in ErrorCode::all() {
        let code = row.code();
        let digits = code.strip_prefix("CCE.");
        assert!(
            digits.is_some_and(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit())),
            "{code:?} is not `CCE.` and 8 digits"
        );
    }
}

#[test]
fn codes_are_unique() {
    let mut codes: Vec<&str> = ErrorCode::all().iter().map(ErrorCode::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 43);
}

#[test]
fn lookup_finds_every_code_as_the_same_row() {
    for row in ErrorCode::all() {
        let found = ErrorCode::lookup(row.code())
            .unwrap_or_else(|| panic!("lookup({:?}) found nothing", row.code()));
        assert!(
            std::ptr::eq(found, row),
            "lookup({:?}) returned a row other than the element of all()",
            row.code()
        );
    }
}

#[test]
fn lookup_matches_exactly() {
    for input in [
        "CCE.01400031",
        "CCE.99999999",
        "cce.01400001",
        " CCE.01400001",
        "CCE.01400001 ",
        "CCE.01400001\n",
        "",
        "CCE.0140000",
        "CCE.014000011",
        "CCE.",
        "CCE_CM.0004",
    ] {
        assert_eq!(ErrorCode::lookup(input), None, "lookup({input:?})");
    }
}

#[test]
fn a_row_converts_to_its_body() {
    let row = ErrorCode::lookup("CCE.01404001").unwrap();
    let body = cce_errors::ErrorBody::from(row);
    assert_eq!(body.code, "CCE.01404001");
    assert_eq!(body.message, "Resource not found.");
    assert_eq!(body.detail, None);
}
