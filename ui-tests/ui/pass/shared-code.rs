// Several internal cases may map to one documented code.
use cce_errors::{CceError, ErrorBody};

#[derive(Debug, PartialEq, CceError)]
enum RequestError {
    #[cce(code = "CCE.01400001", detail = "missing field name")]
    MissingName,
    #[cce(code = "CCE.01400001", detail = "bad flavor")]
    BadFlavor,
}

fn main() {
    assert_eq!(RequestError::MissingName.code(), RequestError::BadFlavor.code());
    let body = ErrorBody::new("CCE.01400001", "Invalid request.");
    assert_eq!(RequestError::from_body(&body), Some(RequestError::MissingName));
}
