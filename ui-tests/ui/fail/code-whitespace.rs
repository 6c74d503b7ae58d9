// A code with spaces or a line break around it is malformed; the trimmed
// code is suggested.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = " CCE.01404001")]
    Leading,
    #[cce(code = "CCE.01409001 ")]
    Trailing,
    #[cce(code = "CCE.01400001
")]
    Newline,
    #[cce(code = "CCE. 01500001")]
    Inside,
}

fn main() {}
