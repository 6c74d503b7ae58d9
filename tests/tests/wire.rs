//! The bodies the derive computes while compiling (whole bodies of fixed
//! details, the start of the others) are the bytes the runtime's wire
//! format gives for the same error: same keys, same order, same escaping.
//! Checked for every row of the CCE table, a team's table, and details
//! with everything JSON escapes.

use std::borrow::Cow;

use cce_errors::response::{body_bytes, body_of};
use cce_errors::{CceError, ErrorCode};

/// A fixed detail with every kind of character JSON escapes or must not.
const FIXED: &str = "fixed \"quoted\" back\\slash tab\t line\n cr\r ff\u{c} bs\u{8} nul\u{0} esc\u{1b} us\u{1f} del\u{7f} é 日本 🦀 ls\u{2028} {braces}";

macro_rules! every_row {
    ($($name:ident = $code:literal),* $(,)?) => {
        const CODES: &[&str] = &[$($code),*];

        #[derive(Debug, CceError)]
        enum Bare {
            $(#[cce(code = $code)] $name,)*
        }

        #[derive(Debug, CceError)]
        enum Fixed {
            $(#[cce(code = $code, detail = "fixed \"quoted\" back\\slash tab\t line\n cr\r ff\u{c} bs\u{8} nul\u{0} esc\u{1b} us\u{1f} del\u{7f} é 日本 🦀 ls\u{2028} {{braces}}")] $name,)*
        }

        #[derive(Debug, CceError)]
        enum Formatted {
            $(#[cce(code = $code, detail = "value {0}")] $name(String),)*
        }

        fn bare() -> Vec<Bare> {
            vec![$(Bare::$name),*]
        }

        fn fixed() -> Vec<Fixed> {
            vec![$(Fixed::$name),*]
        }

        fn formatted(value: &str) -> Vec<Formatted> {
            vec![$(Formatted::$name(value.to_owned())),*]
        }
    };
}

every_row! {
    E01400001 = "CCE.01400001", E01400002 = "CCE.01400002", E01400003 = "CCE.01400003",
    E01400004 = "CCE.01400004", E01400005 = "CCE.01400005", E01400006 = "CCE.01400006",
    E01400007 = "CCE.01400007", E01400008 = "CCE.01400008", E01400009 = "CCE.01400009",
    E01400010 = "CCE.01400010", E01400011 = "CCE.01400011", E01400012 = "CCE.01400012",
    E01400013 = "CCE.01400013", E01400014 = "CCE.01400014", E01400015 = "CCE.01400015",
    E01400016 = "CCE.01400016", E01400017 = "CCE.01400017", E01400018 = "CCE.01400018",
    E01400019 = "CCE.01400019", E01400020 = "CCE.01400020", E01400021 = "CCE.01400021",
    E01400022 = "CCE.01400022", E02400001 = "CCE.02400001", E03400001 = "CCE.03400001",
    E03400002 = "CCE.03400002", E01401001 = "CCE.01401001", E02401001 = "CCE.02401001",
    E03401001 = "CCE.03401001", E01403001 = "CCE.01403001", E02403001 = "CCE.02403001",
    E03403001 = "CCE.03403001", E01404001 = "CCE.01404001", E02404001 = "CCE.02404001",
    E03404001 = "CCE.03404001", E01409001 = "CCE.01409001", E01409002 = "CCE.01409002",
    E02409001 = "CCE.02409001", E03409001 = "CCE.03409001", E01429002 = "CCE.01429002",
    E02429001 = "CCE.02429001", E01500001 = "CCE.01500001", E02500001 = "CCE.02500001",
    E03500001 = "CCE.03500001",
}

/// A team's table, with a code of another shape.
#[derive(Debug, CceError)]
#[cce(table = "tables/apigw_error_codes.csv")]
enum Gateway {
    #[cce(code = "APIGW.0101")]
    NoSuchApi,
    #[cce(code = "APIGW.0106", detail = "backend said \"no\"\n")]
    Orchestration,
    #[cce(code = "APIGW.0201", detail = "{0} bytes")]
    TooLarge(u64),
    #[cce(code = "APIGW.0301")]
    Unauthenticated,
    #[cce(code = "APIGW.0308", detail = "{name:?} is throttled")]
    Throttled { name: String },
    #[cce(code = "SVCSTG.CCE-ADDONMGR.4000001", detail("{} and {n}", .0, n = .1 * 2))]
    AddonParameters(&'static str, u32),
}

/// The body the runtime's wire format gives for `error`: `ErrorBody`
/// serialized by `serde_json`, both ways the runtime offers.
#[track_caller]
fn serialized<E: CceError>(error: &E) -> Vec<u8> {
    let bytes = serde_json::to_vec(&error.to_body()).unwrap();
    assert_eq!(body_bytes(&error.to_body()), bytes);
    bytes
}

/// `body_of` sends the precomputed body: borrowed, and the serialized bytes.
#[track_caller]
fn assert_precomputed_whole<E: CceError + serde::Serialize>(error: &E) {
    let body = body_of(error);
    assert!(
        matches!(body, Cow::Borrowed(_)),
        "{error:?}: a fixed body is computed while compiling"
    );
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&serialized(error)),
        "{error:?}"
    );
    // `Serialize` of the error itself writes the same bytes.
    assert_eq!(
        serde_json::to_vec(error).unwrap(),
        body.as_ref(),
        "{error:?}"
    );
}

/// `body_of` writes the precomputed start and the detail.
#[track_caller]
fn assert_precomputed_prefix<E: CceError + serde::Serialize>(error: &E) {
    let body = body_of(error);
    assert!(matches!(body, Cow::Owned(_)), "{error:?}");
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&serialized(error)),
        "{error:?}"
    );
    assert_eq!(
        serde_json::to_vec(error).unwrap(),
        body.as_ref(),
        "{error:?}"
    );
}

#[test]
fn the_variants_cover_every_row_of_the_table_in_order() {
    let all: Vec<&str> = ErrorCode::all().iter().map(ErrorCode::code).collect();
    assert_eq!(all.len(), 43);
    assert_eq!(CODES, all);
    let codes: Vec<&str> = bare().iter().map(CceError::code).collect();
    assert_eq!(codes, all);
}

#[test]
fn bodies_without_detail_are_the_serialized_ones_for_every_row() {
    for error in bare() {
        assert_precomputed_whole(&error);
        assert_eq!(error.detail(), None);
    }
}

#[test]
fn bodies_with_a_fixed_detail_are_the_serialized_ones_for_every_row() {
    for error in fixed() {
        assert_precomputed_whole(&error);
        assert_eq!(error.detail().as_deref(), Some(FIXED));
        let parsed: serde_json::Value = serde_json::from_slice(&body_of(&error)).unwrap();
        assert_eq!(parsed["message"], FIXED);
    }
}

#[test]
fn body_starts_before_a_formatted_detail_are_the_serialized_ones_for_every_row() {
    for value in ["plain", FIXED, "", "\\\"", "\u{0}\u{1f}\u{7f}\u{2028}"] {
        for error in formatted(value) {
            assert_precomputed_prefix(&error);
            let parsed: serde_json::Value = serde_json::from_slice(&body_of(&error)).unwrap();
            assert_eq!(parsed["message"], format!("value {value}"));
            assert_eq!(parsed["errorCode"], error.code());
            assert_eq!(parsed["errorMessage"], error.message());
        }
    }
}

#[test]
fn a_teams_table_has_the_same_wire_format() {
    assert_precomputed_whole(&Gateway::NoSuchApi);
    assert_precomputed_whole(&Gateway::Unauthenticated);
    assert_precomputed_whole(&Gateway::Orchestration);
    assert_eq!(
        Gateway::Orchestration.detail().as_deref(),
        Some("backend said \"no\"\n")
    );
    assert_precomputed_prefix(&Gateway::TooLarge(13_000_000));
    assert_precomputed_prefix(&Gateway::Throttled {
        name: "api \"v1\"\t\u{1}".into(),
    });
    let error = Gateway::AddonParameters("a\\b", 21);
    assert_precomputed_prefix(&error);
    assert_eq!(error.detail().as_deref(), Some("a\\b and 42"));
    let parsed: serde_json::Value = serde_json::from_slice(&body_of(&error)).unwrap();
    assert_eq!(parsed["errorCode"], "SVCSTG.CCE-ADDONMGR.4000001");
    assert_eq!(parsed["message"], "a\\b and 42");
}
