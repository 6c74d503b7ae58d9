use cce_errors::CceError;

const NOT_FOUND: &str = "CCE.01404001";

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = 1404001)]
    Number,
    #[cce(code = NOT_FOUND)]
    Constant,
    #[cce(code = concat!("CCE.", "01404001"))]
    Macro,
    #[cce(code)]
    NoValue,
}

fn main() {}
