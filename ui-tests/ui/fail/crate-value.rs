// `crate` takes the crate's path as a string: not missing, not an integer,
// not empty.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(crate)]
enum NoValue {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(crate = 5)]
enum Integer {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(crate = "")]
enum Empty {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {}
