// `skip(...)` names `Display`, `Error` or `From`, on the type, and not
// beside `thiserror`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(skip(Serialize, display))]
enum Unknown {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(skip = "Display")]
enum WithValue {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(skip())]
enum Empty {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(skip(Display, Error, Display))]
enum Twice {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, thiserror::Error, CceError)]
#[cce(thiserror, skip(From))]
enum Both {
    #[error("not found")]
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
enum OnVariant {
    #[cce(code = "CCE.01404001", skip(Display))]
    NotFound,
}

fn main() {}
