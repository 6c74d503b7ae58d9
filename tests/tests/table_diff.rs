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

// Any text: the reader the derive and the command share never panics, and
// `lint` finds a mistake exactly when `parse` fails.

mod never_panics {
    use cce_errors_table::{Format, diff, lint, parse};
    use proptest::prelude::*;

    fn grid_line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("+-------------+------------+---------------+-----------+".to_owned()),
            Just("| Status Code | Error Code | Error Message | Retryable |".to_owned()),
            Just("+=============+============+===============+===========+".to_owned()),
            Just("| 404         | A.1        | No.           |           |".to_owned()),
            Just("| 429         | A.2        | Slow.         | yes       |".to_owned()),
            Just("| 200         | A.3        | Fine.         | perhaps   |".to_owned()),
            Just("|             |            | wrapped       |           |".to_owned()),
            Just("| 404         | A.1        | Gone. |".to_owned()),
            Just("+---+".to_owned()),
            "\\PC{0,30}",
        ]
    }

    fn csv_line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Status Code,Error Code,Error Message,Retryable".to_owned()),
            Just("404,A.1,No.,".to_owned()),
            Just("429,A.2,\"Slow, \"\"really\"\"\",yes".to_owned()),
            Just("410,A.1,Gone.,no".to_owned()),
            Just("abc,A.4,m,".to_owned()),
            Just("400,\"open".to_owned()),
            Just("400,A\"5,m".to_owned()),
            "\\PC{0,30}",
        ]
    }

    proptest! {
        #[test]
        fn reading_any_text_never_panics(
            grid in prop::collection::vec(grid_line(), 0..10),
            csv in prop::collection::vec(csv_line(), 0..8),
        ) {
            for (text, format) in [(grid.join("\n"), Format::Grid), (csv.join("\n"), Format::Csv)] {
                let parsed = parse(&text, format);
                let mistakes = lint(&text, format);
                prop_assert_eq!(parsed.is_ok(), mistakes.is_empty(), "{}", text);
                if let Err(first) = parsed {
                    prop_assert_eq!(&mistakes[0], &first);
                } else if let Ok(table) = parsed {
                    prop_assert!(diff(&table, &table).is_empty());
                }
            }
        }
    }
}
