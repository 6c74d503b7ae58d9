//! A dependency renamed in Cargo.toml (`errs = { package = "cce-errors", .. }`)
//! without `#[cce(crate = "errs")]`: the derive says to add the attribute.
//! Trybuild builds every case against this crate's Cargo.toml, which names
//! cce-errors under its own name, so this case is a crate of its own
//! (`renamed/lib.rs`, see `fixture`), built here with cargo and compared
//! with `renamed/expected.stderr`; `TRYBUILD=overwrite`
//! rewrites the snapshot, as for the other cases.

mod fixture;

use std::fs;
use std::path::Path;

#[test]
fn renamed_dependency_without_crate_attribute() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = fs::read_to_string(here.join("renamed/lib.rs")).unwrap();
    let fixture = fixture::write("renamed-dependency", "2024", "errs", &lib);
    let output = fixture::cargo("check", &fixture);
    assert!(!output.status.success(), "the fixture built");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = normalized(&stderr, &fixture);

    let snapshot = here.join("renamed/expected.stderr");
    if std::env::var_os("TRYBUILD").is_some_and(|v| v == "overwrite") {
        fs::write(&snapshot, &shown).unwrap();
    }
    let expected = fs::read_to_string(&snapshot).unwrap_or_default();
    assert_eq!(shown, expected, "cargo's stderr:\n{stderr}");
}

/// The errors, with the fixture's path as `$DIR` and without cargo's own
/// summary lines.
fn normalized(stderr: &str, fixture: &Path) -> String {
    let dir = fixture.display().to_string();
    let mut out = String::new();
    let mut started = false;
    for line in stderr.lines() {
        if line.starts_with("error: could not compile") {
            break;
        }
        started |= line.starts_with("error");
        if started {
            out.push_str(&line.replace(&dir, "$DIR"));
            out.push('\n');
        }
    }
    out.trim_end().to_owned() + "\n"
}
