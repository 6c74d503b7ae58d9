// Keys are separated by one comma: not two, not none.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001",, status = 404)]
    TwoCommas,
    #[cce(code = "CCE.01404001" status = 404)]
    NoComma,
}

fn main() {}
