// `table`, `crate` and `thiserror` given twice on a type.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables/services.csv")]
#[cce(table = "../../../../ui-tests/tables/services.csv")]
enum ServiceError {
    #[cce(code = "SVC.0404")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(crate = "::cce_errors", crate = "::cce_errors")]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror, thiserror)]
enum AddonError {
    #[error("add-on installed")]
    #[cce(code = "CCE.03409001")]
    Installed,
}

fn main() {}
