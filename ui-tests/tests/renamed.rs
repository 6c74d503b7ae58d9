//! A dependency renamed in Cargo.toml (`errs = { package = "cce-errors", .. }`)
//! without `#[cce(crate = "errs")]`: the derive says to add the attribute.
//! Trybuild builds every case against this crate's Cargo.toml, which names
//! cce-errors under its own name, so this case is a crate of its own
//! (`renamed/lib.rs`), built here with cargo (offline, beside trybuild's
//! builds) and compared with `renamed/expected.stderr`; `TRYBUILD=overwrite`
//! rewrites the snapshot, as for the other cases.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir(workspace: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from)
}

#[test]
fn renamed_dependency_without_crate_attribute() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = here.parent().expect("ui-tests is in the workspace");
    let target = target_dir(workspace);
    let fixture = target.join("tests").join("renamed-dependency");
    fs::create_dir_all(fixture.join("src")).unwrap();
    let runtime = workspace.join("cce-errors");
    fs::write(
        fixture.join("Cargo.toml"),
        format!(
            "[package]\nname = \"renamed-dependency\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [lib]\npath = \"src/lib.rs\"\n\n\
             [dependencies]\nerrs = {{ package = \"cce-errors\", path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(here.join("renamed/lib.rs"), fixture.join("src/lib.rs")).unwrap();
    // The workspace's versions, so that the build is offline and shares
    // trybuild's compiled dependencies.
    fs::copy(workspace.join("Cargo.lock"), fixture.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--manifest-path"])
        .arg(fixture.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target.join("tests").join("trybuild"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
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
