use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = "docs/error-codes.rst")]
enum ServiceError {
    #[cce(code = "SVC.0404")]
    NotFound,
}

fn main() {}
