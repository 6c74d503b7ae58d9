// `table` names a file: an empty path or a directory is an error at the path.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = "")]
enum Empty {
    #[cce(code = "SVC.0404")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(table = "../../../../ui-tests/tables")]
enum Directory {
    #[cce(code = "SVC.0404")]
    NotFound,
}

fn main() {}
