use cce_errors::CceError;

// The `Retryable` column takes `yes`, `no`, `true`, `false` or nothing.
#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables/bad-retryable.csv")]
enum ServiceError {
    #[cce(code = "SVC.0404")]
    NotFound,
}

fn main() {}
