use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.0140001")]
    TooShort,
    #[cce(code = "cce.01404001")]
    Lowercase,
    #[cce(code = "CCE01400001")]
    NoDot,
    #[cce(code = "")]
    Empty,
}

fn main() {}
