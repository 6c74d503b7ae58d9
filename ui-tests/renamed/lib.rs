// Cargo.toml renames the dependency (`errs = { package = "cce-errors", .. }`):
// a type without `#[cce(crate = "errs")]` is told to add it; one with it
// builds.
#![allow(dead_code)]

#[derive(Debug, errs::CceError)]
enum Missing {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, errs::CceError)]
#[cce(crate = "errs")]
enum Given {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

// `table!` names the crate as the user's crate does (`$crate`), renamed or not.
const DOCUMENTED: &[errs::ErrorCode] = errs::table!("../../../ui-tests/tables/services.csv");
