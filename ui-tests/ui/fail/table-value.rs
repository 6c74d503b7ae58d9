// `table` takes the path of a table file as a string: not an integer, not
// missing.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(table = 5)]
enum Integer {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(table)]
enum NoValue {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {}
