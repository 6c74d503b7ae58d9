//! Crates on an edition before the derive's own (2024) with a variant named
//! `gen`, a keyword from 2024 on. The derive writes parts of its expansion
//! as text that the compiler lexes in the derive crate's edition, so a name
//! the user's edition allows must still come out as that name. Trybuild
//! builds every case in this crate's edition, so each edition is a crate of
//! its own (see `fixture`), tested with `cargo test`. (`async`, `await`, `dyn` and `try`,
//! keywords from 2018 on, cannot name a variant of a 2015 crate that any
//! syn-based derive reads: syn's parser rejects them as identifiers.)

mod fixture;

use std::fmt::Write as _;

/// A fixture's `lib.rs`: one unit variant per name, each with its own code,
/// and a test that each variant has its code, decodes from it and is named
/// in `variant_docs`.
fn fixture_source(names: &[&str]) -> String {
    const CODES: [&str; 5] = [
        "CCE.01404001",
        "CCE.01400002",
        "CCE.01400003",
        "CCE.01400004",
        "CCE.01400005",
    ];
    let mut variants = String::new();
    let mut cases = String::new();
    let mut documented = String::new();
    for (name, code) in names.iter().zip(CODES) {
        // Writing to a `String` cannot fail.
        let _ = writeln!(variants, "    #[cce(code = \"{code}\")]\n    {name},");
        let _ = writeln!(cases, "        (Words::{name}, \"{code}\"),");
        let bare = name.strip_prefix("r#").unwrap_or(name);
        let _ = write!(documented, "\"Words::{bare}\", ");
    }
    format!(
        "#![allow(non_camel_case_types)]\n\
         extern crate cce_errors;\n\n\
         use cce_errors::CceError;\n\n\
         #[derive(Debug, CceError)]\n\
         pub enum Words {{\n{variants}}}\n\n\
         #[test]\n\
         fn each_variant_has_its_code_decodes_and_is_documented() {{\n\
         \x20   let cases = [\n{cases}    ];\n\
         \x20   for (error, code) in &cases {{\n\
         \x20       assert_eq!(error.code(), *code);\n\
         \x20       let decoded = Words::from_body(&cce_errors::ErrorBody::new(*code, \"m\")).expect(code);\n\
         \x20       assert_eq!(format!(\"{{:?}}\", decoded), format!(\"{{:?}}\", error));\n\
         \x20   }}\n\
         \x20   let names: Vec<&str> = Words::variant_docs().iter().map(|d| d.name).collect();\n\
         \x20   assert_eq!(names, [{documented}]);\n\
         }}\n"
    )
}

#[test]
fn variant_names_that_are_keywords_only_in_later_editions() {
    for (edition, names) in [
        ("2021", &["gen", "r#try", "Generated"][..]),
        ("2018", &["gen", "Generated"][..]),
        ("2015", &["gen", "Generated"][..]),
    ] {
        let name = format!("edition-{edition}");
        let dir = fixture::write(&name, edition, "cce-errors", &fixture_source(names));
        let output = fixture::cargo("test", &dir);
        assert!(
            output.status.success(),
            "edition {edition}, variants {names:?}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // The fixture's own test ran (and passed).
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("1 passed"),
            "edition {edition}: the fixture's test did not run:\n{stdout}"
        );
    }
}
