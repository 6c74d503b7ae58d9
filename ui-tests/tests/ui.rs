//! Compile-error snapshots of `#[derive(CceError)]`, and shapes that must
//! compile. Regenerate the snapshots with `TRYBUILD=overwrite` and read
//! every diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
