use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables/services.csv")]
enum ServiceError {
    // Not in that table: suggested from it, and no CCE shape is asked for.
    #[cce(code = "SVC.0419")]
    Conflict,
    // A CCE code is not in a team's table either.
    #[cce(code = "CCE.01404001")]
    NotFound,
    // The status still comes from the table.
    #[cce(code = "SVC.0429", status = 503)]
    Busy,
}

// `table` belongs to the type.
#[derive(Debug, CceError)]
enum Misplaced {
    #[cce(table = "../../../../ui-tests/tables/services.csv", code = "SVC.0404")]
    NotFound,
}

fn main() {}
