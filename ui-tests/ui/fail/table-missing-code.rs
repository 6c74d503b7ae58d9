use cce_errors::CceError;

// A variant without a code, under a team's table: the suggestion is a code
// of that table, not a CCE one.
#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables/services.csv")]
enum ServiceError {
    #[cce(code = "SVC.0404")]
    NotFound,
    Conflict,
}

fn main() {}
