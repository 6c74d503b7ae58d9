// A team's own table: codes of any shape, rows from the file.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables/services.csv")]
enum ServiceError {
    #[cce(code = "SVC.0404", detail = "no resource {0}")]
    NotFound(String),
    #[cce(code = "SVC.0429")]
    Busy {
        #[cce(retry_after)]
        seconds: u32,
    },
}

fn main() {
    let error = ServiceError::NotFound("r-1".into());
    assert_eq!(error.code(), "SVC.0404");
    assert_eq!(error.status(), 404);
    assert_eq!(error.message(), "No such resource.");
    assert_eq!(ServiceError::Busy { seconds: 3 }.status(), 429);
    assert_eq!(ServiceError::error_codes().len(), 2);
}
