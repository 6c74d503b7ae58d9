//! The differences between two versions of a table, on the shipped CCE
//! page and a second version of it with realistic edits
//! (`tests/tables/cce_02_0250.v2.rst`): a row added, a row removed, a
//! status changed, a message fixed, and a wrapped cell reworded.

use cce_errors_table::{Change, ChangeKind, Format, Table, diff, parse};

const V1: &str = include_str!("../../cce-errors-derive/tables/cce_02_0250.rst");
const V2: &str = include_str!("../tables/cce_02_0250.v2.rst");

fn pages() -> (Table, Table) {
    (
        parse(V1, Format::Grid).unwrap(),
        parse(V2, Format::Grid).unwrap(),
    )
}

/// kind, code, old line, new line, and the change as worded.
fn described(change: &Change<'_>) -> (ChangeKind, String, Option<usize>, Option<usize>, String) {
    (
        change.kind,
        change.code().to_owned(),
        change.old.map(|r| r.line),
        change.new.map(|r| r.line),
        change.to_string(),
    )
}

#[test]
fn the_second_version_of_the_cce_page_differs_by_its_edits() {
    let (v1, v2) = pages();
    assert_eq!(v1.rows.len(), 43);
    assert_eq!(v2.rows.len(), 43);
    let changes: Vec<_> = diff(&v1, &v2).iter().map(described).collect();
    let expected = [
        (
            ChangeKind::Status,
            "CCE.01400006",
            Some(40),
            Some(40),
            "CCE.01400006 status changed from 400 to 415",
        ),
        (
            ChangeKind::Message,
            "CCE.01400008",
            Some(44),
            Some(44),
            r#"CCE.01400008 message changed from "Insufficient server quota" to "Insufficient server quota.""#,
        ),
        (
            ChangeKind::Removed,
            "CCE.03409001",
            Some(104),
            None,
            r#"CCE.03409001 removed: it was 409 "Addon instance has installed.""#,
        ),
        (
            ChangeKind::Description,
            "CCE.01429002",
            Some(106),
            Some(106),
            r#"CCE.01429002 description changed from "The resource is locked by another request." to "The resource is locked by another request, such as a cluster that is still being created.""#,
        ),
        (
            ChangeKind::Troubleshooting,
            "CCE.01429002",
            Some(106),
            Some(106),
            r#"CCE.01429002 troubleshooting changed from "Rectify the fault based on the returned message or contact technical support." to "Wait until the request holding the lock completes, then retry after the number of seconds in the Retry-After header.""#,
        ),
        (
            ChangeKind::Added,
            "CCE.01400023",
            None,
            Some(74),
            r#"CCE.01400023 added: 400 "Insufficient ENI quota.""#,
        ),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(kind, code, old, new, text)| (kind, code.to_owned(), old, new, text.to_owned()))
        .collect();
    assert_eq!(changes, expected);
}

#[test]
fn only_a_removed_code_and_a_changed_status_are_breaking() {
    let (v1, v2) = pages();
    let breaking: Vec<(ChangeKind, &str)> = diff(&v1, &v2)
        .iter()
        .filter(|c| c.is_breaking())
        .map(|c| (c.kind, c.code()))
        .collect();
    assert_eq!(
        breaking,
        [
            (ChangeKind::Status, "CCE.01400006"),
            (ChangeKind::Removed, "CCE.03409001")
        ]
    );
    // Backwards, the removed row is an addition and the added one a removal.
    let back: Vec<(ChangeKind, &str)> = diff(&v2, &v1)
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Added | ChangeKind::Removed))
        .map(|c| (c.kind, c.code()))
        .collect();
    assert_eq!(
        back,
        [
            (ChangeKind::Removed, "CCE.01400023"),
            (ChangeKind::Added, "CCE.03409001")
        ]
    );
}

#[test]
fn a_page_and_its_csv_twin_have_no_differences() {
    let page = parse(include_str!("../tables/vpc_error_codes.rst"), Format::Grid).unwrap();
    let csv = parse(include_str!("../tables/vpc_error_codes.csv"), Format::Csv).unwrap();
    assert!(diff(&page, &csv).is_empty());
    // A retryable flag flipped is a change, and not a breaking one.
    let dcs = parse(include_str!("../tables/dcs_error_codes.csv"), Format::Csv).unwrap();
    let flipped = include_str!("../tables/dcs_error_codes.csv").replace(",Yes\n", ",no\n");
    let flipped = parse(&flipped, Format::Csv).unwrap();
    let changes = diff(&dcs, &flipped);
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].to_string(),
        "DCS.4029 retryable changed from yes to no"
    );
    assert!(!changes[0].is_breaking());
}
