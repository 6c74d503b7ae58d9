//! Every one of the 43 codes: declared as a variant, sent as a body over
//! JSON, received and decoded back into the same variant.

use std::collections::BTreeSet;

use cce_errors::{CceError, ErrorBody, ErrorCode};
use cce_errors_tests::EveryCode;

/// Every variant with the code it declares.
const EVERY: [(EveryCode, &str); 43] = [
    (EveryCode::E01400001, "CCE.01400001"),
    (EveryCode::E01400002, "CCE.01400002"),
    (EveryCode::E01400003, "CCE.01400003"),
    (EveryCode::E01400004, "CCE.01400004"),
    (EveryCode::E01400005, "CCE.01400005"),
    (EveryCode::E01400006, "CCE.01400006"),
    (EveryCode::E01400007, "CCE.01400007"),
    (EveryCode::E01400008, "CCE.01400008"),
    (EveryCode::E01400009, "CCE.01400009"),
    (EveryCode::E01400010, "CCE.01400010"),
    (EveryCode::E01400011, "CCE.01400011"),
    (EveryCode::E01400012, "CCE.01400012"),
    (EveryCode::E01400013, "CCE.01400013"),
    (EveryCode::E01400014, "CCE.01400014"),
    (EveryCode::E01400015, "CCE.01400015"),
    (EveryCode::E01400016, "CCE.01400016"),
    (EveryCode::E01400017, "CCE.01400017"),
    (EveryCode::E01400018, "CCE.01400018"),
    (EveryCode::E01400019, "CCE.01400019"),
    (EveryCode::E01400020, "CCE.01400020"),
    (EveryCode::E01400021, "CCE.01400021"),
    (EveryCode::E01400022, "CCE.01400022"),
    (EveryCode::E02400001, "CCE.02400001"),
    (EveryCode::E03400001, "CCE.03400001"),
    (EveryCode::E03400002, "CCE.03400002"),
    (EveryCode::E01401001, "CCE.01401001"),
    (EveryCode::E02401001, "CCE.02401001"),
    (EveryCode::E03401001, "CCE.03401001"),
    (EveryCode::E01403001, "CCE.01403001"),
    (EveryCode::E02403001, "CCE.02403001"),
    (EveryCode::E03403001, "CCE.03403001"),
    (EveryCode::E01404001, "CCE.01404001"),
    (EveryCode::E02404001, "CCE.02404001"),
    (EveryCode::E03404001, "CCE.03404001"),
    (EveryCode::E01409001, "CCE.01409001"),
    (EveryCode::E01409002, "CCE.01409002"),
    (EveryCode::E02409001, "CCE.02409001"),
    (EveryCode::E03409001, "CCE.03409001"),
    (EveryCode::E01429002, "CCE.01429002"),
    (EveryCode::E02429001, "CCE.02429001"),
    (EveryCode::E01500001, "CCE.01500001"),
    (EveryCode::E02500001, "CCE.02500001"),
    (EveryCode::E03500001, "CCE.03500001"),
];

#[test]
fn the_enum_covers_exactly_the_table() {
    let declared: BTreeSet<&str> = EVERY.iter().map(|(_, code)| *code).collect();
    let table: BTreeSet<&str> = ErrorCode::all().iter().map(ErrorCode::code).collect();
    assert_eq!(declared, table);
    assert_eq!(EVERY.len(), ErrorCode::all().len());
    // Independently of `EVERY`: each row of the table decodes to a variant
    // with that code, and no two rows to the same variant.
    let mut decoded = BTreeSet::new();
    for row in ErrorCode::all() {
        let variant = EveryCode::from_body(&ErrorBody::from(row))
            .unwrap_or_else(|| panic!("no variant for {}", row.code()));
        assert_eq!(variant.code(), row.code());
        assert!(decoded.insert(format!("{variant:?}")), "{variant:?} twice");
    }
}

#[test]
fn each_variant_has_its_rows_code_status_and_message() {
    for (variant, code) in EVERY {
        let row = ErrorCode::lookup(code).unwrap();
        assert!(std::ptr::eq(variant.error_code(), row), "{variant:?}");
        assert_eq!(variant.code(), code);
        assert_eq!(variant.status(), row.status(), "{variant:?}");
        assert_eq!(variant.message(), row.message(), "{variant:?}");
        assert_eq!(variant.detail(), None, "{variant:?}");
    }
}

#[test]
fn every_code_survives_the_wire() {
    for (variant, code) in EVERY {
        let sent = variant.to_body();
        let bytes = serde_json::to_vec(&sent).unwrap();
        let received: ErrorBody<'_> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(received, sent, "{code}");
        assert_eq!(received.code, code);
        assert_eq!(EveryCode::from_body(&received), Some(variant), "{code}");
        // The error's own serialization is the same body.
        let direct_bytes = serde_json::to_vec(&variant).unwrap();
        let direct: ErrorBody<'_> = serde_json::from_slice(&direct_bytes).unwrap();
        assert_eq!(direct, sent, "{code}");
        let row = received.error_code().unwrap();
        assert_eq!(row.status(), variant.status());
        assert_eq!(received.message, row.message());
    }
}

#[test]
fn decoding_uses_the_code_not_the_message() {
    let body = ErrorBody::new("CCE.01404001", "Ressource introuvable.").with_detail("x");
    assert_eq!(EveryCode::from_body(&body), Some(EveryCode::E01404001));
}

#[test]
fn unknown_or_altered_codes_decode_to_none() {
    for code in [
        "CCE.01400031",
        "CCE_CM.0004",
        "cce.01404001",
        " CCE.01404001",
        "CCE.01404001 ",
        "CCE.0140400",
        "",
    ] {
        assert_eq!(
            EveryCode::from_body(&ErrorBody::new(code, "Resource not found.")),
            None,
            "{code:?}"
        );
    }
}

#[derive(Debug, PartialEq, CceError)]
enum Few {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(code = "CCE.01400001", detail = "name")]
    BadName,
    #[cce(code = "CCE.01400001", detail = "size")]
    BadSize,
    #[cce(code = "CCE.01409001")]
    Exists(u32),
}

#[test]
fn a_code_the_enum_does_not_have_decodes_to_none() {
    assert_eq!(Few::from_body(&EveryCode::E01500001.to_body()), None);
    // A code only a variant with fields has cannot be decoded either.
    assert_eq!(Few::from_body(&Few::Exists(1).to_body()), None);
}

#[test]
fn the_first_declared_variant_wins_a_shared_code() {
    assert_eq!(Few::from_body(&Few::BadSize.to_body()), Some(Few::BadName));
    assert_eq!(
        Few::from_body(&Few::NotFound.to_body()),
        Some(Few::NotFound)
    );
}

#[derive(Debug, PartialEq, CceError)]
enum Wrapping {
    #[cce(code = "CCE.01404001")]
    Own,
    #[cce(transparent)]
    Every(EveryCode),
}

#[test]
fn transparent_from_body_goes_to_the_inner_type() {
    // Declared first, `Own` answers for its code.
    assert_eq!(
        Wrapping::from_body(&EveryCode::E01404001.to_body()),
        Some(Wrapping::Own)
    );
    for (variant, code) in EVERY {
        if code == "CCE.01404001" {
            continue;
        }
        let bytes = serde_json::to_vec(&variant).unwrap();
        let body: ErrorBody<'_> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(Wrapping::from_body(&body), Some(Wrapping::Every(variant)));
    }
}
