// `detail` takes a string literal: an integer, a missing value, a constant.
use cce_errors::CceError;

const TEXT: &str = "cluster is busy";

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail = 5)]
    Number,
    #[cce(code = "CCE.01400001", detail)]
    NoValue,
    #[cce(code = "CCE.01400001", detail = TEXT)]
    Constant,
}

fn main() {}
