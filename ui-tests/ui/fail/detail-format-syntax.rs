// `detail(...)` starts with its format string, a literal.
use cce_errors::CceError;

const MSG: &str = "nope";

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail())]
    Empty,
    #[cce(code = "CCE.01400001", detail(MSG))]
    Constant,
    #[cce(code = "CCE.01400001", detail("a" "b"))]
    NoComma,
    #[cce(code = "CCE.01400001", detail = "{MSG} in {self:?}")]
    NamesNoField,
}

fn main() {}
