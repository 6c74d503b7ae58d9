use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables/two-statuses.rst")]
enum ServiceError {
    #[cce(code = "SVC.0404")]
    NotFound,
}

fn main() {}
