// The `.field` / `.0` shorthand names a field of the variant.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail("{}", .nmae))]
    Named { name: String },
    #[cce(code = "CCE.01400001", detail("{}", .0))]
    IndexOfNamed { name: String },
    #[cce(code = "CCE.01400001", detail("{}", .name))]
    NameOfTuple(String),
    #[cce(code = "CCE.01400001", detail("{}", .2))]
    OutOfRange(String, u32),
    #[cce(code = "CCE.01400001", detail("{}", .x))]
    Unit,
}

fn main() {}
